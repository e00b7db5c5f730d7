/**
 * X-Twilio-Signature checks with twilio's own `validateRequest` (HMAC-SHA1 over the full URL and
 * the sorted POST parameters, constant-time compare, with and without the default port).
 */
import twilio from 'twilio';
import type { SignatureCheck } from '../../core/phone/ports';

/**
 * Signature checks for one account's auth token. The token lives only in the closure of `valid`: no
 * property holds it, so logging or serializing the object cannot leak it. (Not a `#private` field:
 * electronegativity's AST walker stops at those and would skip the whole main bundle.)
 */
export class TwilioSignatureCheck implements SignatureCheck {
  readonly valid: SignatureCheck['valid'];

  constructor(authToken: string) {
    if (authToken.trim() === '') throw new Error('the Twilio auth token is empty');
    this.valid = (url, params, signature) => {
      try {
        return twilio.validateRequest(authToken, signature, url, params as Record<string, unknown>);
      } catch {
        // A URL `new URL()` cannot parse, or anything else odd: not a request Twilio signed.
        return false;
      }
    };
  }
}
