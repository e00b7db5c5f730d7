import { describe, expect, it } from 'vitest';
import type { TypedInput } from '../ports';
import { Supervisor } from '../supervisor';
import { FakeClock } from '../testing/fake-clock';
import { FakeTerminalDriver } from '../testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from '../testing/memory-audit';
import { scriptedDetector } from '../testing/scripted-detector';
import { HEALTHY_RUN_MS } from './recovery';

function setup(store = new MemoryStore(), clock = new FakeClock()) {
  const driver = new FakeTerminalDriver('tmux');
  const audit = new MemoryAuditSink();
  const opened: string[][] = [];
  const openedIds: string[] = [];
  const open = driver.open.bind(driver);
  driver.open = async (spec) => {
    opened.push([...spec.command]);
    const info = await open(spec);
    openedIds.push(info.id);
    return info;
  };
  const supervisor = new Supervisor({
    drivers: [driver],
    detector: scriptedDetector,
    clock,
    audit,
    store,
    options: { settleMs: 0, submitDelayMs: 0, stallAfterMs: 120_000 },
  });
  const toasts: string[] = [];
  supervisor.on('toast', (t) => toasts.push(t.message));
  return { clock, driver, audit, supervisor, store, opened, openedIds, toasts };
}

type Setup = ReturnType<typeof setup>;

const texts = (typed: readonly TypedInput[]) =>
  typed.flatMap((t) => (t.kind === 'text' ? [t.text] : t.keys.map((k) => `<${k}>`)));

async function pool(t: Setup) {
  return (await t.supervisor.getSnapshot()).pool;
}

async function started(maxAgents = 8, more: Record<string, unknown> = {}) {
  const t = setup();
  await t.supervisor.start();
  await t.supervisor.configurePool({
    command: ['claude'],
    cwd: '/work/p',
    maxAgents,
    cooldownMs: 60_000,
    ...more,
  });
  return t;
}

/** The pool's terminals (fake ids), in the order opened. */
async function agentIds(t: Setup): Promise<string[]> {
  return (await pool(t)).agents.map((a) => a.session.replace('tmux:', ''));
}

