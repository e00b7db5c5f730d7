import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/types';
import { ENFORCING, refusal, rig, TEST_LADDER } from './test-rig';

describe('approvals queue', () => {
  it('raises one approval per prompt that needs the owner, bound to the prompt as parsed', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK rm -rf build'] });
    await t.supervisor.start();
    const [item, ...rest] = await t.approvals();
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      session: `tmux:${id}`,
      sessionNumber: 1,
      agent: 'claude',
      fingerprint: 'fp:rm -rf build',
      prompt: { tool: 'Bash', subject: 'rm -rf build' },
      reason: 'no policy: every prompt goes to the owner',
      status: 'pending',
      escalatedTo: ['tray'],
      answer: null,
    });
    expect(item?.expiresAt).toBe((item?.createdAt ?? 0) + 3_600_000);
    expect(t.audit.ofKind('approval-raised')).toHaveLength(1);
  });

  it('first answer wins; a second channel is refused with who answered where and when, typing nothing', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    t.driver.onType = (tid) => t.driver.setScreen(tid, ['STATE working']);
    await t.supervisor.start();
    const fingerprint = (await t.approvals())[0]?.fingerprint;
    const first = t.supervisor.answerPrompt({
      session: '1',
      choice: 'approve',
      fingerprint,
      channel: 'tray',
    });
    const second = refusal(
      t.supervisor.answerPrompt({ session: '1', choice: 'deny', fingerprint, channel: 'telegram:7' }),
    );
    await t.clock.advance(500);
    await expect(first).resolves.toMatchObject({ kind: 'delivered', confirmed: true });
    expect((await second).message).toMatch(/already (being answered: )?approved via tray at 12:00:00 UTC/u);
    const late = await refusal(
      t.supervisor.answerPrompt({ session: '1', choice: 'approve', fingerprint, channel: 'phone' }),
    );
    expect(late.message).toBe(
      'session 1: this prompt was already approved via tray at 12:00:00 UTC; nothing was typed',
    );
    expect(t.driver.typed(id)).toEqual([{ kind: 'keys', keys: ['1'] }]);
    expect((await t.approvals())[0]).toMatchObject({
      status: 'answered',
      answer: { choice: 'approve', channel: 'tray', delivered: true },
    });
  });

  it('a prompt answered at the terminal ends the approval as withdrawn; a late answer types nothing', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    const fingerprint = (await t.approvals())[0]?.fingerprint;
    t.driver.setScreen(id, ['STATE working']);
    await t.clock.advance(100);
    expect((await t.approvals())[0]).toMatchObject({
      status: 'withdrawn',
      endedBecause: expect.stringContaining('answered at the terminal') as unknown,
    });
    const late = await refusal(
      t.supervisor.answerPrompt({ session: '1', choice: 'approve', fingerprint, channel: 'cli' }),
    );
    expect(late.code).toBe('no-prompt');
    expect(late.message).toContain('answered at the terminal');
    expect(t.driver.typed(id)).toEqual([]);
  });

  it('expires after the configured time; an answer after that is refused and types nothing', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    await t.clock.advance(3_600_000);
    expect((await t.approvals())[0]).toMatchObject({ status: 'expired' });
    const late = await refusal(
      t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'cli' }),
    );
    expect(late.message).toContain('expired');
    expect(t.driver.typed(id)).toEqual([]);
  });

  it('policy: an allowed prompt raises nothing, an asked one is raised with its rule', async () => {
    const t = rig({ policy: ENFORCING });
    const id = t.driver.add({ currentCommand: 'claude', cwd: '/home/dev/p', lines: ['STATE idle'] });
    t.driver.onType = (tid) => t.driver.setScreen(tid, ['STATE working']);
    await t.supervisor.start();
    t.driver.setScreen(id, ['ASK git status']);
    await t.clock.advance(1_000);
    expect(await t.approvals()).toEqual([]);
    t.driver.setScreen(id, ['ASK git push origin main']);
    await t.clock.advance(100);
    expect((await t.approvals())[0]).toMatchObject({
      status: 'pending',
      reason: expect.stringMatching(/^push-asks: /u) as unknown,
    });
  });

  it('shadow mode: policy types nothing, so the owner gets the approval', async () => {
    const t = rig({ policy: { ...ENFORCING, shadow: true } });
    const id = t.driver.add({ currentCommand: 'claude', cwd: '/home/dev/p', lines: ['ASK git status'] });
    await t.supervisor.start();
    await t.clock.advance(1_000);
    expect(t.driver.typed(id)).toEqual([]);
    expect((await t.approvals())[0]?.reason).toMatch(/^shadow mode/u);
  });

  it('the terminal closing withdraws its approval', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    t.driver.remove(id);
    await t.clock.advance(2_000);
    expect((await t.approvals())[0]).toMatchObject({
      status: 'withdrawn',
      endedBecause: 'withdrawn: the terminal closed',
    });
  });
});

