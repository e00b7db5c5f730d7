import { describe, expect, it } from 'vitest';
import { FakeClock } from './testing/fake-clock';
import { MemoryAuditSink } from './testing/memory-audit';
import { BridgeBoard } from './bridge-board';

function board() {
  const audit = new MemoryAuditSink();
  const lifted: string[] = [];
  let lockedUntil: number | null = 5_000;
  const b = new BridgeBoard({ audit, clock: new FakeClock(1_000) });
  const line = {
    unlock: (by: string) => {
      lifted.push(by);
      const until = lockedUntil;
      lockedUntil = null;
      return Promise.resolve(until);
    },
  };
  return { b, audit, lifted, line };
}

describe('BridgeBoard.unlockPhone', () => {
  it('lifts the running line’s lockout for the Mac’s channels, and says when there was none', async () => {
    const { b, lifted, line } = board();
    b.attachPhoneLine(line);
    expect(await b.unlockPhone({ channel: 'tray' })).toEqual({ lifted: true, lockedUntil: 5_000 });
    expect(await b.unlockPhone({})).toEqual({ lifted: false, lockedUntil: null });
    expect(lifted).toEqual(['tray', 'api']);
  });

  it('refuses a remote channel before touching the line, on the record', async () => {
    const { b, audit, lifted, line } = board();
    b.attachPhoneLine(line);
    for (const channel of ['phone:+15551230000', 'telegram:42'])
      await expect(b.unlockPhone({ channel })).rejects.toThrow(/only be lifted at the Mac/);
    expect(lifted).toEqual([]);
    expect(audit.ofKind('phone-unlock-refused').map((r) => r.channel)).toEqual([
      'phone:+15551230000',
      'telegram:42',
    ]);
  });

  it('says so when no phone line runs', async () => {
    const { b } = board();
    await expect(b.unlockPhone({ channel: 'cli' })).rejects.toThrow(/not running/);
  });
});
