/**
 * Button nonces: 96 random bits as 16 base64url characters, so `x:` + nonce stays far below
 * Telegram's 64-byte callback_data limit and cannot be guessed or forged.
 */
import type { RandomSource } from './ports';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A fresh unguessable nonce. */
export function nonce(random: RandomSource): string {
  const bytes = random.bytes(12);
  let out = '';
  for (let i = 0; i < 12; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += `${B64URL[(n >> 18) & 63]}${B64URL[(n >> 12) & 63]}${B64URL[(n >> 6) & 63]}${B64URL[n & 63]}`;
  }
  return out;
}

/** Button data → action letter and nonce; null for anything not shaped exactly like ours. */
export function parseButtonData(data: string): { readonly action: string; readonly nonce: string } | null {
  const m = /^([a-z]):([A-Za-z0-9_-]{16})$/.exec(data);
  return m ? { action: m[1] ?? '', nonce: m[2] ?? '' } : null;
}
