import { describe, expect, it } from 'vitest';
import { approval, bashPrompt, fakeCode, session } from './testing/phone-fakes';
import { BASE, Caller, kit, OWNER, waitingSession } from './testing/phone-kit';

describe('PhoneBridge outbound', () => {
  function escalated(k: ReturnType<typeof kit>) {
    const view = waitingSession();
    k.backend.set({
      sessions: [view],
      approvals: [approval(view, { escalatedTo: ['tray', 'telegram', 'phone'] })],
    });
  }

  it('calls the owner once when an approval reaches the phone; says only that a decision is needed before the code', async () => {
    const k = kit();
    const view = waitingSession();
    k.backend.set({ sessions: [view], approvals: [approval(view, { escalatedTo: ['tray'] })] });
    const bridge = k.make();
    await bridge.start();
    expect(k.placer.placed).toEqual([]);
    escalated(k);
    await k.clock.advance(0);
    expect(k.placer.placed).toHaveLength(1);
    const placed = k.placer.placed[0];
    expect(placed).toMatchObject({ to: OWNER, from: '+15557654321', statusCallback: `${BASE}/voice/status` });
    escalated(k);
    await k.clock.advance(0);
    expect(k.placer.placed).toHaveLength(1);

    const url = new URL(placed?.url ?? '');
    const call = Object.assign(new Caller(bridge), { sid: `CA${'1'.padStart(32, '0')}` });
    await call.send(
      '/voice/outbound',
      { Direction: 'outbound-api', To: OWNER, From: '+15557654321', AnsweredBy: 'human' },
      url.searchParams.get('n'),
    );
    expect(call.said()).toBe(
      'Hello. An agent needs a decision. Enter your six digit code, then press pound.',
    );
    expect(
      await call.send('/voice/outbound', { Direction: 'outbound-api', To: OWNER }, url.searchParams.get('n')),
    ).toMatchObject({ status: 403 });
    await call.input({ Digits: fakeCode(k.clock.now()) });
    expect(call.said()).toBe(
      'Flight two, Claude, asks: Do you want to proceed? The Bash command is: npm install lodash. Press 1 to approve once, 2 to deny, or 9 for details.',
    );
    await call.input({ Digits: '9' });
    expect(call.said()).toContain('It needs you because: policy says ask for npm install.');
    await call.input({ Digits: '1' });
    expect(call.said()).toContain('To approve it once, press 1.');
    expect(k.backend.answers).toEqual([]);
    await call.input({ Digits: '1' });
    expect(k.backend.answers).toEqual([
      {
        session: 'tmux:s2',
        choice: 'approve',
        fingerprint: 'fp-npm install lodash',
        channel: `phone:${OWNER}`,
      },
    ]);
  });

  it('voicemail hears nothing and the approval stays pending; an unanswered call is audited and leaves it pending', async () => {
    const k = kit();
    const bridge = k.make();
    await bridge.start();
    escalated(k);
    await k.clock.advance(0);
    const first = k.placer.placed[0];
    const vm = Object.assign(new Caller(bridge), { sid: `CA${'1'.padStart(32, '0')}` });
    await vm.send(
      '/voice/outbound',
      { Direction: 'outbound-api', To: OWNER, AnsweredBy: 'machine_start' },
      new URL(first?.url ?? '').searchParams.get('n'),
    );
    expect(vm.last).toEqual({ say: [], next: { kind: 'hangup' } });
    expect(k.audit.ofKind('phone-call-voicemail')).toHaveLength(1);
    expect(k.backend.answers).toEqual([]);

    // A second approval escalates; the owner does not pick up.
    const five = session(5, { state: 'permission', prompt: bashPrompt('make deploy') });
    k.backend.set({
      sessions: [waitingSession(), five],
      approvals: [...k.backend.snapshot.approvals, approval(five, { escalatedTo: ['phone'] })],
    });
    await k.clock.advance(60_000);
    expect(k.placer.placed).toHaveLength(2);
    const missed = Object.assign(new Caller(bridge), { sid: `CA${'2'.padStart(32, '0')}` });
    await missed.send('/voice/status', { CallStatus: 'no-answer', Direction: 'outbound-api' });
    expect(k.audit.ofKind('phone-approval-left-pending').map((r) => r.detail.approval)).toEqual(['ap-5']);
  });

  it('does not call during LOCKDOWN', async () => {
    const k = kit();
    const bridge = k.make();
    await bridge.start();
    const view = waitingSession();
    k.backend.set({
      lockdown: true,
      sessions: [view],
      approvals: [approval(view, { escalatedTo: ['phone'] })],
    });
    await k.clock.advance(0);
    expect(k.placer.placed).toEqual([]);
  });
});
