/**
 * The remote bad-input suite's Tower: the real Supervisor on a private tmux socket, the Telegram
 * bridge through the headless wiring against the Bot API emulator (telegram-setup.ts's
 * startEmulatedTelegram, with a clock the suite can move), three canary panes (an idle Claude in
 * tmux and in a pty, and one showing a Bash permission prompt, so the approval paths have something
 * real to aim at), and the tally the suite prints.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../electron/contract/dto';
import type { Clock } from '../../electron/core/ports';
import type { MemoryAuditSink } from '../../electron/core/testing/memory-audit';
import type { RunningTelegram } from '../../electron/headless/telegram-bridge';
import type { Emulator } from '../e2e/telegram-emulator';
import { FAST_LADDER } from '../e2e/telegram-rig';
import { startEmulatedTelegram } from '../e2e/telegram-setup';
import { startTower, type TowerUnderTest } from '../e2e/tower-harness';
import { canaryPaneCommand, fixtureScreen, recordSize } from './canary-pane';
import { newTally, openIdleCanary, type CanaryPane, type Tally } from './harness';

/**
 * Wall time plus an offset the suite moves forward. The bridges' own limits are time-based (the
 * chat rate limit: 10 a minute; a TOTP code: once per 30-second step); moving their clock lets a
 * corpus of hundreds go through the real checks instead of waiting an hour of real time.
 */
export class SkewedClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}

/** What the remote suite runs against. */
export interface RemoteRig {
  readonly tower: TowerUnderTest;
  readonly emulator: Emulator;
  readonly telegram: RunningTelegram;
  /** The Telegram bridge's audit (the phone bridge gets its own). */
  readonly chatAudit: MemoryAuditSink;
  readonly chatClock: SkewedClock;
  readonly pairingCode: string;
  readonly dir: string;
  readonly canaryDir: string;
  readonly panes: { readonly tmux: CanaryPane; readonly pty: CanaryPane; readonly prompt: CanaryPane };
  readonly tally: Tally;
  /** Canary files that exist (a payload reached a shell). */
  canariesFired(): string[];
  /** Total bytes all three canary panes have received. */
  recordsSize(): number;
  snapshot(): Promise<Snapshot>;
  stop(): Promise<void>;
}

const PROMPT_SCREEN = fixtureScreen('captured/claude-permission-bash.txt');

/** Starts Tower, the canaries, the emulator and the Telegram bridge. */
export async function startRemoteRig(label: string): Promise<RemoteRig> {
  const socket = `tower-bad-remote-${label}-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'tower-bad-remote-'));
  const canaryDir = join(dir, 'canaries');
  mkdirSync(canaryDir);
  const home = join(dir, 'home');
  mkdirSync(home);
  const tower = await startTower(socket, { escalation: FAST_LADDER });
  const panes = {
    tmux: await openIdleCanary(tower, dir, 'tmux'),
    pty: await openIdleCanary(tower, dir, 'pty'),
    prompt: await openPromptPane(tower, dir),
  };
  const chatClock = new SkewedClock();
  const bridge = await startEmulatedTelegram(tower, { socket, home, clock: chatClock });
  const all = [panes.tmux, panes.pty, panes.prompt];
  return {
    tower,
    emulator: bridge.emulator,
    telegram: bridge.telegram,
    chatAudit: bridge.audit,
    chatClock,
    pairingCode: bridge.pairingCode,
    dir,
    canaryDir,
    panes,
    tally: newTally(),
    canariesFired: () => readdirSync(canaryDir),
    recordsSize: () => all.reduce((sum, p) => sum + recordSize(p.record), 0),
    snapshot: () => tower.supervisor.getSnapshot(),
    stop: async () => {
      await bridge.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The canary showing a Bash permission prompt, opened through the driver at the size the screen was
 * captured at (120×40: narrower, its rows would wrap and read as another prompt), then adopted by a scan.
 */
async function openPromptPane(tower: TowerUnderTest, dir: string): Promise<CanaryPane> {
  const { argv, record } = canaryPaneCommand(dir, 'canary-prompt', PROMPT_SCREEN);
  const info = await tower.drivers.tmux.open({
    command: argv,
    title: 'canary-prompt-pane',
    cols: 120,
    rows: 40,
  });
  await tower.supervisor.scanNow(true);
  const session = await tower.waitFor(`tmux:${info.id}`, (v) => v.prompt?.kind === 'permission');
  return { session, record };
}
