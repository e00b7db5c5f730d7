/**
 * Per-key throttle: at most one call per `intervalMs` per key, leading and trailing edge, so a
 * burst of output gives an immediate notification and one more after the burst.
 */

/** Throttles calls per key; the last call in a window always produces a trailing emit. */
export class KeyedThrottle {
  private readonly lastEmit = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (key: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records activity for `key`. */
  touch(key: string): void {
    if (this.timers.has(key)) return;
    const wait = (this.lastEmit.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) {
      this.fire(key);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.fire(key);
      }, wait),
    );
  }

  /** Cancels pending trailing emits. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.lastEmit.clear();
  }

  private fire(key: string): void {
    this.lastEmit.set(key, this.now());
    this.emit(key);
  }
}
