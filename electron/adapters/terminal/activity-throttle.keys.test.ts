import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActivityThrottle } from './activity-throttle';

describe('ActivityThrottle with two keys', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('emits at once, then at most once per interval per key, with a trailing emit', () => {
    const emitted: [string, number][] = [];
    const throttle = new ActivityThrottle(50, (key) => emitted.push([key, Date.now()]));
    const start = Date.now();
    throttle.touch('a');
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(9);
      throttle.touch('a');
      throttle.touch('b');
    }
    vi.advanceTimersByTime(200);
    const a = emitted.filter(([key]) => key === 'a').map(([, at]) => at - start);
    expect(a).toEqual([0, 50, 100]);
    expect(emitted.filter(([key]) => key === 'b').map(([, at]) => at - start)).toEqual([9, 59, 109]);
    for (let i = 1; i < a.length; i++) expect(a[i]! - a[i - 1]!).toBeGreaterThanOrEqual(50);
  });

  it('drops pending trailing emits on clear', () => {
    const emitted: string[] = [];
    const throttle = new ActivityThrottle(50, (key) => emitted.push(key));
    throttle.touch('a');
    throttle.touch('a');
    throttle.clear();
    vi.advanceTimersByTime(100);
    expect(emitted).toEqual(['a']);
  });
});
