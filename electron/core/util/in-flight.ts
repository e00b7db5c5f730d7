/**
 * Work in progress that a stop must wait for: a bridge restarted while it serves a request would
 * otherwise leave that request running against state the next instance has already read (a phone
 * code spent twice, a wrong-code count lost).
 */
import type { Clock } from '../ports';

/** Counts running work; once closed, no new work starts and `drained` waits for the rest. */
export class InFlight {
  private count = 0;
  private closedAt: number | null = null;
  private readonly waiters: (() => void)[] = [];

  /** True once `close` was called. */
  get closed(): boolean {
    return this.closedAt !== null;
  }

  /** Runs `work`, counted until it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.count += 1;
    try {
      return await work();
    } finally {
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Refuses new work from now on (callers check `closed`). */
  close(now: number): void {
    this.closedAt ??= now;
  }

  /**
   * Resolves true when nothing runs any more, or false after `timeoutMs` (a request stuck on I/O must not
   * hold a stop forever; the caller says so).
   */
  drained(clock: Clock, timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        cancel();
        resolve(true);
      };
      const cancel = clock.after(timeoutMs, () => {
        this.waiters.splice(this.waiters.indexOf(wake), 1);
        resolve(false);
      });
      this.waiters.push(wake);
    });
  }
}
