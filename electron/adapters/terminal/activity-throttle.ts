/**
 * Per-terminal throttle for activity notices: at most one call per interval per id, and the last
 * change inside an interval is always reported (trailing edge), so a reader never misses the final
 * frame of a burst.
 */

interface Slot {
  lastAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** Throttles `emit(id)` per id to one call per `intervalMs`, leading and trailing edge. */
export class ActivityThrottle {
  private readonly slots = new Map<string, Slot>();

  /**
   * @param intervalMs minimum spacing between two notices for one id
   * @param emit receives the id; called outside the caller's stack when delayed
   * @param now clock, injectable for tests
   */
  constructor(
    private readonly intervalMs: number,
    private readonly emit: (id: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Notes a change on `id`: emits now if the interval has passed, otherwise once at its end. */
  touch(id: string): void {
    const slot = this.slots.get(id) ?? { lastAt: -Infinity, timer: null };
    this.slots.set(id, slot);
    if (slot.timer) return;
    const wait = slot.lastAt + this.intervalMs - this.now();
    if (wait <= 0) {
      slot.lastAt = this.now();
      this.emit(id);
      return;
    }
    slot.timer = setTimeout(() => {
      slot.timer = null;
      slot.lastAt = this.now();
      this.emit(id);
    }, wait);
  }

  /** Emits now regardless of the interval (exit), cancelling any pending trailing notice. */
  flush(id: string): void {
    this.cancel(id);
    this.slots.set(id, { lastAt: this.now(), timer: null });
    this.emit(id);
  }

  /** Forgets `id` and drops its pending notice. */
  cancel(id: string): void {
    const slot = this.slots.get(id);
    if (slot?.timer) clearTimeout(slot.timer);
    this.slots.delete(id);
  }

  /** Drops every pending notice. */
  clear(): void {
    for (const id of [...this.slots.keys()]) this.cancel(id);
  }
}
