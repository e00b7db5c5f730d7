/**
 * X-Twilio-Signature checks with twilio's own `validateRequest` (HMAC-SHA1 over the full URL and
 * the sorted POST parameters, constant-time compare, with and without the default port).
 */
import twilio from 'twilio';
import type { SignatureCheck } from '../../core/phone/ports';

/** Signature checks for one account's auth token (the token stays inside this object). */
export class TwilioSignatureCheck implements SignatureCheck {
  readonly #authToken: string;

  constructor(authToken: string) {
    if (authToken.trim() === '') throw new Error('the Twilio auth token is empty');
    this.#authToken = authToken;
  }

  valid(
    url: string,
    params: Readonly<Record<string, string | readonly string[]>>,
    signature: string,
  ): boolean {
    try {
      return twilio.validateRequest(this.#authToken, signature, url, params as Record<string, unknown>);
    } catch {
      // A URL `new URL()` cannot parse, or anything else odd: not a request Twilio signed.
      return false;
    }
  }
}
