/**
 * A per-key sliding-window rate limiter (default: 10 a minute and 100 an hour per user).
 *
 * Pure: the caller passes the time. Each key keeps at most `perHour` timestamps, so memory is
 * bounded by the number of keys, and keys idle for an hour are dropped on the next `take`.
 * `save`/`load` carry the counts across a restart (the bridge keeps them in the Store), so
 * restarting Tower does not hand a script a fresh allowance.
 */

/** Limits per key. */
export interface RateLimits {
  readonly perMinute: number;
  readonly perHour: number;
}

/** The owner's default: generous for a human, a wall for a script. */
export const DEFAULT_CHAT_LIMITS: RateLimits = { perMinute: 10, perHour: 100 };

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The result of asking for one more action. */
export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterMs: number; readonly window: 'minute' | 'hour' };

/** Counts actions per key in the last minute and hour. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limits: RateLimits = DEFAULT_CHAT_LIMITS) {}

  /** Records one action for `key` at `now` if it is within the limits. */
  take(key: string, now: number): RateDecision {
    this.sweep(now);
    const list = (this.hits.get(key) ?? []).filter((t) => now - t < HOUR);
    const lastMinute = list.filter((t) => now - t < MINUTE);
    if (lastMinute.length >= this.limits.perMinute) {
      return { ok: false, retryAfterMs: (lastMinute[0] ?? now) + MINUTE - now, window: 'minute' };
    }
    if (list.length >= this.limits.perHour) {
      return { ok: false, retryAfterMs: (list[0] ?? now) + HOUR - now, window: 'hour' };
    }
    list.push(now);
    this.hits.set(key, list);
    return { ok: true };
  }

  /** The counts worth keeping: timestamps within the last hour, per key. */
  save(now: number): Record<string, number[]> {
    this.sweep(now);
    const out: Record<string, number[]> = {};
    for (const [key, list] of this.hits) out[key] = list.filter((t) => now - t < HOUR);
    return out;
  }

  /** Restores saved counts; anything malformed is ignored (a fresh allowance for that key only). */
  load(saved: unknown, now: number): void {
    if (typeof saved !== 'object' || saved === null) return;
    for (const [key, list] of Object.entries(saved)) {
      if (!Array.isArray(list)) continue;
      const times = list
        .filter((t): t is number => typeof t === 'number' && now - t < HOUR)
        // A timestamp ahead of the clock (it was set back) counts as now: never a fresh allowance.
        .map((t) => Math.min(t, now))
        .slice(-this.limits.perHour);
      if (times.length > 0)
        this.hits.set(
          key,
          times.sort((a, b) => a - b),
        );
    }
  }

  private sweep(now: number): void {
    for (const [key, list] of this.hits) {
      if (list.every((t) => now - t >= HOUR)) this.hits.delete(key);
    }
  }
}