describe('escalation ladder', () => {
  it('climbs tray → dialog → telegram → phone on time, audits each step, and stops once answered', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    t.driver.onType = (tid) => t.driver.setScreen(tid, ['STATE working']);
    await t.supervisor.start();
    const steps = async () => (await t.approvals())[0]?.escalatedTo;
    expect(await steps()).toEqual(['tray']);
    await t.clock.advance(29_000);
    expect(await steps()).toEqual(['tray']);
    await t.clock.advance(1_000);
    expect(await steps()).toEqual(['tray', 'dialog']);
    await t.clock.advance(90_000);
    expect(await steps()).toEqual(['tray', 'dialog', 'telegram']);
    const answer = t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'telegram:1' });
    await t.clock.advance(500);
    await answer;
    await t.clock.advance(700_000); // past the phone step
    expect((await t.approvals())[0]).toMatchObject({
      status: 'answered',
      escalatedTo: ['tray', 'dialog', 'telegram'],
    });
    expect(t.audit.ofKind('approval-escalated').map((r) => r.detail.channel)).toEqual([
      'tray',
      'dialog',
      'telegram',
    ]);
    expect(t.driver.typed(id)).toHaveLength(1);
    await t.clock.advance(15 * 60_000); // ended items stay visible for 15 min, then leave the snapshot
    expect(await t.approvals()).toEqual([]);
  });

  it('a reloaded policy re-times the ladder of an approval already waiting', async () => {
    let policy: Policy = { ...ENFORCING, escalation: { ...TEST_LADDER, telegramAfterMs: 120_000 } };
    const listeners = new Set<() => void>();
    const t = rig({
      provider: {
        current: () => policy,
        home: '/home/dev',
        protectedPaths: [],
        onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
      },
    });
    t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    const snapshots: number[] = [];
    t.supervisor.on('snapshot', (s) => snapshots.push(s.version));
    await t.supervisor.start();
    const steps = async () => (await t.approvals())[0]?.escalatedTo;
    await t.clock.advance(40_000);
    expect(await steps()).toEqual(['tray', 'dialog']);
    // The owner shortens the Telegram step to 60 s while it waits: Telegram comes at 60 s, not at 120 s.
    policy = { ...policy, escalation: { ...TEST_LADDER, telegramAfterMs: 60_000 } };
    const before = snapshots.length;
    for (const listener of listeners) listener();
    expect(snapshots.length).toBeGreaterThan(before); // the UIs see the new policy at once
    await t.clock.advance(20_000);
    expect(await steps()).toEqual(['tray', 'dialog', 'telegram']);
    t.supervisor.stop();
    expect(listeners.size).toBe(0);
  });

  it('reaches the phone M seconds after Telegram', async () => {
    const t = rig();
    t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    await t.clock.advance(120_000 + 599_000);
    expect((await t.approvals())[0]?.escalatedTo).not.toContain('phone');
    await t.clock.advance(1_000);
    expect((await t.approvals())[0]?.escalatedTo).toEqual(['tray', 'dialog', 'telegram', 'phone']);
  });
});

describe('LOCKDOWN and approvals', () => {
  it('freezes the ladder and refuses answers; remote channels cannot lift it; the Mac can, and the ladder climbs on', async () => {
    const t = rig();
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    await t.supervisor.lockdown({ engaged: true, channel: 'telegram:7' });
    await t.clock.advance(200_000);
    expect((await t.approvals())[0]?.escalatedTo).toEqual(['tray']);
    const answer = await refusal(
      t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'tray' }),
    );
    expect(answer.code).toBe('lockdown');
    for (const channel of ['telegram:7', 'phone:+15550100', 'dialog', 'hooks']) {
      const lift = await refusal(t.supervisor.lockdown({ engaged: false, channel }));
      expect(lift.message).toBe(`LOCKDOWN can only be lifted at the Mac (tray or CLI), not from ${channel}`);
    }
    expect((await t.supervisor.getSnapshot()).lockdown).toBe(true);
    expect(t.audit.ofKind('lockdown-lift-refused')).toHaveLength(4);
    await t.supervisor.lockdown({ engaged: false, channel: 'cli' });
    await t.clock.advance(0);
    expect((await t.approvals())[0]?.escalatedTo).toEqual(['tray', 'dialog', 'telegram']);
    expect(t.driver.typed(id)).toEqual([]);
  });

  it('an answer sent before LOCKDOWN stays cancelled even if LOCKDOWN is lifted before it would type', async () => {
    const t = rig({ settleMs: 400 });
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    const answer = refusal(t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'tray' }));
    await t.clock.advance(100);
    await t.supervisor.lockdown({ engaged: true, channel: 'telegram:7' });
    await t.supervisor.lockdown({ engaged: false, channel: 'tray' });
    await t.clock.advance(1_000);
    expect((await answer).code).toBe('lockdown');
    expect(t.driver.typed(id)).toEqual([]);
    expect((await t.approvals())[0]).toMatchObject({ status: 'pending' });
  });

  it('cancels an answer still settling: nothing is typed and the approval waits again', async () => {
    const t = rig({ settleMs: 400 });
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start();
    const answer = refusal(t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'tray' }));
    await t.clock.advance(100);
    await t.supervisor.lockdown({ engaged: true, channel: 'cli' });
    await t.clock.advance(1_000);
    expect((await answer).code).toBe('lockdown');
    expect(t.driver.typed(id)).toEqual([]);
    expect((await t.approvals())[0]).toMatchObject({ status: 'pending', answer: null });
  });
});
