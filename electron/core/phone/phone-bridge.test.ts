import { describe, expect, it } from 'vitest';
import type { AnswerOutcome } from '../../contract/dto';
import type { PhoneRequest } from './ports';
import { bashPrompt, fakeCode, fakeSign, session } from './testing/phone-fakes';
import { BASE, Caller, kit, OWNER, waitingSession } from './testing/phone-kit';

describe('PhoneBridge inbound', () => {
  it('greets neutrally, refuses a wrong code, then after the right one gives a sitrep from structured state', async () => {
    const k = kit();
    k.backend.set({ sessions: [session(1), waitingSession()] });
    const bridge = k.make();
    await bridge.start();
    const call = new Caller(bridge);
    await call.send('/voice/answer');
    expect(call.said()).toBe('Hello. Enter your six digit code, then press pound.');
    expect(call.last?.next).toMatchObject({ kind: 'gather', input: 'dtmf', numDigits: 6 });
    await call.input({ Digits: '000000' });
    expect(call.said()).toBe('That code was not accepted. Enter your six digit code, then press pound.');
    expect(call.heard.join(' ')).not.toMatch(/flight|session|agent|npm/i);
    await call.input({ Digits: fakeCode(k.clock.now()) });
    expect(call.said()).toContain(
      'Two sessions, one waiting for you. Flight two is waiting for approval to run npm install lodash. Flight one is working.',
    );
    expect(call.said()).not.toContain('SECRET SCREEN TEXT');
    expect(call.last?.next).toMatchObject({ kind: 'gather', input: 'dtmf speech' });
    expect((call.last?.next as { hints: string }).hints).toContain('approve');
  });

  it('approve reads the prompt back exactly and types nothing until the confirming key, then answers bound to the fingerprint', async () => {
    const k = kit();
    k.backend.set({ sessions: [session(1), waitingSession()] });
    const bridge = k.make();
    await bridge.start();
    const call = new Caller(bridge);
    await call.send('/voice/answer');
    await call.input({ Digits: fakeCode(k.clock.now()) });
    await call.input({ SpeechResult: 'Approve.', Confidence: '0.92' });
    expect(call.said()).toBe(
      'Flight two, Claude, asks: Do you want to proceed? The Bash command is: npm install lodash. To approve it once, press 1. Any other key cancels.',
    );
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
    expect(call.said()).toContain('Done. Approved flight two once.');
    await call.input({ SpeechResult: 'bye', Confidence: '0.9' });
    expect(call.last?.next.kind).toBe('hangup');
    expect(k.audit.ofKind('phone-call-ended')).toHaveLength(1);
  });

  it('a key other than 1 cancels; deny by keypad with a session number; unclear and doubtful speech are asked again, never guessed', async () => {
    const k = kit();
    const three = session(3, { state: 'permission', prompt: bashPrompt('rm -rf build') });
    k.backend.set({ sessions: [waitingSession(), three] });
    const bridge = k.make();
    await bridge.start();
    const call = new Caller(bridge);
    await call.send('/voice/answer');
    await call.input({ Digits: fakeCode(k.clock.now()) });
    await call.input({ SpeechResult: 'approve', Confidence: '0.9' });
    expect(call.said()).toContain('Flights two, three are waiting');
    await call.input({ SpeechResult: 'approve twenty', Confidence: '0.9' });
    expect(call.said()).toContain('Flight twenty is not waiting for an answer. Nothing was done.');
    await call.input({ SpeechResult: 'approve all of them', Confidence: '0.9' });
    expect(call.said()).toContain('Sorry, I did not understand that. Nothing was done.');
    await call.input({ SpeechResult: 'deny three', Confidence: '0.2' });
    expect(call.said()).toContain('did not understand');
    await call.input({ Digits: '33' });
    expect(call.said()).toContain('The Bash command is: rm -rf build. To deny it, press 1.');
    await call.input({ Digits: '2' });
    expect(call.said()).toContain('Cancelled. Nothing was done.');
    await call.input({ Digits: '33' });
    await call.input({ Digits: '1' });
    expect(k.backend.answers).toEqual([
      { session: 'tmux:s3', choice: 'deny', fingerprint: 'fp-rm -rf build', channel: `phone:${OWNER}` },
    ]);
  });

  it('status, session details without screen text, retry, pause (absent), LOCKDOWN engage only after a key', async () => {
    const k = kit();
    k.backend.set({ sessions: [session(1, { state: 'error' }), session(4, { state: 'idle' })] });
    const bridge = k.make();
    await bridge.start();
    const call = new Caller(bridge);
    await call.send('/voice/answer');
    await call.input({ Digits: fakeCode(k.clock.now()) });
    await call.input({ Digits: '61' });
    expect(call.said()).toContain('Flight one: Claude in folder tower, showing an error for');
    expect(call.said()).not.toContain('SECRET');
    await call.input({ SpeechResult: 'retry one', Confidence: '0.8' });
    expect(call.said()).toContain('Tower types the word continue into it');
    await call.input({ Digits: '1' });
    expect(k.backend.texts).toEqual([{ session: 'tmux:s1', text: 'continue', submit: true }]);
    await call.input({ Digits: '5' });
    expect(call.said()).toContain('Pausing is not available in this Tower. Nothing was done.');
    await call.input({ SpeechResult: 'Lockdown!', Confidence: '0.95' });
    expect(k.backend.lockdowns).toBe(0);
    await call.input({ Digits: '1' });
    expect(k.backend.lockdowns).toBe(1);
    expect(k.backend.lockdownChannels).toEqual([expect.stringMatching(/^phone:/)]);
    expect(k.backend.snapshot.lockdown).toBe(true);
    await call.input({ Digits: '1' });
    expect(call.said()).toContain('LOCKDOWN is engaged: Tower types nothing.');
  });

  it('unsigned, forged and replayed requests get 403 and an audit record, and change nothing', async () => {
    const k = kit();
    k.backend.set({ sessions: [waitingSession()] });
    const bridge = k.make();
    await bridge.start();
    const call = new Caller(bridge);
    const params = call.params();
    expect(
      await bridge.handle({
        method: 'POST',
        path: '/voice/answer',
        nonce: null,
        url: `${BASE}/voice/answer`,
        params,
        signature: null,
      }),
    ).toMatchObject({ status: 403 });
    expect(
      await bridge.handle({
        method: 'POST',
        path: '/voice/answer',
        nonce: null,
        url: `${BASE}/voice/answer`,
        params,
        signature: fakeSign(`${BASE}/voice/answer`, { ...params, From: '+1999' }),
      }),
    ).toMatchObject({ status: 403 });
    await call.send('/voice/answer');
    await call.input({ Digits: fakeCode(k.clock.now()) });
    await call.input({ Digits: '2' });
    const captured = call.lastRequest;
    await call.input({ Digits: '1' });
    const confirm = call.lastRequest;
    expect(k.backend.answers).toHaveLength(1);
    // The captured confirm and the captured approve, replayed later: nothing happens again.
    await k.clock.advance(60_000);
    expect(await bridge.handle(confirm as PhoneRequest)).toMatchObject({ status: 403 });
    expect(await bridge.handle(captured as PhoneRequest)).toMatchObject({ status: 403 });
    expect(await call.send('/voice/answer')).toMatchObject({ status: 403 });
    expect(k.backend.answers).toHaveLength(1);
    const reasons = k.audit.ofKind('phone-webhook-refused').map((r) => r.detail.reason);
    expect(reasons).toEqual(['unsigned', 'forged', 'replayed', 'replayed', 'replayed']);
  });

  it('a nonce from one call does not work for another call', async () => {
    const k = kit();
    const bridge = k.make();
    await bridge.start();
    const a = new Caller(bridge);
    const b = new Caller(bridge);
    await a.send('/voice/answer');
    await b.send('/voice/answer');
    const nonceOfA = new URL((a.last?.next as { action: string }).action).searchParams.get('n');
    expect(await b.send('/voice/step', { Digits: fakeCode(k.clock.now()) }, nonceOfA)).toMatchObject({
      status: 403,
    });
  });

  it('the caller allowlist hangs up on other numbers before any prompt', async () => {
    const k = kit({ allowedCallers: [OWNER] });
    const bridge = k.make();
    await bridge.start();
    const stranger = new Caller(bridge, '+15550000000');
    await stranger.send('/voice/answer');
    expect(stranger.said()).toBe('This number is not available. Goodbye. <hangup>');
    expect(k.audit.ofKind('phone-caller-refused')).toHaveLength(1);
    const owner = new Caller(bridge);
    await owner.send('/voice/answer');
    expect(owner.last?.next.kind).toBe('gather');
  });

  it('five wrong codes across calls lock the line for everyone (owner told via the bridge view); it reopens later', async () => {
    const k = kit({ totp: { lockoutMs: 10 * 60_000 } });
    const bridge = k.make();
    await bridge.start();
    const first = new Caller(bridge);
    await first.send('/voice/answer');
    for (const code of ['111111', '222222', '333333']) await first.input({ Digits: code });
    expect(first.last?.next.kind).toBe('hangup');
    const second = new Caller(bridge);
    await second.send('/voice/answer');
    await second.input({ Digits: '444444' });
    await second.input({ Digits: '555555' });
    expect(second.said()).toBe('This line is not available right now. Goodbye. <hangup>');
    expect(k.reports.at(-1)).toMatchObject({ id: 'phone', state: 'down' });
    expect(k.reports.at(-1)?.reason).toContain('wrong codes');
    const third = new Caller(bridge);
    await third.send('/voice/answer');
    expect(third.said()).toBe('This line is not available right now. Goodbye. <hangup>');
    await k.clock.advance(10 * 60_000);
    expect(k.reports.at(-1)).toMatchObject({ id: 'phone', state: 'up' });
    const fourth = new Caller(bridge);
    await fourth.send('/voice/answer');
    await fourth.input({ Digits: fakeCode(k.clock.now()) });
    expect(fourth.said()).toContain('No sessions are running.');
  });

  it('the sitrep comes from an optional writer when it answers, and from the template when it fails', async () => {
    const good = kit({}, { summarize: () => Promise.resolve('All quiet: one agent working.') });
    good.backend.set({ sessions: [session(1)] });
    const bridge = good.make();
    await bridge.start();
    const call = new Caller(bridge);
    await call.send('/voice/answer');
    await call.input({ Digits: fakeCode(good.clock.now()) });
    expect(call.said()).toContain('All quiet: one agent working.');
    const bad = kit({}, { summarize: () => Promise.reject(new Error('model offline')) });
    bad.backend.set({ sessions: [session(1)] });
    const other = bad.make();
    await other.start();
    const c2 = new Caller(other);
    await c2.send('/voice/answer');
    await c2.input({ Digits: fakeCode(bad.clock.now()) });
    expect(c2.said()).toContain('One session. Flight one is working.');
    expect(bad.audit.ofKind('phone-summary-fallback')).toHaveLength(1);
  });
});

