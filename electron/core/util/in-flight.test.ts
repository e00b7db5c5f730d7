import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import { InFlight } from './in-flight';

describe('InFlight', () => {
  it('drains when the running work settles, at once when nothing runs', async () => {
    const clock = new FakeClock(0);
    const work = new InFlight();
    expect(await work.drained(clock, 1_000)).toBe(true); // nothing in flight
    let finish: () => void = () => undefined;
    const running = work.run(() => new Promise<string>((r) => (finish = () => r('done'))));
    work.close(clock.now());
    expect(work.closed).toBe(true);
    let drained = false;
    const waiting = work.drained(clock, 1_000).then((done) => (drained = done));
    await Promise.resolve();
    expect(drained).toBe(false);
    finish();
    expect(await running).toBe('done');
    await waiting;
    expect(drained).toBe(true);
  });

  it('stops waiting after the limit for work stuck on I/O', async () => {
    const clock = new FakeClock(0);
    const work = new InFlight();
    void work.run(() => new Promise<void>(() => undefined));
    let settled = false;
    const waiting = work.drained(clock, 5_000).then((done) => {
      settled = true;
      return done;
    });
    await clock.advance(4_999);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(await waiting).toBe(false); // gave up: the caller reports it
  });
});
