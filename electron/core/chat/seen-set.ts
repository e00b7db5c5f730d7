/**
 * A bounded set of recently seen ids (update ids, callback ids) with an age limit.
 *
 * Telegram keeps undelivered updates for 24 hours and a restarted poller may see up to 100 again;
 * the bridge processes each id once.
 */

/** Remembers ids for `maxAgeMs`, at most `capacity` of them (oldest forgotten first). */
export class SeenSet {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly capacity = 5_000,
    private readonly maxAgeMs = 48 * 3_600_000,
  ) {}

  /** True the first time `id` is offered (and remembers it); false for a repeat. */
  firstTime(id: string, now: number): boolean {
    for (const [key, at] of this.seen) {
      if (now - at < this.maxAgeMs && this.seen.size < this.capacity) break;
      this.seen.delete(key);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    return true;
  }
}
