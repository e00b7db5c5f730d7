import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import { MemoryAuditSink, MemoryStore } from '../testing/memory-audit';
import { fakeCode, fakeTotp } from './testing/phone-fakes';
import { TOTP_STATE_KEY, TotpGate, type TotpState } from './totp-gate';

const T0 = 1_795_318_560_000;
const who = (n: number) => ({ callSid: `CA${String(n).padStart(32, '0')}`, caller: '+15551230000' });

function gateOver(
  store: MemoryStore,
  clock: FakeClock,
  audit = new MemoryAuditSink(),
  locks: (number | null)[] = [],
) {
  return new TotpGate({ store, verifier: fakeTotp, clock, audit, onLockChange: (u) => locks.push(u) });
}

describe('TotpGate', () => {
  it('accepts a right code once; the same code is refused afterwards, also after a restart', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStore();
    const gate = gateOver(store, clock);
    await gate.load();
    const code = fakeCode(clock.now());
    expect(await gate.check(code, who(1))).toBe('accepted');
    expect(await gate.check(code, who(1))).toBe('wrong');
    const restarted = gateOver(store, clock);
    await restarted.load();
    expect(await restarted.check(code, who(2))).toBe('wrong');
    // The next time step's code is a new code and works.
    await clock.advance(30_000);
    expect(await restarted.check(fakeCode(clock.now()), who(2))).toBe('accepted');
  });

  it('refuses an older step once a newer one was accepted (no going back within the drift window)', async () => {
    const clock = new FakeClock(T0);
    const gate = gateOver(new MemoryStore(), clock);
    await gate.load();
    const older = fakeCode(clock.now());
    await clock.advance(30_000);
    expect(await gate.check(fakeCode(clock.now()), who(1))).toBe('accepted');
    expect(await gate.check(older, who(1))).toBe('wrong');
  });

  it('counts wrong codes across calls and locks after five, durably, telling the owner; a right code is not even checked then', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStore();
    const audit = new MemoryAuditSink();
    const locks: (number | null)[] = [];
    const gate = gateOver(store, clock, audit, locks);
    await gate.load();
    for (let call = 1; call <= 4; call += 1) expect(await gate.check('000000', who(call))).toBe('wrong');
    // A restart between the fourth and the fifth guess does not reset the count.
    const restarted = gateOver(store, clock, audit, locks);
    await restarted.load();
    expect(restarted.failures()).toBe(4);
    expect(await restarted.check('111111', who(5))).toBe('locked');
    expect(restarted.lockedUntil()).toBe(T0 + 15 * 60_000);
    expect(locks).toEqual([T0 + 15 * 60_000]);
    expect(audit.ofKind('phone-lockout')).toHaveLength(1);
    expect(await restarted.check(fakeCode(clock.now()), who(6))).toBe('locked');
    expect((await store.get<TotpState>(TOTP_STATE_KEY))?.lastStep ?? null).toBeNull();

    const later = gateOver(store, clock, audit, locks);
    await later.load();
    expect(later.lockedUntil()).toBe(T0 + 15 * 60_000);
    await clock.advance(15 * 60_000);
    expect(later.lockedUntil()).toBeNull();
    expect(locks.at(-1)).toBeNull();
    expect(await later.check(fakeCode(clock.now()), who(7))).toBe('accepted');
    expect(audit.ofKind('phone-auth-accepted').at(-1)?.detail.failuresBefore).toBe(0);
  });

  it('uses a configurable lockout and reports earlier failures on success', async () => {
    const clock = new FakeClock(T0);
    const audit = new MemoryAuditSink();
    const gate = new TotpGate({
      store: new MemoryStore(),
      verifier: fakeTotp,
      clock,
      audit,
      policy: { lockoutMs: 60_000 },
    });
    await gate.load();
    await gate.check('123456', who(1));
    await gate.check('12345', who(1));
    expect(await gate.check(fakeCode(clock.now()), who(2))).toBe('accepted');
    expect(audit.ofKind('phone-auth-accepted')[0]?.detail.failuresBefore).toBe(2);
    for (let i = 0; i < 5; i += 1) await gate.check('999999', who(3));
    expect(gate.lockedUntil()).toBe(T0 + 60_000);
  });

  it('runs concurrent checks one at a time: one code cannot be spent by two calls', async () => {
    const clock = new FakeClock(T0);
    const gate = gateOver(new MemoryStore(), clock);
    await gate.load();
    const code = fakeCode(clock.now());
    const results = await Promise.all([gate.check(code, who(1)), gate.check(code, who(2))]);
    expect(results.sort()).toEqual(['accepted', 'wrong']);
  });

  it('never writes a code into the audit log', async () => {
    const clock = new FakeClock(T0);
    const audit = new MemoryAuditSink();
    const gate = gateOver(new MemoryStore(), clock, audit);
    await gate.load();
    const code = fakeCode(clock.now());
    await gate.check('424242', who(1));
    await gate.check(code, who(1));
    const text = JSON.stringify(audit.records);
    expect(text).not.toContain('424242');
    expect(text).not.toContain(code);
  });
});

