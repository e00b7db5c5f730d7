/**
 * The real clock for the core's Clock port.
 */
import type { Clock } from '../../core/ports';

/** Wall-clock time and Node timers. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  after(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  }
}
