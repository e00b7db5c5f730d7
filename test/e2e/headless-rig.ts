/**
 * The headless program as it ships (startHeadless) in a fresh home with its own tmux directory, driven
 * through its own HTTP API the way the Settings page and the CLI drive it; plus what the bridge tests
 * ask of it (a bridge's view, an inbound Twilio call's parameters, waiting for a condition).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TowerApi } from '../../electron/contract/api';
import type { BridgeView } from '../../electron/contract/dto';
import { startHeadless } from '../../electron/headless/main';
import { createHttpClient } from '../../electron/transport/http-client';
import { readRuntimeFile } from '../../electron/transport/runtime-file';
import { newCallSid } from './twilio-stand-in';

/** A running headless Tower. */
export interface HeadlessTower {
  readonly api: TowerApi;
  readonly home: string;
  /** The environment it was started with (the bridges take their secrets out of it). */
  readonly env: NodeJS.ProcessEnv;
  bridge(id: BridgeView['id']): Promise<BridgeView | undefined>;
  stop(): Promise<void>;
}

/** Starts Tower with `env` on top of PATH and HOME only (nothing of the test's own environment leaks in). */
export async function startHeadlessTower(env: NodeJS.ProcessEnv): Promise<HeadlessTower> {
  const home = await mkdtemp(join(tmpdir(), 'tower-headless-'));
  // Its own tmux directory: these tests are about Tower itself, not the panes other suites run.
  const savedTmux = process.env.TMUX_TMPDIR;
  process.env.TMUX_TMPDIR = home;
  const full: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMUX_TMPDIR: home,
    TOWER_HOME: home,
    TOWER_PORT: '0',
    ...env,
  };
  const tower = await startHeadless(full);
  const running = await readRuntimeFile({ TOWER_HOME: home });
  if (running.kind !== 'running') throw new Error(`not published: ${running.reason}`);
  const api = createHttpClient({ url: running.info.url, token: running.info.token, timeoutMs: 30_000 });
  return {
    api,
    home,
    env: full,
    bridge: async (id) => (await api.getSnapshot()).bridges.find((b) => b.id === id),
    stop: async () => {
      await tower.stop();
      if (savedTmux === undefined) delete process.env.TMUX_TMPDIR;
      else process.env.TMUX_TMPDIR = savedTmux;
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** The parameters Twilio sends for an inbound call from the owner's number. */
export function inboundCall(): Record<string, string> {
  return {
    CallSid: newCallSid(),
    AccountSid: `AC${'2'.repeat(32)}`,
    From: '+15551230000',
    To: '+15557654321',
    CallStatus: 'in-progress',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
}

/** Polls `probe` every 100 ms until it gives something, for at most 20 s. */
export async function until<T>(what: string, probe: () => Promise<T | false | undefined | null>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
