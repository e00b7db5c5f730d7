/**
 * FakeClock: time that moves only when a test says so.
 */
import type { Clock } from '../ports';

interface Timer {
  readonly at: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** A Clock whose timers fire on `advance`. */
export class FakeClock implements Clock {
  private timers: Timer[] = [];

  constructor(private current = 1_000_000) {}

  now(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.current + ms, fn, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves time forward, firing due timers in order and letting their promise chains run between them. */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      due.cancelled = true;
      this.timers = this.timers.filter((t) => t !== due);
      due.fn();
    }
    this.current = end;
    await flushMicrotasks();
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}
