/**
 * Chaos: Tower itself dies with SIGKILL (no clean-up of any kind) while agents run in tmux, and is
 * started again over the same state directory. The agents keep running; the new Tower's view must
 * converge with `tmux list-panes` (timed from the restart), type nothing on its own, keep LOCKDOWN,
 * and find an audit log whose hash chain still verifies. Mid-approval restarts: restart.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TowerApi } from '../../electron/contract/api';
import type { Snapshot } from '../../electron/contract/dto';
import { verifyAuditFile } from '../../electron/adapters/storage/audit-verify';
import { resolveSocket } from '../../electron/adapters/terminal/tmux/tmux-sockets';
import { createHttpClient } from '../../electron/transport/http-client';
import { summarise } from '../../bench/stats';
import { canaryPaneCommand, fixtureScreen, recorded } from '../bad-input/canary-pane';
import { sameSet, tmuxOn, tmuxPanes, towerTmuxPanes } from './ground-truth';

const SOCKET = `tower-chaos-kill-${process.pid}`;
const IDLE = fixtureScreen('captured/claude-idle-after-turn.txt');
const CHILD = join(import.meta.dirname, 'tower-process.ts');
const RESTARTS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunningTower {
  readonly child: ChildProcess;
  readonly api: TowerApi;
  readonly pid: number;
}

let home: string;
let dir: string;
let tower: RunningTower | null = null;
const restartToApiMs: number[] = [];
const restartToTruthMs: number[] = [];

/** Starts Tower in its own process over `home`; resolves once its API answers. */
async function startTowerProcess(): Promise<RunningTower> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, SOCKET, home], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code, signal) =>
      reject(new Error(`Tower exited (${code ?? signal}) before its API was up: ${stderr}`)),
    );
  });
  const { url, token, pid } = JSON.parse(line) as { url: string; token: string; pid: number };
  return { child, pid, api: createHttpClient({ url, token, timeoutMs: 30_000 }) };
}

function killTower(t: RunningTower): Promise<void> {
  const exited = new Promise<void>((resolve) => t.child.once('exit', () => resolve()));
  process.kill(t.pid, 'SIGKILL');
  return exited;
}

/** Polls until `check` holds for Tower's snapshot; resolves with that snapshot. */
async function until(api: TowerApi, what: string, check: (s: Snapshot) => boolean | Promise<boolean>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const snapshot = await api.getSnapshot();
    if (await check(snapshot)) return snapshot;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Tower lists exactly the panes tmux lists, every one of them idle. */
async function agreesWithTmux(s: Snapshot): Promise<boolean> {
  const live = s.sessions.filter((v) => v.provider === 'tmux' && !v.gone);
  return sameSet(await tmuxPanes(SOCKET), towerTmuxPanes(s)) && live.every((v) => v.state === 'idle');
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tower-chaos-kill-home-'));
  dir = mkdtempSync(join(tmpdir(), 'tower-chaos-kill-'));
});

afterAll(async () => {
  if (tower) await killTower(tower);
  await tmuxOn(SOCKET, ['kill-server']);
  rmSync(resolveSocket(SOCKET), { force: true });
  rmSync(home, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  const api = summarise(restartToApiMs);
  const truth = summarise(restartToTruthMs);
  process.stdout.write(
    `\nchaos kill -9: ${truth.n} restarts; API up after p50 ${api.p50} ms (max ${api.max}); ` +
      `ground truth after p50 ${truth.p50} ms, max ${truth.max} ms\n`,
  );
});

describe('kill -9 of Tower while agents run', () => {
  it('the agents survive; a restarted Tower converges, types nothing, keeps LOCKDOWN and its audit chain', async () => {
    tower = await startTowerProcess();
    // Canary title → its record file and everything sent to it through the API.
    const records = new Map<string, { record: string; sent: string }>();
    for (let i = 0; i < 3; i++) {
      const { argv, record } = canaryPaneCommand(dir, `kill-${i}`, IDLE);
      await tower.api.openAgent({ command: argv, provider: 'tmux', title: `kill-${i}` });
      records.set(`kill-${i}`, { record, sent: '' });
    }
    await until(tower.api, 'three idle canaries', agreesWithTmux);
    const panesBefore = await tmuxPanes(SOCKET);

    for (let round = 0; round < RESTARTS; round++) {
      const live = (await tower.api.getSnapshot()).sessions.filter((v) => v.provider === 'tmux' && !v.gone);
      // Type into one agent, then kill Tower right after the call returns (Enter never sent).
      const target = live[round % live.length];
      expect(target).toBeDefined();
      const text = `<kill-${round}>`;
      await tower.api.sendText({ session: target!.id, text, submit: false });
      const entry = records.get(target!.title);
      expect(entry).toBeDefined();
      entry!.sent += text;
      if (round === 1) await tower.api.lockdown({ engaged: true, channel: 'api' });
      await killTower(tower);
      tower = null;

      // The agents do not depend on Tower: tmux still holds every pane, alive.
      expect(await tmuxPanes(SOCKET)).toEqual(panesBefore);
      const restartedAt = Date.now();
      tower = await startTowerProcess();
      restartToApiMs.push(Date.now() - restartedAt);
      const seen = await until(tower.api, 'the restarted Tower to agree with tmux', agreesWithTmux);
      restartToTruthMs.push(Date.now() - restartedAt);
      expect(seen.sessions.filter((v) => !v.gone).length).toBe(3);
      expect(seen.lockdown).toBe(round === 1);
      if (round === 1) {
        // LOCKDOWN engaged before the kill is still engaged, and still refuses typing; then lifted.
        await expect(tower.api.sendText({ session: target!.id, text: 'x', submit: false })).rejects.toThrow(
          /LOCKDOWN/i,
        );
        await tower.api.lockdown({ engaged: false, channel: 'api' });
      }
    }
    await sleep(300); // any stray keystroke would land by now

    // Each agent received exactly what was sent to it through the API, nothing replayed or misrouted.
    for (const { record, sent } of records.values()) expect(recorded(record).toString()).toBe(sent);
    expect([...records.values()].map((r) => r.sent).join('')).toContain('<kill-2>');
    // Killed mid-stream three times, the audit log still verifies from its first record.
    const verdict = await verifyAuditFile(join(home, 'audit.jsonl'));
    expect(verdict).toMatchObject({ ok: true });
  });
});
