/**
 * The local entry points' Tower: the real Supervisor and API server with Claude Code hooks served
 * (a fresh secret, the real terminal matcher) and a policy that allows only `ls`, plus a recording
 * canary pane on tmux and on node-pty. Hook posts, tray IPC calls and policy files all meet this one
 * Tower, so a payload that typed anything, or was allowed, is on record.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planHookConfig, type HookConfig } from '../../electron/adapters/hooks/hook-command';
import { HookLauncher } from '../../electron/adapters/hooks/hook-launcher';
import { matchTerminal } from '../../electron/adapters/hooks/terminal-match';
import { resolveSocket } from '../../electron/adapters/terminal/tmux/tmux-sockets';
import { compilePolicy } from '../../electron/core/policy/compile';
import type { PolicyProvider } from '../../electron/core/policy/types';
import { startTower, type TowerUnderTest } from '../e2e/tower-harness';
import { recordSize } from './canary-pane';
import { newTally, openIdleCanary, type CanaryPane, type Tally } from './harness';

/** The only rule in force: a single plain `ls` may be allowed, nothing else. */
export const ONLY_LS = compilePolicy(
  {
    version: 1,
    shadow: false,
    default: 'ask',
    // The highest the schema takes, so the runaway brake never hides an allow the oracle should see.
    max_auto_per_minute: 600,
    rules: [{ id: 'only-ls', decision: 'allow', tools: ['bash'], commands: ['ls'] }],
  },
  'bad-input only-ls policy',
);

/** What the local entry points run against. */
export interface LocalRig {
  readonly tower: TowerUnderTest;
  readonly hooks: HookConfig;
  readonly dir: string;
  readonly canaryDir: string;
  readonly panes: { readonly tmux: CanaryPane; readonly pty: CanaryPane };
  readonly tally: Tally;
  /** Hook posts Tower refused before its desk (bad secret, size, JSON …). */
  readonly rejected: { status: number; reason: string }[];
  /** Canary files that exist (a payload reached a shell). */
  canariesFired(): string[];
  /** Bytes the canary panes have received in all. */
  recordsSize(): number;
  stop(): Promise<void>;
}

/** Tries `fn` as one check of `entry`; a canary pane that received anything meanwhile is counted. */
export async function check(rig: LocalRig, entry: string, fn: () => Promise<void>): Promise<void> {
  const before = rig.recordsSize();
  rig.tally.entryPoints.add(entry);
  rig.tally.checks += 1;
  await fn();
  if (rig.recordsSize() !== before) rig.tally.unintendedKeystrokes += 1;
}

/** Counts a server error with what caused it. */
export function serverError(rig: LocalRig, detail: string): void {
  rig.tally.serverErrors += 1;
  rig.tally.serverErrorDetails.push(detail.slice(0, 160));
}

/** Starts Tower with hooks and the only-ls policy, and waits for both canaries to show as idle Claude. */
export async function startLocalRig(label: string): Promise<LocalRig> {
  const socket = `tower-bad-${label}-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'tower-bad-local-'));
  const canaryDir = join(dir, 'canaries');
  mkdirSync(canaryDir);
  const hooks = planHookConfig(join(dir, 'hooks'));
  const rejected: LocalRig['rejected'] = [];
  const policy: PolicyProvider = { current: () => ONLY_LS, home: null, protectedPaths: [] };
  const tower = await startTower(socket, {
    policy,
    hooks: {
      wiring: { launcher: new HookLauncher(hooks), matchTerminal },
      endpoint: (supervisor) => ({
        secret: hooks.secret,
        handle: (source, body) => supervisor.hooks.handle(source, body),
        rejected: (why) => void rejected.push(why),
      }),
    },
  });
  const panes = {
    tmux: await openIdleCanary(tower, dir, 'tmux'),
    pty: await openIdleCanary(tower, dir, 'pty'),
  };
  return {
    tower,
    hooks,
    dir,
    canaryDir,
    panes,
    rejected,
    tally: newTally(),
    canariesFired: () => readdirSync(canaryDir),
    recordsSize: () => recordSize(panes.tmux.record) + recordSize(panes.pty.record),
    stop: async () => {
      await tower.stop();
      const path = resolveSocket(socket);
      await new Promise<void>((r) => execFile('tmux', ['-S', path, 'kill-server'], () => r()));
      rmSync(path, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
