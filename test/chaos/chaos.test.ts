/**
 * Chaos: while a real Tower watches canary panes (tmux on a private socket, and node-pty) and types
 * into them, panes, agent processes and the whole tmux server are killed at random. Tower's view must
 * converge with `tmux list-panes` (timed), nothing may crash, and every byte a pane received must be
 * one that was sent to that pane, in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../electron/contract/dto';
import { resolveSocket } from '../../electron/adapters/terminal/tmux/tmux-sockets';
import { canaryPaneCommand, fixtureScreen, recorded } from '../bad-input/canary-pane';
import { startTower, type TowerUnderTest } from '../e2e/tower-harness';
import { sameSet, tmuxOn, tmuxPanes, towerTmuxPanes } from './ground-truth';
import { summarise } from '../../bench/stats';

const SOCKET = `tower-chaos-${process.pid}`;
const IDLE = fixtureScreen('captured/claude-idle-after-turn.txt');
const ROUNDS = 16;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let tower: TowerUnderTest;
let dir: string;
let latest: Snapshot | null = null;
let latestAt = 0;
const failures: unknown[] = [];
const onFailure = (error: unknown) => failures.push(error);
/** Record file → the texts sent to it (through Tower's API) in order. */
const sent = new Map<string, string[]>();
const recordOf = new Map<string, string>(); // session id → record file
const convergeMs: number[] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onFailure);
  process.on('uncaughtException', onFailure);
  dir = mkdtempSync(join(tmpdir(), 'tower-chaos-'));
  tower = await startTower(SOCKET);
  tower.supervisor.on('snapshot', (s) => {
    latest = s;
    latestAt = Date.now();
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onFailure);
  process.off('uncaughtException', onFailure);
  await tower.stop();
  await tmuxOn(SOCKET, ['kill-server']);
  rmSync(resolveSocket(SOCKET), { force: true });
  rmSync(dir, { recursive: true, force: true });
  const s = summarise(convergeMs);
  process.stdout.write(
    `\nchaos: ground truth converged after ${s.n} disruptions: p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms\n`,
  );
});

let counter = 0;
async function openCanary(provider: 'tmux' | 'pty'): Promise<void> {
  const name = `chaos-${provider}-${counter++}`;
  const { argv, record } = canaryPaneCommand(dir, name, IDLE);
  const view = await tower.api.openAgent({ command: argv, provider, title: name });
  recordOf.set(view.id, record);
  sent.set(record, []);
}

/**
 * Waits until Tower's published tmux sessions (pane and dead/alive) equal what tmux lists, and a
 * killed pty agent shows as exited; returns how long after `since` the agreeing snapshot came.
 */
async function converge(since: number, ptyKilled: string | null = null): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const truth = await tmuxPanes(SOCKET);
    const view = latest ?? (await tower.api.getSnapshot());
    const pty = view.sessions.find((s) => s.id === ptyKilled);
    const ptyAgrees = ptyKilled === null || pty === undefined || pty.gone || pty.state === 'exited';
    if (sameSet(truth, towerTmuxPanes(view)) && ptyAgrees) return Math.max(0, latestAt - since);
    if (Date.now() > deadline)
      throw new Error(
        `no convergence: tmux ${[...truth].join()} vs tower ${[...towerTmuxPanes(view)].join()}`,
      );
    await sleep(10);
  }
}

function live(provider?: string) {
  return (latest?.sessions ?? []).filter(
    (s) => !s.gone && s.state === 'idle' && recordOf.has(s.id) && (!provider || s.provider === provider),
  );
}

function pick<T>(list: readonly T[]): T | undefined {
  return list[Math.floor(Math.random() * list.length)];
}

/** Types a unique token into a random live canary; remembers it only if Tower accepted it. */
async function typeSomewhere(round: number): Promise<void> {
  const target = pick(live());
  if (!target) return;
  const text = `<${target.number}:${round}>`;
  const ok = await tower.api
    .sendText({ session: target.id, text, submit: false })
    .then(() => true)
    .catch(() => false);
  const record = recordOf.get(target.id);
  if (ok && record) sent.get(record)?.push(text);
}

/** Each disruption resolves with the pty session it killed, if any (tmux changes show in list-panes). */
const disruptions: Record<string, () => Promise<string | null>> = {
  killPane: async () => {
    const target = pick(live('tmux'));
    if (target) await tmuxOn(SOCKET, ['kill-pane', '-t', target.terminalId.split('|').at(-1) ?? '']);
    return null;
  },
  killAgent: () => {
    const target = pick(live());
    if (target?.pid) process.kill(target.pid, 'SIGKILL');
    return Promise.resolve(target?.provider === 'pty' ? target.id : null);
  },
  killServer: async () => {
    await tmuxOn(SOCKET, ['kill-server']);
    return null;
  },
};

describe('chaos', () => {
  it('kills panes, agents and the tmux server; Tower converges, types only where it meant to', async () => {
    for (let i = 0; i < 4; i++) await openCanary('tmux');
    for (let i = 0; i < 2; i++) await openCanary('pty');
    await converge(Date.now());
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all([typeSomewhere(round), typeSomewhere(round + 1000)]);
      const kind = round % 8 === 7 ? 'killServer' : pick(['killPane', 'killAgent', 'killPane'] as const);
      const at = Date.now();
      const ptyKilled = (await disruptions[kind ?? 'killPane']?.()) ?? null;
      // Type while Tower may still hold the stale view: it must refuse or hit the right pane.
      await typeSomewhere(round + 2000);
      convergeMs.push(await converge(at, ptyKilled));
      if (live('tmux').length < 3) await openCanary('tmux');
      if (live('pty').length < 1) await openCanary('pty');
      await converge(Date.now());
    }
    await sleep(300); // let the last typed bytes land

    for (const [record, texts] of sent) {
      const got = recorded(record).toString();
      // A killed pane may have died before reading everything sent: a prefix is fine, a foreign byte is not.
      expect(texts.join('').startsWith(got), `${record}: got ${got}, sent ${texts.join('')}`).toBe(true);
    }
    expect([...sent.values()].flat().length).toBeGreaterThan(ROUNDS);
    expect(failures).toEqual([]);
    expect(convergeMs.length).toBe(ROUNDS);
  });
});
