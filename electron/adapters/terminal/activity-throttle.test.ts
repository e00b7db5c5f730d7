import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActivityThrottle } from './activity-throttle';

describe('ActivityThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits the first change at once and the rest of a burst once, at the interval end', () => {
    const seen: string[] = [];
    const throttle = new ActivityThrottle(30, (id) => seen.push(id));
    throttle.touch('a');
    expect(seen).toEqual(['a']);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(2);
      throttle.touch('a');
    }
    expect(seen).toEqual(['a']);
    vi.advanceTimersByTime(30);
    expect(seen).toEqual(['a', 'a']);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual(['a', 'a']);
  });

  it('throttles each terminal on its own', () => {
    const seen: string[] = [];
    const throttle = new ActivityThrottle(30, (id) => seen.push(id));
    throttle.touch('a');
    throttle.touch('b');
    throttle.touch('a');
    expect(seen).toEqual(['a', 'b']);
    vi.advanceTimersByTime(30);
    expect(seen).toEqual(['a', 'b', 'a']);
  });

  it('flush emits immediately and replaces a pending trailing notice; cancel drops it', () => {
    const seen: string[] = [];
    const throttle = new ActivityThrottle(30, (id) => seen.push(id));
    throttle.touch('a');
    throttle.touch('a');
    throttle.flush('a');
    expect(seen).toEqual(['a', 'a']);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual(['a', 'a']);
    throttle.touch('b');
    throttle.touch('b');
    throttle.cancel('b');
    vi.advanceTimersByTime(100);
    expect(seen).toEqual(['a', 'a', 'b']);
  });
});
