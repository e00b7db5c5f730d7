/**
 * A fleet of scripted agents under a real Tower (test/e2e harness: real Supervisor, tmux on a private
 * socket, node-pty), and a log of each session's state transitions with the wall time Tower published them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionState, Snapshot } from '../electron/contract/dto';
import type { PolicyProvider } from '../electron/core/policy/types';
import { resolveSocket } from '../electron/adapters/terminal/tmux/tmux-sockets';
import { startTower, type TowerUnderTest } from '../test/e2e/tower-harness';

/** Which Tower terminal provider a fleet runs in. */
export type Provider = 'tmux' | 'pty';

/** One state change of one session as Tower published it. */
export interface Transition {
  readonly at: number;
  readonly state: SessionState;
}

/** A running Tower with agents opened straight through its drivers. */
export interface Fleet {
  readonly tower: TowerUnderTest;
  readonly socket: string;
  /** Scratch directory for agent configs, stamp files and signal files. */
  readonly dir: string;
  /** Session ids in the order opened. */
  readonly sessions: string[];
  transitions(sessionId: string): readonly Transition[];
  /** Latest snapshot published. */
  latest(): Snapshot | null;
  /** Opens `count` terminals; `argvFor(i)` gives each one's command. Resolves once Tower lists them all. */
  open(provider: Provider, count: number, argvFor: (i: number) => string[], cwd?: string): Promise<void>;
  /** Resolves when `check` holds for the latest snapshot (polled every 20 ms). */
  until(what: string, check: (snapshot: Snapshot) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts Tower on a fresh private tmux socket. */
export async function startFleet(
  label: string,
  recordHistory = true,
  policy?: PolicyProvider,
): Promise<Fleet> {
  const socket = `tower-bench-${label}-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'tower-bench-'));
  const tower = await startTower(socket, { recordHistory, policy });
  const log = new Map<string, Transition[]>();
  let latest: Snapshot | null = null;
  tower.supervisor.on('snapshot', (snapshot) => {
    const at = Date.now();
    latest = snapshot;
    for (const view of snapshot.sessions) {
      const list = log.get(view.id) ?? [];
      if (list.at(-1)?.state !== view.state) list.push({ at, state: view.state });
      log.set(view.id, list);
    }
  });
  const sessions: string[] = [];

  const until = async (what: string, check: (s: Snapshot) => boolean, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const snapshot = latest ?? (await tower.supervisor.getSnapshot());
      if (check(snapshot)) return;
      if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  return {
    tower,
    socket,
    dir,
    sessions,
    transitions: (id) => log.get(id) ?? [],
    latest: () => latest,
    until,
    open: async (provider, count, argvFor, cwd) => {
      const driver = tower.drivers[provider];
      const opened: string[] = [];
      // The first tmux open starts the server; later ones may run side by side (8 at a time).
      for (let i = 0; i < count;) {
        const batch = i === 0 ? 1 : Math.min(8, count - i);
        const infos = await Promise.all(
          Array.from({ length: batch }, (_, k) =>
            driver.open({ command: argvFor(i + k), title: `bench-${i + k}`, cols: 120, rows: 40, cwd }),
          ),
        );
        opened.push(...infos.map((info) => `${info.provider}:${info.id}`));
        i += batch;
      }
      sessions.push(...opened);
      await tower.supervisor.scanNow(true);
      await until(`${count} ${provider} sessions adopted`, (s) =>
        opened.every((id) => s.sessions.some((v) => v.id === id && !v.gone)),
      );
    },
    close: async () => {
      await tower.stop();
      const path = resolveSocket(socket);
      await new Promise<void>((resolve) => execFile('tmux', ['-S', path, 'kill-server'], () => resolve()));
      rmSync(path, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