describe('PhoneBridge refusals', () => {
  it('audits a flood of forged requests up to a limit per minute, then counts them', async () => {
    const k = kit();
    const bridge = k.make();
    await bridge.start();
    const params = new Caller(bridge).params();
    const forged = () =>
      bridge.handle({
        method: 'POST',
        path: '/voice/answer',
        nonce: null,
        url: `${BASE}/voice/answer`,
        params,
        signature: 'forged',
      });
    for (let i = 0; i < 100; i += 1) expect(await forged()).toMatchObject({ status: 403 });
    expect(k.audit.ofKind('phone-webhook-refused')).toHaveLength(30);
    await k.clock.advance(60_000);
    await forged();
    expect(k.audit.ofKind('phone-webhook-refused-suppressed').map((r) => r.detail.count)).toEqual([70]);
    expect(k.audit.ofKind('phone-webhook-refused')).toHaveLength(31);
  });
});

describe('PhoneBridge pause', () => {
  it('pauses the agent pool only after the confirming key, where Tower has a pool', async () => {
    const k = kit();
    let paused = 0;
    Object.assign(k.backend, { pausePool: () => Promise.resolve(void (paused += 1)) });
    const bridge = k.make();
    await bridge.start();
    const call = new Caller(bridge);
    await call.send('/voice/answer');
    await call.input({ Digits: fakeCode(k.clock.now()) });
    await call.input({ SpeechResult: 'Pause.', Confidence: '0.9' });
    expect(call.said()).toContain('Pause the agent pool');
    expect(paused).toBe(0);
    await call.input({ Digits: '1' });
    expect(paused).toBe(1);
    expect(call.said()).toContain('Done. The agent pool is paused.');
  });
});

