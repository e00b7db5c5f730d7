import { describe, expect, it } from 'vitest';
import type { Store } from '../ports';
import { MemoryStore } from '../testing/memory-audit';
import { APPROVALS_KEY, type ApprovalState } from './records';
import { ENFORCING, frozenCopy, refusal, rig } from './test-rig';

const saved = (store: Store) => (store as MemoryStore).data.get(APPROVALS_KEY) as ApprovalState;

describe('approvals across a restart', () => {
  it('a pending approval is pending again after a restart, with its id and ladder progress', async () => {
    const t = rig();
    t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    await t.clock.advance(40_000);
    const before = (await t.approvals())[0];
    await t.restart();
    const after = (await t.approvals())[0];
    expect(after).toMatchObject({ id: before?.id, status: 'pending', escalatedTo: ['tray', 'dialog'] });
    await t.clock.advance(80_000); // the ladder climbs on from where it was
    expect((await t.approvals())[0]?.escalatedTo).toEqual(['tray', 'dialog', 'telegram']);
  });

  it('a pending approval whose prompt went while Tower was down is withdrawn', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    t.supervisor.stop();
    t.driver.setScreen(id, ['STATE working'], { silent: true });
    await t.restart();
    expect((await t.approvals())[0]).toMatchObject({
      status: 'withdrawn',
      endedBecause: 'the prompt left the screen while Tower was not running',
    });
  });

  it('the claim is on disk before the key is typed', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    const atTyping: ApprovalState[] = [];
    t.driver.onType = () => atTyping.push(structuredClone(saved(t.store)));
    await t.supervisor.start();
    const answer = t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'tray' });
    await t.clock.advance(2_000);
    await answer;
    expect(t.driver.typed(id)).toHaveLength(1);
    expect(atTyping[0]?.claims).toEqual([
      expect.objectContaining({ session: `tmux:${id}`, channel: 'tray', phase: 'claimed' }),
    ]);
    expect(atTyping[0]?.items[0]?.view.status).toBe('answering');
  });

  it('killed between claim and key: never retyped on its own, not even by the policy that allowed it', async () => {
    const t = rig({ policy: ENFORCING });
    const id = t.driver.add({ currentCommand: 'claude', cwd: '/home/dev/p', lines: ['STATE idle'] });
    let disk: MemoryStore | null = null;
    t.driver.onType = () => (disk ??= frozenCopy(t.store)); // kill -9 as the key leaves: it never arrives
    await t.supervisor.start();
    t.driver.setScreen(id, ['ASK git status']); // policy allows it and answers
    await t.clock.advance(2_000);
    expect(t.driver.typed(id)).toHaveLength(1);
    if (!disk) throw new Error('no key was typed');
    expect(saved(disk).claims[0]).toMatchObject({ channel: 'policy:read-only', phase: 'claimed' });
    await t.restart(disk);
    await t.clock.advance(5_000);
    expect(t.driver.typed(id)).toHaveLength(1);
    const [item] = await t.approvals();
    expect(item).toMatchObject({ status: 'pending', answer: null });
    expect(item?.note).toContain('the keys may not have reached the agent');
    expect(t.audit.ofKind('answer-interrupted')).toHaveLength(1);
  });

  it('killed between claim and key, prompt gone afterwards: answered, nothing typed again', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    let disk: MemoryStore | null = null;
    t.driver.onType = (tid) => {
      disk ??= frozenCopy(t.store);
      t.driver.setScreen(tid, ['STATE working']);
    };
    await t.supervisor.start();
    const answer = t.supervisor.answerPrompt({ session: '1', choice: 'deny', channel: 'cli' });
    await t.clock.advance(2_000);
    await answer;
    if (!disk) throw new Error('no key was typed');
    await t.restart(disk);
    await t.clock.advance(5_000);
    expect(t.driver.typed(id)).toHaveLength(1);
    expect((await t.approvals())[0]).toMatchObject({
      status: 'answered',
      answer: { choice: 'deny', channel: 'cli' },
    });
  });

  it('a typed answer whose prompt stays: a retry after the restart is refused, naming the first answer', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    const answer = t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'tray' });
    await t.clock.advance(2_000);
    await answer; // unconfirmed: the fake leaves the prompt
    await t.restart();
    const retry = await refusal(
      t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'cli' }),
    );
    expect(retry.message).toContain('already approved via tray at 12:00:00 UTC');
    expect(t.driver.typed(id)).toHaveLength(1);
  });

  it('an unreadable state file means LOCKDOWN with the reason, not a crash; it cannot be lifted until fixed', async () => {
    const broken: Store = {
      get: () => Promise.reject(new Error('state file /x/state.json is corrupt (Unexpected token)')),
      set: () => Promise.reject(new Error('state file /x/state.json is corrupt (Unexpected token)')),
    };
    const t = rig({ store: broken });
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    const snapshot = await t.supervisor.getSnapshot();
    expect(snapshot.lockdown).toBe(true);
    expect(snapshot.lockdownReason).toContain('corrupt (Unexpected token)');
    expect((await refusal(t.supervisor.answerPrompt({ session: '1', choice: 'approve' }))).code).toBe(
      'lockdown',
    );
    const lift = await refusal(t.supervisor.lockdown({ engaged: false, channel: 'cli' }));
    expect(lift.message).toMatch(/^LOCKDOWN stays on: Tower's saved state could not be read/u);
    expect(t.driver.typed(id)).toEqual([]);
  });

  it('a disk that stops taking writes: the approval still shows and climbs; an answer is refused, nothing typed', async () => {
    const store = new MemoryStore();
    let full = false;
    const failing: Store = {
      get: (key) => store.get(key),
      set: (key, value) =>
        full ? Promise.reject(new Error('ENOSPC: no space left')) : store.set(key, value),
    };
    const t = rig({ store: failing });
    const id = t.driver.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await t.supervisor.start();
    full = true;
    t.driver.setScreen(id, ['ASK make deploy']);
    await t.clock.advance(31_000);
    expect((await t.approvals())[0]).toMatchObject({ status: 'pending', escalatedTo: ['tray', 'dialog'] });
    const answer = await refusal(
      t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'tray' }),
    );
    expect(answer.message).toBe(
      'the answer could not be recorded, so nothing was typed (ENOSPC: no space left)',
    );
    expect(t.driver.typed(id)).toEqual([]);
    expect((await t.approvals())[0]).toMatchObject({ status: 'pending', answer: null });
  });

  it('saved approvals in an unknown shape mean LOCKDOWN too', async () => {
    const t = rig({ store: new MemoryStore(new Map([[APPROVALS_KEY, { version: 9 }]])) });
    await t.supervisor.start();
    expect(await t.supervisor.getSnapshot()).toMatchObject({ lockdown: true });
    expect((await t.supervisor.getSnapshot()).lockdownReason).toContain('the saved approvals are unreadable');
  });

  it('counters survive a restart', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    t.driver.setScreen(id, ['STATE working']);
    await t.clock.advance(100);
    await t.restart();
    t.driver.setScreen(id, ['ASK make test']);
    await t.clock.advance(100);
    expect(saved(t.store).counters).toMatchObject({ raised: 2, withdrawn: 1 });
  });
});