describe('agent pool', () => {
  it('opens agents up to max_agents while the queue is deeper than the agents, and hands each a task when idle', async () => {
    const t = await started(2);
    for (const text of ['fix the tests', 'write the docs', 'bump the version'])
      await t.supervisor.addTask({ text });
    await t.supervisor.scanNow();
    expect(t.opened).toEqual([['claude'], ['claude']]); // 3 queued, max 2
    const [a, b] = await agentIds(t);
    t.driver.setScreen(a as string, ['STATE idle']);
    await t.supervisor.scanNow();
    expect(texts(t.driver.typed(a as string))).toEqual(['fix the tests', '<Enter>']);
    expect(t.driver.typed(b as string)).toEqual([]); // still starting: nothing typed into it
    const tasks = (await t.supervisor.listTasks()).map((x) => [x.id, x.status, x.session]);
    expect(tasks).toEqual([
      ['t1', 'running', `tmux:${a}`],
      ['t2', 'queued', null],
      ['t3', 'queued', null],
    ]);
    expect(t.audit.ofKind('task-handed')).toHaveLength(1);
    expect(t.audit.ofKind('typed').map((r) => r.channel)).toEqual(['pool', 'pool']);
  });

  it('a task is done when its agent went busy and idle again; the next task follows; idle agents close after the cooldown', async () => {
    const t = await started(1);
    await t.supervisor.addTask({ text: 'one' });
    await t.supervisor.addTask({ text: 'two' });
    await t.supervisor.scanNow();
    const [a = ''] = await agentIds(t);
    t.driver.setScreen(a, ['STATE idle']);
    await t.supervisor.scanNow();
    t.driver.setScreen(a, ['STATE working']);
    await t.supervisor.scanNow();
    expect(texts(t.driver.typed(a))).toEqual(['one', '<Enter>']);
    t.driver.setScreen(a, ['STATE idle', 'done one']);
    await t.supervisor.scanNow(); // t1 done, t2 handed over in the same step
    expect(texts(t.driver.typed(a))).toEqual(['one', '<Enter>', 'two', '<Enter>']);
    t.driver.setScreen(a, ['STATE working']);
    await t.supervisor.scanNow();
    t.driver.setScreen(a, ['STATE idle', 'done two']);
    await t.supervisor.scanNow();
    expect((await t.supervisor.listTasks()).map((x) => x.status)).toEqual(['done', 'done']);
    expect(t.opened).toHaveLength(1);

    await t.clock.advance(59_000);
    expect(await agentIds(t)).toEqual([a]);
    await t.clock.advance(4_000);
    expect(await agentIds(t)).toEqual([]);
    expect(t.audit.ofKind('pool-closed')[0]?.detail).toMatchObject({
      why: 'idle past the cooldown, queue empty',
    });
    t.supervisor.stop();
  });

  it('keeps the queue, settings and restart counters across a restart (durable)', async () => {
    const store = new MemoryStore();
    const first = setup(store);
    await first.supervisor.start();
    await first.supervisor.configurePool({ paused: true, maxAgents: 3 });
    await first.supervisor.addTask({ text: 'survive me' });
    first.supervisor.stop();
    const second = setup(store);
    await second.supervisor.start();
    const view = await pool(second);
    expect(view).toMatchObject({ paused: true, maxAgents: 3 });
    expect(view.tasks.map((x) => [x.id, x.text, x.status])).toEqual([['t1', 'survive me', 'queued']]);
    expect((await second.supervisor.addTask({ text: 'next' })).id).toBe('t2');
    second.supervisor.stop();
  });

  it('pause and LOCKDOWN freeze the pool: nothing opened, nothing typed', async () => {
    const t = await started(2, { paused: true });
    await t.supervisor.addTask({ text: 'wait' });
    await t.supervisor.scanNow();
    expect(t.opened).toEqual([]);
    await t.supervisor.configurePool({ paused: false });
    await t.supervisor.lockdown({ engaged: true });
    await t.supervisor.scanNow();
    expect(t.opened).toEqual([]);
    await t.supervisor.lockdown({ engaged: false });
    await t.supervisor.scanNow();
    expect(t.opened).toHaveLength(1);
    const [a = ''] = await agentIds(t);
    await t.supervisor.lockdown({ engaged: true });
    t.driver.setScreen(a, ['STATE idle']);
    await t.supervisor.scanNow();
    expect(t.driver.typed(a)).toEqual([]);
    expect((await t.supervisor.listTasks())[0]?.status).toBe('queued');
  });

  it('removes queued tasks, refuses running or unknown ones with a clear error', async () => {
    const t = await started(1);
    await t.supervisor.addTask({ text: 'a' });
    await t.supervisor.addTask({ text: 'b' });
    await t.supervisor.scanNow();
    const [a = ''] = await agentIds(t);
    t.driver.setScreen(a, ['STATE idle']);
    await t.supervisor.scanNow();
    await expect(t.supervisor.removeTask({ id: 't1' })).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(t.supervisor.removeTask({ id: 't9' })).rejects.toMatchObject({ code: 'invalid-arguments' });
    await t.supervisor.removeTask({ id: 't2' });
    expect((await t.supervisor.listTasks()).map((x) => x.id)).toEqual(['t1']);
  });

  it('broadcasts to every pool agent except one showing a prompt', async () => {
    const t = await started(3);
    for (const text of ['a', 'b', 'c']) await t.supervisor.addTask({ text });
    await t.supervisor.scanNow();
    const [a = '', b = '', c = ''] = await agentIds(t);
    t.driver.setScreen(a, ['STATE working']);
    t.driver.setScreen(b, ['ASK rm -rf build']);
    t.driver.setScreen(c, ['STATE working']);
    await t.supervisor.scanNow();
    const result = await t.supervisor.broadcast({ text: 'wrap up and commit' });
    expect(result).toEqual({ delivered: [`tmux:${a}`, `tmux:${c}`], skipped: [`tmux:${b}`] });
    expect(texts(t.driver.typed(a))).toEqual(['wrap up and commit', '<Enter>']);
    expect(t.driver.typed(b)).toEqual([]);
    await t.supervisor.lockdown({ engaged: true });
    await expect(t.supervisor.broadcast({ text: 'x' })).rejects.toMatchObject({ code: 'lockdown' });
  });
});

/** One pool agent (max 1 restart) with a task, and a crash of whichever agent is current. */
async function oneAgentCrashing() {
  const t = await started(1, { maxRestarts: 1 });
  await t.supervisor.addTask({ text: 'job' });
  await t.supervisor.scanNow();
  let [a = ''] = await agentIds(t);
  const crash = async () => {
    t.driver.setInfo(a, { alive: false, exitCode: 1 });
    await t.supervisor.scanNow();
    [a = ''] = await agentIds(t);
  };
  return { t, crash };
}

