/**
 * Enrolling the phone line's TOTP seed from the popover. The seed is made HERE, in the owner's own
 * page, with the platform's CSPRNG, shown once as a QR code and an otpauth:// URI, and sent to Tower
 * through setSecret — so, like every secret, it travels only into Tower and never comes back over a wire.
 * Parameters are RFC 6238's (SHA-1, 6 digits, 30 s) that the phone line's verifier checks.
 */
import qrcode from 'qrcode-generator';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** A fresh seed: 20 random bytes (160 bits, RFC 4226's recommendation), base32. */
export function newTotpSeed(
  fill: (bytes: Uint8Array) => void = (b) => void crypto.getRandomValues(b),
): string {
  const bytes = new Uint8Array(20);
  fill(bytes);
  return base32(bytes);
}

/** The otpauth:// URI authenticator apps read (Key Uri Format). */
export function otpauthUri(seed: string, account: string): string {
  const label = `Tower:${account}`;
  const query = new URLSearchParams({
    secret: seed,
    issuer: 'Tower',
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${encodeURIComponent(label)}?${query.toString()}`;
}

/** The QR code's modules (true = dark), error correction M, size chosen for the text. */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, row) => Array.from({ length: n }, (_, col) => qr.isDark(row, col)));
}

/** The seed in groups of four, easier to type into an app by hand. */
export function groupedSeed(seed: string): string {
  return seed.replace(/(.{4})(?=.)/gu, '$1 ');
}
