/**
 * TOTP with otplib v13 (functional API): 6 digits, 30 s steps, ±1 step of clock drift, and
 * `afterTimeStep` so a code of an already-accepted step is refused (single use). otplib throws on
 * malformed codes (wrong length, non-digits) and short secrets: every throw is "not valid".
 */
import { generateSecret, generateURI, verify } from 'otplib';
import type { TotpVerifier } from '../../core/phone/ports';

/** Seconds of drift accepted either side (one 30 s step, RFC 6238 §5.2's recommendation). */
export const EPOCH_TOLERANCE_SECONDS = 30;

/**
 * Verifies codes against one secret. The secret lives only in the closure of `verify` (no property
 * holds it, so logging the object cannot leak it; not a `#private` field, which electronegativity
 * cannot parse).
 */
export class OtplibTotpVerifier implements TotpVerifier {
  readonly verify: TotpVerifier['verify'];

  constructor(secret: string) {
    const clean = secret.replace(/\s+/g, '').toUpperCase();
    if (!/^[A-Z2-7]+=*$/.test(clean)) throw new Error('the TOTP secret is not base32');
    // otplib refuses secrets under 16 bytes; say so at start, not on the first call.
    if (Math.floor((clean.replace(/=+$/, '').length * 5) / 8) < 16)
      throw new Error('the TOTP secret is shorter than 16 bytes; provision a new one');
    this.verify = (code, atMs, afterTimeStep) => verifyCode(clean, code, atMs, afterTimeStep);
  }
}

async function verifyCode(
  secret: string,
  code: string,
  atMs: number,
  afterTimeStep: number | null,
): Promise<{ readonly valid: true; readonly timeStep: number } | { readonly valid: false }> {
  if (!/^[0-9]{6}$/.test(code)) return { valid: false };
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(atMs / 1000),
      epochTolerance: EPOCH_TOLERANCE_SECONDS,
      ...(afterTimeStep === null ? {} : { afterTimeStep }),
    });
    if (!result.valid || !('timeStep' in result)) return { valid: false };
    return { valid: true, timeStep: result.timeStep };
  } catch {
    return { valid: false };
  }
}

/** A fresh secret (20 random bytes, base32) and its otpauth:// URI for an authenticator app. */
export function provisionTotp(label = 'phone'): { readonly secret: string; readonly uri: string } {
  const secret = generateSecret();
  return { secret, uri: generateURI({ issuer: 'Tower', label, secret }) };
}