describe('supervision: crashes, limits, stalls', () => {
  it('restarts a crashed agent it opened up to max_restarts, requeues its task, then escalates', async () => {
    const t = await started(1, { maxRestarts: 2 });
    await t.supervisor.addTask({ text: 'long job' });
    await t.supervisor.scanNow();
    let [a = ''] = await agentIds(t);
    t.driver.setScreen(a, ['STATE idle']);
    await t.supervisor.scanNow();
    for (let round = 1; round <= 2; round++) {
      t.driver.setInfo(a, { alive: false, exitCode: null }); // kill -9
      await t.supervisor.scanNow();
      const [next = ''] = await agentIds(t);
      expect(next).not.toBe(a);
      expect(t.opened).toHaveLength(1 + round);
      a = next;
      const view = await pool(t);
      expect(view.incidents[0]).toMatchObject({ kind: 'crash', action: 'restarted' });
      expect(view.tasks[0]?.status).toBe('queued'); // back in the queue for the restarted agent
      t.driver.setScreen(a, ['STATE idle']);
      await t.supervisor.scanNow();
      expect(texts(t.driver.typed(a))).toEqual(['long job', '<Enter>']);
    }
    t.driver.setInfo(a, { alive: false, exitCode: 137 });
    await t.supervisor.scanNow();
    expect(t.opened).toHaveLength(3);
    const view = await pool(t);
    expect(view.incidents[0]).toMatchObject({ kind: 'crash', action: 'escalated', cause: 'exit code 137' });
    expect(t.toasts.some((m) => m.includes('restarted 2 times already'))).toBe(true);
    await t.supervisor.scanNow();
    expect(t.audit.ofKind('supervision-escalated')).toHaveLength(1); // once per episode, not per scan
  });

  it('an agent that ran well for ten minutes since its last restart has its restart budget back', async () => {
    const { t, crash } = await oneAgentCrashing();
    await crash(); // restart 1 of 1
    expect(t.opened).toHaveLength(2);
    await t.clock.advance(HEALTHY_RUN_MS - 1_000);
    await crash(); // 9 min 59 s later: still the same episode, the budget is spent
    expect((await pool(t)).incidents[0]).toMatchObject({ action: 'escalated' });
    expect(t.toasts.some((m) => m.includes('restarted 1 times already'))).toBe(true);
    // A crash loop pauses the pool: the queued task is not handed to agent after agent of a broken command.
    expect((await pool(t)).paused).toBe(true);
    expect(t.toasts.some((m) => m.startsWith('pool paused: a pool agent keeps crashing'))).toBe(true);
    await t.clock.advance(60_000);
    await t.supervisor.scanNow();
    expect(t.opened).toHaveLength(2);
    expect(t.audit.ofKind('pool-paused')).toHaveLength(1);
  });

  it('a pool agent that exits right after it opens pauses the pool instead of being reopened forever', async () => {
    const t = await started(2);
    await t.supervisor.addTask({ text: 'job' });
    await t.supervisor.scanNow();
    const [a = ''] = await agentIds(t);
    await t.clock.advance(5_000);
    t.driver.setInfo(a, { alive: false, exitCode: 0 }); // e.g. a bad flag: usage printed, exit 0
    await t.supervisor.scanNow();
    await t.supervisor.scanNow();
    expect(t.opened).toHaveLength(1);
    expect((await pool(t)).paused).toBe(true);
    expect((await pool(t)).tasks[0]?.status).toBe('queued'); // nothing lost
    expect(t.toasts.some((m) => m.includes('exited 5 s after it opened'))).toBe(true);
  });

  it('a crash after a healthy run restarts again (counted from 1)', async () => {
    const { t, crash } = await oneAgentCrashing();
    await crash();
    expect(t.opened).toHaveLength(2);
    await t.clock.advance(HEALTHY_RUN_MS);
    await crash();
    expect(t.opened).toHaveLength(3);
    expect((await pool(t)).incidents[0]).toMatchObject({ action: 'restarted' });
    expect((await pool(t)).incidents[0]?.detail).toContain('restart 1 of 1');
  });

  it('a clean exit is not a crash; a terminal Tower did not open is escalated, never restarted', async () => {
    const t = setup();
    const mine = t.driver.add({ currentCommand: 'claude', lines: ['STATE working'] });
    await t.supervisor.start();
    t.driver.setInfo(mine, { alive: false, exitCode: 0 });
    await t.supervisor.scanNow();
    expect((await pool(t)).incidents).toEqual([]);
    const other = t.driver.add({ currentCommand: 'claude', lines: ['STATE working'] });
    await t.supervisor.scanNow();
    t.driver.setInfo(other, { alive: false, exitCode: 2 });
    await t.supervisor.scanNow();
    expect((await pool(t)).incidents[0]).toMatchObject({ action: 'escalated', kind: 'crash' });
    expect(t.opened).toEqual([]);
  });

  it('under LOCKDOWN a crash is recorded as frozen and restarted only once LOCKDOWN is lifted', async () => {
    const t = setup();
    await t.supervisor.start();
    const view = await t.supervisor.openAgent({ command: ['claude', '--model', 'x'], cwd: '/p' });
    await t.supervisor.lockdown({ engaged: true });
    t.driver.setInfo(view.terminalId, { alive: false, exitCode: 1 });
    await t.supervisor.scanNow();
    expect((await pool(t)).incidents[0]).toMatchObject({ action: 'frozen' });
    expect(t.opened).toHaveLength(1);
    await t.supervisor.lockdown({ engaged: false });
    await t.supervisor.scanNow();
    expect(t.opened).toEqual([
      ['claude', '--model', 'x'],
      ['claude', '--model', 'x'],
    ]);
  });

  it('checkpoint-respawn: an agent at its context limit is restarted with --continue', async () => {
    const t = setup();
    await t.supervisor.start();
    const view = await t.supervisor.openAgent({ command: ['claude'], cwd: '/p' });
    t.driver.setScreen(view.terminalId, [
      'STATE error',
      '  ⎿  Context limit reached · /compact or /clear to continue',
    ]);
    await t.supervisor.scanNow();
    expect(t.opened).toEqual([['claude'], ['claude', '--continue']]);
    expect((await pool(t)).incidents[0]).toMatchObject({ kind: 'context-limit', action: 'respawned' });
    // The resumed conversation replays the old limit on screen: not acted on until the agent worked again.
    const limitScreen = ['STATE error', '  ⎿  Context limit reached · /compact or /clear to continue'];
    const [, second = ''] = t.openedIds;
    t.driver.setScreen(second, limitScreen);
    await t.supervisor.scanNow();
    await t.supervisor.scanNow();
    expect(t.opened).toHaveLength(2);
    t.driver.setScreen(second, ['STATE working']);
    await t.supervisor.scanNow();
    t.driver.setScreen(second, [...limitScreen, 'again']);
    await t.supervisor.scanNow();
    expect(t.opened).toEqual([['claude'], ['claude', '--continue'], ['claude', '--continue']]);
  });

  it('a usage limit marks the session limited with its reset time, and resumes it at reset when enabled', async () => {
    const t = setup(new MemoryStore(), new FakeClock(Date.UTC(2026, 10, 22, 19, 0)));
    const id = t.driver.add({ currentCommand: 'claude', lines: ['STATE working'] });
    await t.supervisor.start();
    await t.supervisor.configurePool({ resumeAfterLimit: true });
    t.driver.setScreen(id, ['STATE error', '● You’ve hit your limit · resets 1:30am (Asia/Dhaka)']);
    await t.supervisor.scanNow();
    const session = (await t.supervisor.getSnapshot()).sessions[0];
    expect(session?.state).toBe('limited');
    const resetsAt = session?.trouble?.resetsAt ?? 0;
    expect(resetsAt).toBeGreaterThan(t.clock.now());
    expect((await pool(t)).incidents[0]).toMatchObject({ kind: 'usage-limit', action: 'waiting' });
    await t.clock.advance(resetsAt - t.clock.now() + 30_000);
    expect(t.driver.typed(id)).toEqual([]); // not before reset + grace
    await t.clock.advance(40_000);
    expect(texts(t.driver.typed(id))).toEqual(['continue', '<Enter>']);
    expect((await pool(t)).incidents[0]).toMatchObject({ action: 'resumed' });
    t.supervisor.stop();
  });

  it('a usage limit with resume off is escalated and nothing is typed', async () => {
    const t = setup();
    const id = t.driver.add({
      currentCommand: 'claude',
      lines: ['STATE error', "You've hit your limit · resets 3pm"],
    });
    await t.supervisor.start();
    expect((await pool(t)).incidents[0]).toMatchObject({ action: 'escalated', kind: 'usage-limit' });
    expect(t.driver.typed(id)).toEqual([]);
  });

  it('a working agent with a still screen and an idle child is stalled (hung child) and escalated; a busy child is not', async () => {
    const t = setup();
    const agent = { pid: 500, command: 'claude', args: 'claude', cpuMs: 0 };
    const hung = t.driver.add({
      currentCommand: 'claude',
      pid: 500,
      lines: ['STATE working', '● Bash(sleep 999)'],
    });
    const busy = t.driver.add({
      currentCommand: 'claude',
      pid: 600,
      lines: ['STATE working', '● Bash(make)'],
    });
    t.driver.setInfo(hung, {
      processes: [agent, { pid: 501, command: 'sleep', args: 'sleep 999', cpuMs: 2 }],
    });
    await t.supervisor.start();
    for (let s = 10; s <= 130; s += 10) {
      t.driver.setInfo(busy, { processes: [{ pid: 601, command: 'cc1', args: 'cc1 x.c', cpuMs: s * 900 }] });
      await t.clock.advance(10_000);
    }
    const sessions = (await t.supervisor.getSnapshot()).sessions;
    expect(sessions.map((s) => [s.state, s.trouble?.cause ?? null])).toEqual([
      ['stalled', 'hung-child'],
      ['working', null],
    ]);
    expect((await pool(t)).incidents).toHaveLength(1);
    expect(t.toasts.some((m) => m.includes('stall'))).toBe(true);
    t.supervisor.stop();
  });
});
