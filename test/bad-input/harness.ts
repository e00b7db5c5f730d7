/**
 * The bad-input suite's Tower: a real Supervisor with the API server on a private tmux socket plus
 * node-pty, one canary pane (a recording fake Claude) per provider, raw HTTP/WebSocket helpers, and
 * the tally the suite prints.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { SessionView } from '../../electron/contract/dto';
import { resolveSocket } from '../../electron/adapters/terminal/tmux/tmux-sockets';
import { startTower, type TowerUnderTest } from '../e2e/tower-harness';
import { canaryPaneCommand, fixtureScreen } from './canary-pane';

/** A canary pane Tower watches. */
export interface CanaryPane {
  readonly session: SessionView;
  readonly record: string;
}

/** Counts of real checks made, printed at the end. */
export interface Tally {
  readonly entryPoints: Set<string>;
  checks: number;
  unintendedKeystrokes: number;
  serverErrors: number;
  readonly serverErrorDetails: string[];
}

/** A tally with nothing counted yet. */
export function newTally(): Tally {
  return {
    entryPoints: new Set(),
    checks: 0,
    unintendedKeystrokes: 0,
    serverErrors: 0,
    serverErrorDetails: [],
  };
}

/** What the suite runs against. */
export interface BadInputRig {
  readonly tower: TowerUnderTest;
  readonly dir: string;
  readonly canaryDir: string;
  readonly panes: { readonly tmux: CanaryPane; readonly pty: CanaryPane };
  readonly tally: Tally;
  /** Canary files that exist (a payload reached a shell). */
  canariesFired(): string[];
  /** POSTs a raw body to `/api/<method>`; resolves with the status and parsed reply. */
  post(method: string, body: string, contentType?: string): Promise<{ status: number; body: unknown }>;
  openWs(): Promise<WebSocket>;
  stop(): Promise<void>;
}

export const IDLE_CLAUDE = fixtureScreen('captured/claude-idle-after-turn.txt');

/** Opens a canary pane (a recording fake Claude at its idle screen) and waits until Tower sees it idle. */
export async function openIdleCanary(
  tower: TowerUnderTest,
  dir: string,
  provider: 'tmux' | 'pty',
): Promise<CanaryPane> {
  const { argv, record } = canaryPaneCommand(dir, `canary-${provider}`, IDLE_CLAUDE);
  const view = await tower.api.openAgent({ command: argv, provider, title: `canary-${provider}-pane` });
  const session = await tower.waitFor(view.id, (v) => v.state === 'idle' && v.agent?.kind === 'claude');
  return { session, record };
}

/** Starts Tower and the two canary panes, and waits until Tower sees both as idle Claude sessions. */
export async function startRig(label: string): Promise<BadInputRig> {
  const socket = `tower-bad-${label}-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'tower-bad-input-'));
  const canaryDir = join(dir, 'canaries');
  mkdirSync(canaryDir);
  const tower = await startTower(socket);
  const panes = {
    tmux: await openIdleCanary(tower, dir, 'tmux'),
    pty: await openIdleCanary(tower, dir, 'pty'),
  };
  const url = tower.server.url;
  const token = tower.server.token;
  return {
    tower,
    dir,
    canaryDir,
    panes,
    tally: newTally(),
    canariesFired: () => readdirSync(canaryDir),
    post: async (method, body, contentType = 'application/json') => {
      const res = await fetch(`${url}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
        body,
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        // not JSON: kept as text
      }
      return { status: res.status, body: parsed };
    },
    openWs: () =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, ['tower.v1', `tower.token.${token}`]);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      }),
    stop: async () => {
      await tower.stop();
      const path = resolveSocket(socket);
      await new Promise<void>((r) => execFile('tmux', ['-S', path, 'kill-server'], () => r()));
      rmSync(path, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
