/**
 * End to end: the agent pool and supervision with the real Claude Code in tmux, against the local
 * model stand-in. The pool opens agents for queued tasks (never more than max_agents), types each
 * task into an idle agent which really works on it (a scripted Write), and closes idle agents after
 * the cooldown; a `kill -9`ed agent is seen as crashed and restarted up to max_restarts, then
 * escalated; a stalled agent is classified (API retry loop, hung child) while a busy child is not
 * a stall.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolView, Snapshot } from '../../electron/contract/dto';
import { prepareClaude, type AgentLaunch } from '../agents/claude-agent';
import { startModelStandIn, type ModelStandIn } from '../agents/model-stand-in';
import { startTower, type TowerUnderTest } from './tower-harness';
import { removeLaunchRoot } from '../agents/remove-launch-root';

const SOCKET = `tower-e2e-pool-${process.pid}`;
const STALL_MS = 6_000;
const figures: string[] = [];
let tower: TowerUnderTest;
let standIn: ModelStandIn;
let launch: AgentLaunch;

beforeAll(async () => {
  standIn = await startModelStandIn();
  launch = prepareClaude({ baseUrl: standIn.url, permissionMode: 'acceptEdits' });
  tower = await startTower(SOCKET, { options: { stallAfterMs: STALL_MS } });
});

afterAll(async () => {
  await tower.stop();
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  await standIn.close();
  removeLaunchRoot(launch.root);
  process.stdout.write(`\n${figures.join('\n')}\n`);
});

const agentCommand = () => [
  'env',
  '-i',
  ...Object.entries(launch.env).map(([k, v]) => `${k}=${v}`),
  ...launch.command,
];

async function until<T>(
  what: string,
  probe: (s: Snapshot) => T | undefined | false,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Snapshot | null = null;
  for (;;) {
    last = await tower.api.getSnapshot();
    const found = probe(last);
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; pool: ${JSON.stringify(last.pool, null, 1)}; sessions: ${JSON.stringify(
          last.sessions.map((v) => [
            v.number,
            v.title,
            v.agent?.kind ?? null,
            v.gone,
            v.state,
            v.trouble,
            v.evidence,
            v.tail.slice(-6),
          ]),
          null,
          1,
        )}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

function auditKinds(): string[] {
  return readFileSync(tower.auditPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { kind: string }).kind);
}

describe('agent pool with the real Claude Code', () => {
  it('opens agents up to max_agents for the queue, hands tasks to idle agents that do them, and scales down', async () => {
    standIn.setScript([
      { kind: 'write', filePath: join(launch.cwd, 'alpha.txt'), content: 'alpha\n' },
      { kind: 'write', filePath: join(launch.cwd, 'beta.txt'), content: 'beta\n' },
    ]);
    const started = Date.now();
    await tower.api.configurePool({
      command: agentCommand(),
      cwd: launch.cwd,
      maxAgents: 2,
      cooldownMs: 4_000,
    });
    const tasks = ['create alpha.txt', 'create beta.txt', 'say hello when done'];
    for (const text of tasks) await tower.api.addTask({ text });
    const most = { agents: 0 };
    const done = await until('every task done', (s) => {
      most.agents = Math.max(most.agents, s.pool.agents.length);
      return s.pool.tasks.length === 3 && s.pool.tasks.every((t) => t.status === 'done') && s.pool;
    });
    figures.push(`pool: 3 tasks done by ${most.agents} agents in ${Date.now() - started} ms`);
    expect(most.agents).toBe(2); // three tasks queued, max_agents 2
    expect(existsSync(join(launch.cwd, 'alpha.txt'))).toBe(true);
    expect(existsSync(join(launch.cwd, 'beta.txt'))).toBe(true);
    // Each task reached the model as the user's message, typed into an agent by the pool.
    const sent = JSON.stringify(standIn.requests.map((r) => r.body));
    for (const text of tasks) expect(sent).toContain(text);
    expect(new Set(done.tasks.map((t) => t.session)).size).toBe(2);

    const scaledDown = Date.now();
    await until('the pool to close its idle agents', (s) => s.pool.agents.length === 0, 60_000);
    figures.push(
      `pool: scaled to 0 agents ${Date.now() - scaledDown} ms after the last task (cooldown 4000 ms)`,
    );
    const kinds = auditKinds();
    expect(kinds.filter((k) => k === 'pool-opened')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'pool-closed')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'task-done')).toHaveLength(3);
    await tower.api.configurePool({ maxAgents: 0 });
  });

  it('a killed agent is detected as crashed and restarted up to max_restarts, then escalated', async () => {
    await tower.api.configurePool({ maxRestarts: 1 });
    standIn.setScript([]);
    const first = await tower.api.openAgent({
      command: agentCommand(),
      cwd: launch.cwd,
      provider: 'tmux',
      title: 'crash',
    });
    await tower.waitFor(first.id, (v) => v.state === 'idle', 60_000);
    const pidOf = (id: string) =>
      tower.supervisor.getSnapshot().then((s) => s.sessions.find((v) => v.id === id)?.pid);

    const killedAt = Date.now();
    process.kill((await pidOf(first.id)) ?? 0, 'SIGKILL');
    const restarted = await until('a restart', (s) => firstIncident(s.pool, first.id, 'restarted'));
    figures.push(`crash: kill -9 → restarted in ${Date.now() - killedAt} ms`);
    expect(restarted).toMatchObject({ kind: 'crash', cause: 'killed by a signal or lost' });
    expect(restarted.detail).toMatch(/restart 1 of 1/);
    const second = await until('the restarted agent', (s) =>
      s.sessions.find((v) => v.id !== first.id && !v.gone && v.title === 'crash' && v.state === 'idle'),
    );

    process.kill((await pidOf(second.id)) ?? 0, 'SIGKILL');
    const escalated = await until('an escalation', (s) => firstIncident(s.pool, second.id, 'escalated'));
    expect(escalated).toMatchObject({ kind: 'crash', cause: 'killed by a signal or lost' });
    expect(escalated.detail).toMatch(/restarted 1 times already \(max 1\)/);
    await new Promise((r) => setTimeout(r, 3_000)); // nothing else opens after the escalation
    const live = (await tower.api.getSnapshot()).sessions.filter((v) => v.title === 'crash' && !v.gone);
    expect(live.every((v) => v.state === 'exited')).toBe(true);
    await tower.api.closeAgent({ session: second.id });
  });

  it('stalls are classified: an API retry loop, a hung child; a busy child is not a stall', async () => {
    // Claude Code retries a 500 with back-off (`retrying in 2s · attempt 1/10`) until the script changes.
    standIn.setScript([{ kind: 'error', status: 500, message: 'Internal server error', times: 50 }]);
    const view = await tower.api.openAgent({
      command: agentCommand(),
      cwd: launch.cwd,
      provider: 'tmux',
      title: 'stall',
    });
    await tower.waitFor(view.id, (v) => v.state === 'idle', 60_000);

    await tower.api.sendText({ session: view.id, text: 'answer me' });
    const retry = await tower.waitFor(view.id, (v) => v.state === 'stalled', 60_000);
    expect(retry.trouble).toMatchObject({ kind: 'stall', cause: 'api-retry' });
    standIn.setScript([
      // A child that waits using no CPU (Claude Code itself refuses a long plain `sleep`).
      { kind: 'bash', command: 'timeout 25 tail -f /dev/null', description: 'Wait' },
      { kind: 'text', text: 'Waited.' },
      { kind: 'bash', command: "timeout 14 sh -c 'while :; do :; done'", description: 'Spin' },
      { kind: 'text', text: 'Spun.' },
    ]);

    await approveWhenAsked(view.id); // the next retry gets the Bash step
    const hung = await tower.waitFor(view.id, (v) => v.state === 'stalled', 40_000);
    expect(hung.trouble).toMatchObject({ kind: 'stall', cause: 'hung-child' });
    figures.push(`stall: hung child classified; evidence: ${hung.evidence.at(-1) ?? ''}`);
    await tower.waitFor(view.id, (v) => v.state === 'idle', 60_000);

    await tower.api.sendText({ session: view.id, text: 'spin a while' });
    await approveWhenAsked(view.id);
    await tower.waitFor(view.id, (v) => v.state === 'working', 30_000);
    const spinStart = Date.now();
    await tower.waitFor(view.id, (v) => v.state === 'idle', 60_000);
    const states = tower
      .history(view.id)
      .filter((h) => h.at >= spinStart)
      .map((h) => h.view.state);
    figures.push(
      `stall: busy child ran ${Date.now() - spinStart} ms (stall limit ${STALL_MS} ms); states ${[...new Set(states)].join(',')}`,
    );
    expect(Date.now() - spinStart).toBeGreaterThan(STALL_MS + 2_000);
    expect(states).not.toContain('stalled');
    const escalations = (await tower.api.getSnapshot()).pool.incidents.filter((i) => i.session === view.id);
    expect(escalations.map((i) => [i.kind, i.cause, i.action])).toEqual([
      ['stall', 'hung-child', 'escalated'],
      ['stall', 'api-retry', 'escalated'],
    ]);
    await tower.api.closeAgent({ session: view.id });
  });
  it('checkpoint-respawn: an agent at its context limit is reopened with --continue once, and keeps its conversation', async () => {
    await tower.api.configurePool({ maxRestarts: 3 });
    // Each turn's reply is scripted just before the turn, so an extra request in between cannot take it.
    standIn.setScript([{ kind: 'text', text: 'Noted: teal.' }]);
    const first = await tower.api.openAgent({
      command: agentCommand(),
      cwd: launch.cwd,
      provider: 'tmux',
      title: 'respawn',
    });
    await tower.waitFor(first.id, (v) => v.state === 'idle', 60_000);
    await tower.api.sendText({ session: first.id, text: 'remember the word teal' });
    await tower.waitFor(
      first.id,
      (v) => v.state === 'idle' && v.tail.some((l) => l.includes('Noted: teal.')),
      30_000,
    );
    // Repeated: Claude Code first retries with a compacted prompt, and that request is told the same.
    standIn.setScript([
      {
        kind: 'error',
        status: 400,
        message: 'prompt is too long: 250000 tokens > 200000 maximum',
        times: 50,
      },
    ]);
    await tower.api.sendText({ session: first.id, text: 'now port everything' });
    const respawned = await until('a respawn', (s) => firstIncident(s.pool, first.id, 'respawned'));
    expect(respawned).toMatchObject({ kind: 'context-limit' });
    standIn.setScript([{ kind: 'text', text: 'Continuing.' }]);
    const second = await until('the respawned agent', (s) =>
      s.sessions.find(
        (v) =>
          v.id !== first.id && !v.gone && v.title === 'respawn' && v.agent !== null && v.state !== 'starting',
      ),
    );
    // The resumed conversation replays the old limit on screen; that is not a new limit.
    await new Promise((r) => setTimeout(r, 4_000));
    const opened = readFileSync(tower.auditPath, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"kind":"open"'))
      .map((l) => JSON.parse(l) as { detail: { command: string[]; title: string } })
      .filter((r) => r.detail.title === 'respawn');
    expect(opened.map((r) => r.detail.command.at(-1))).toEqual([launch.command.at(-1), '--continue']);
    const before = standIn.requests.length;
    await tower.api.sendText({ session: second.id, text: 'go on' });
    await until('the model to be asked again', () => standIn.remaining().length === 0, 30_000);
    const resumed = JSON.stringify(standIn.requests.slice(before).map((r) => r.body));
    expect(resumed).toContain('remember the word teal'); // the conversation came back with --continue
    await tower.api.closeAgent({ session: second.id });
  });
});

/** The owner approves the agent's Bash prompt through the API (the command runs as the owner allowed). */
async function approveWhenAsked(session: string): Promise<void> {
  const asking = await tower.waitFor(session, (v) => v.state === 'permission', 60_000);
  const outcome = await tower.api.answerPrompt({
    session,
    choice: 'approve',
    fingerprint: asking.prompt?.fingerprint,
    channel: 'e2e',
  });
  expect(outcome.kind).toBe('delivered');
}

function firstIncident(pool: PoolView, session: string, action: string) {
  return pool.incidents.find((i) => i.session === session && i.action === action);
}