describe('TotpGate repeated lockouts', () => {
  it('doubles each lockout that follows another without an accepted code, up to the cap; a right code resets it', async () => {
    const clock = new FakeClock(T0);
    const gate = new TotpGate({
      store: new MemoryStore(),
      verifier: fakeTotp,
      clock,
      audit: new MemoryAuditSink(),
      policy: { lockoutMs: 60_000, maxLockoutMs: 5 * 60_000 },
    });
    await gate.load();
    const lockFor = async () => {
      for (let i = 0; i < 5; i += 1) await gate.check('999999', who(i));
      const until = gate.lockedUntil();
      const ms = (until ?? 0) - clock.now();
      await clock.advance(ms);
      return ms;
    };
    expect([await lockFor(), await lockFor(), await lockFor(), await lockFor()]).toEqual([
      60_000, 120_000, 240_000, 300_000,
    ]);
    expect(await gate.check(fakeCode(clock.now()), who(9))).toBe('accepted');
    expect(await lockFor()).toBe(60_000);
  });

  it('lifts a lockout early for the owner, durably and on the record; the doubling stays for the next guesser', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStore();
    const audit = new MemoryAuditSink();
    const locks: (number | null)[] = [];
    const gate = gateOver(store, clock, audit, locks);
    await gate.load();
    expect(await gate.unlock('cli')).toBeNull(); // nothing to lift
    expect(audit.ofKind('phone-unlocked')).toHaveLength(0);
    for (let call = 1; call <= 5; call += 1) await gate.check('000000', who(call));
    expect(gate.lockedUntil()).toBe(T0 + 15 * 60_000);

    expect(await gate.unlock('tray')).toBe(T0 + 15 * 60_000);
    expect(gate.lockedUntil()).toBeNull();
    expect(locks.at(-1)).toBeNull();
    expect(audit.ofKind('phone-unlocked').map((r) => r.detail)).toEqual([
      { by: 'tray', lockedUntil: T0 + 15 * 60_000, lockouts: 1 },
    ]);
    const restarted = gateOver(store, clock, audit);
    await restarted.load();
    expect(restarted.lockedUntil()).toBeNull();
    expect(await restarted.check(fakeCode(clock.now()), who(6))).toBe('accepted');

    // Without an accepted code in between, the next lockout is the doubled one.
    const again = gateOver(new MemoryStore(), clock, audit);
    await again.load();
    for (let call = 1; call <= 5; call += 1) await again.check('000000', who(call));
    await again.unlock('cli');
    for (let call = 1; call <= 5; call += 1) await again.check('000000', who(call));
    expect(again.lockedUntil()).toBe(clock.now() + 30 * 60_000);
  });
});
