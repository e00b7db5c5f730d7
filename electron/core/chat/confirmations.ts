/**
 * Two-step confirmation for dangerous requests (close a session, engage LOCKDOWN): the request is
 * parked under a one-time nonce and runs only when the same user presses its button in time.
 */
import type { Intent } from '../intents/intent';
import { nonce } from './nonce';
import type { RandomSource } from './ports';

interface Parked {
  readonly intent: Intent;
  /** The session id the request was about when parked, so a reused number cannot redirect it. */
  readonly target: string | null;
  readonly userId: number;
  readonly expiresAt: number;
}

/** What pressing a confirmation button yields. */
export type Confirmation =
  | { readonly kind: 'confirmed'; readonly intent: Intent; readonly target: string | null }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'wrong-user' };

/** Parked dangerous requests by nonce. */
export class Confirmations {
  private readonly parked = new Map<string, Parked>();

  constructor(
    private readonly random: RandomSource,
    private readonly ttlMs = 120_000,
  ) {}

  /** Parks `intent` for `userId`; returns the nonce its buttons carry. */
  park(intent: Intent, target: string | null, userId: number, now: number): string {
    for (const [key, p] of this.parked) if (p.expiresAt <= now) this.parked.delete(key);
    const id = nonce(this.random);
    this.parked.set(id, { intent, target, userId, expiresAt: now + this.ttlMs });
    return id;
  }

  /** Takes the parked request (once). A press by another user leaves it parked. */
  take(id: string, userId: number, now: number): Confirmation {
    const parked = this.parked.get(id);
    if (!parked) return { kind: 'unknown' };
    if (parked.userId !== userId) return { kind: 'wrong-user' };
    this.parked.delete(id);
    if (parked.expiresAt <= now) return { kind: 'expired' };
    return { kind: 'confirmed', intent: parked.intent, target: parked.target };
  }

  /** Drops a parked request (Cancel). */
  cancel(id: string, userId: number): boolean {
    const parked = this.parked.get(id);
    if (!parked || parked.userId !== userId) return false;
    return this.parked.delete(id);
  }
}
