/**
 * Prompts that policy answers by itself (a non-shadow allow or deny) are held back for a short
 * grace period, so the owner's phone does not buzz for a prompt that is gone a second later; if the
 * prompt is still showing after it (policy's rate limit, an unconfirmed answer), the card goes out.
 */
import type { SessionView } from '../../contract/dto';

/** Remembers when each policy-settled prompt was first seen. */
export class PolicyGrace {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly graceMs = 8_000) {}

  /** How long to hold back `view`'s prompt before announcing it (0: announce now). */
  holdFor(view: SessionView, now: number): number {
    const policy = view.policy;
    const prompt = view.prompt;
    if (!policy || !prompt || policy.shadow || policy.decision === 'ask') return 0;
    if (policy.fingerprint !== prompt.fingerprint) return 0;
    const key = `${view.id}\u0000${prompt.fingerprint}`;
    const first = this.firstSeen.get(key) ?? now;
    this.firstSeen.set(key, first);
    if (this.firstSeen.size > 1_000) this.firstSeen.delete(this.firstSeen.keys().next().value ?? key);
    return Math.max(0, first + this.graceMs - now);
  }
}
