/**
 * Pairing: a one-time code shown at the Mac makes the first private chat that sends it the owner.
 *
 * The code is 8 characters from a 30-letter alphabet without look-alikes (≈39 bits), valid for
 * 10 minutes, single use, and burned after 5 wrong guesses in total (from anyone), so guessing it
 * is hopeless; a new one must then be issued at the Mac. Replies to wrong guesses are the caller's
 * choice (the bridge gives none).
 */
import type { RandomSource } from './ports';

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const LENGTH = 8;

/** Pairing tunables. */
export interface PairingOptions {
  readonly ttlMs: number;
  readonly maxWrongGuesses: number;
}

export const DEFAULT_PAIRING_OPTIONS: PairingOptions = { ttlMs: 10 * 60_000, maxWrongGuesses: 5 };

/** What a message did to pairing. */
export type PairingResult =
  | { readonly kind: 'paired' }
  | { readonly kind: 'not-a-code' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'wrong'; readonly left: number }
  | { readonly kind: 'burned' };

interface OpenCode {
  readonly code: string;
  readonly expiresAt: number;
  wrong: number;
}

/** Issues and checks pairing codes. */
export class Pairing {
  private open: OpenCode | null = null;

  constructor(
    private readonly random: RandomSource,
    private readonly options: PairingOptions = DEFAULT_PAIRING_OPTIONS,
  ) {}

  /** A fresh code (replacing any earlier one), formatted for reading aloud: `ABCD-EFGH`. */
  issue(now: number): string {
    const bytes = this.random.bytes(LENGTH * 2);
    let code = '';
    // Rejection sampling on 16-bit values keeps every letter equally likely.
    const limit = 65_536 - (65_536 % ALPHABET.length);
    for (let i = 0; code.length < LENGTH; i += 2) {
      if (i + 1 >= bytes.length) return this.issue(now);
      const value = ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
      if (value < limit) code += ALPHABET[value % ALPHABET.length];
    }
    this.open = { code, expiresAt: now + this.options.ttlMs, wrong: 0 };
    return `${code.slice(0, 4)}-${code.slice(4)}`;
  }

  /** Whether a code is waiting to be used. */
  isOpen(now: number): boolean {
    return this.open !== null && now < this.open.expiresAt;
  }

  /** Withdraws any open code. */
  close(): void {
    this.open = null;
  }

  /** Checks a message against the open code. A success closes pairing. */
  attempt(text: string, now: number): PairingResult {
    const candidate = normalize(text);
    if (candidate === null) return { kind: 'not-a-code' };
    const open = this.open;
    if (!open) return { kind: 'closed' };
    if (now >= open.expiresAt) {
      this.open = null;
      return { kind: 'expired' };
    }
    if (sameCode(candidate, open.code)) {
      this.open = null;
      return { kind: 'paired' };
    }
    open.wrong += 1;
    if (open.wrong >= this.options.maxWrongGuesses) {
      this.open = null;
      return { kind: 'burned' };
    }
    return { kind: 'wrong', left: this.options.maxWrongGuesses - open.wrong };
  }
}

/** `ABCD-EFGH`, `abcd efgh`, `/start ABCDEFGH`, `/pair abcd-efgh` → `ABCDEFGH`; anything else null. */
function normalize(text: string): string | null {
  const body = text.trim().replace(/^\/(?:start|pair)(?:@\w+)?\s+/i, '');
  const compact = body.replace(/[\s-]/g, '').replace(/[a-z]/g, (c) => c.toUpperCase());
  return /^[A-Z0-9]{8}$/.test(compact) ? compact : null;
}

/** Compares every character, so timing says nothing about how much of a guess was right. */
function sameCode(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i += 1) diff |= (a.charCodeAt(i) || 0) ^ b.charCodeAt(i);
  return diff === 0;
}
