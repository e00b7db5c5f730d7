import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { base32, groupedSeed, newTotpSeed, otpauthUri, qrModules } from './totp-enroll';

/** Decodes a module grid the way a phone's camera would read it (4 px per module, a quiet zone). */
function decode(modules: boolean[][]): string | null {
  const scale = 4;
  const quiet = 4;
  const side = (modules.length + 2 * quiet) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const at = (((y + quiet) * scale + dy) * side + (x + quiet) * scale + dx) * 4;
          pixels.fill(0, at, at + 3);
        }
    }),
  );
  return jsQR(pixels, side, side)?.data ?? null;
}

describe('TOTP enrolment in the popover', () => {
  it('base32 is RFC 4648 (its test vectors, without padding)', () => {
    const enc = (s: string) => base32(new TextEncoder().encode(s));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual([
      '',
      'MY',
      'MZXQ',
      'MZXW6',
      'MZXW6YQ',
      'MZXW6YTB',
      'MZXW6YTBOI',
    ]);
  });

  it('a seed is 160 random bits: 32 base32 characters, different every time', () => {
    const a = newTotpSeed();
    expect(a).toMatch(/^[A-Z2-7]{32}$/u);
    expect(newTotpSeed()).not.toBe(a);
    expect(newTotpSeed((b) => b.fill(0))).toBe('A'.repeat(32));
  });

  it('the QR code reads back as the otpauth URI, with the parameters the phone line checks', () => {
    const seed = newTotpSeed();
    const uri = otpauthUri(seed, 'phone');
    expect(decode(qrModules(uri))).toBe(uri);
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.host).toBe('totp');
    expect(decodeURIComponent(parsed.pathname)).toBe('/Tower:phone');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      secret: seed,
      issuer: 'Tower',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    expect(groupedSeed(seed).replace(/ /gu, '')).toBe(seed);
    expect(groupedSeed('ABCDEFGH')).toBe('ABCD EFGH');
  });
});