describe('PhoneBridge stop', () => {
  /** A call that has approved session two and is waiting for Tower to type and confirm the answer. */
  async function approvingCall(typing: Promise<AnswerOutcome>) {
    const k = kit();
    k.backend.set({ sessions: [session(1), waitingSession()] });
    k.backend.answerPrompt = () => typing;
    const bridge = k.make();
    await bridge.start();
    const call = new Caller(bridge);
    await call.send('/voice/answer');
    await call.input({ Digits: fakeCode(k.clock.now()) });
    await call.input({ SpeechResult: 'Approve.', Confidence: '0.92' });
    const confirming = call.input({ Digits: '1' });
    await Promise.resolve();
    return { k, bridge, confirming };
  }

  it('refuses new requests at once and waits for the one in progress before it reports itself stopped', async () => {
    let typed: (outcome: AnswerOutcome) => void = () => undefined;
    const { k, bridge, confirming } = await approvingCall(new Promise((r) => (typed = r)));
    let stopped = false;
    const stopping = bridge.stop().then(() => (stopped = true));
    expect(await new Caller(bridge).send('/voice/answer')).toEqual({
      status: 503,
      reason: 'the phone line is restarting',
    });
    await k.clock.advance(5_000);
    expect(stopped).toBe(false); // still waiting for the call in progress
    typed({ kind: 'delivered', keys: ['1'], confirmed: true });
    expect((await confirming).status).toBe(200);
    await stopping;
    expect(k.reports.at(-1)).toMatchObject({ id: 'phone', state: 'off', reason: 'stopped' });
    expect(k.audit.ofKind('phone-stop-timeout')).toHaveLength(0);
  });

  it('gives up on a call stuck past 10 s, and says so in the audit log', async () => {
    const { k, bridge } = await approvingCall(new Promise(() => undefined));
    const stopping = bridge.stop();
    await k.clock.advance(10_000);
    await stopping;
    expect(k.audit.ofKind('phone-stop-timeout')).toHaveLength(1);
  });
});
