/**
 * The headless Tower as a real OS process (`node --import tsx electron/headless/main.ts`), so a test
 * can `kill -9` it. It reads its state from TOWER_HOME and watches only the tmux servers under the
 * given TMUX_TMPDIR; the test talks to it over its local HTTP API, found through the runtime file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TowerApi } from '../../electron/contract/api';
import { createHttpClient } from '../../electron/transport/http-client';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'electron', 'headless', 'main.ts');

/** A running Tower process. */
export interface TowerProcess {
  readonly child: ChildProcess;
  readonly api: TowerApi;
  /** SIGKILL: no cleanup, no flush; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM: a normal shutdown. */
  stop(): Promise<void>;
  /** What the process wrote to stdout and stderr. */
  output(): string;
}

/** The environment Tower runs with: private home and tmux directory, a free port, no Telegram. */
export function towerEnv(home: string, tmuxTmpDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TOWER_HOME: home,
    TOWER_PORT: '0',
    TMUX_TMPDIR: tmuxTmpDir,
  };
  delete env.TOWER_TELEGRAM_TOKEN;
  delete env.TOWER_TMUX_SOCKET;
  delete env.TMUX;
  return env;
}

/** Starts Tower and resolves once its API answers. */
export async function startTowerProcess(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<TowerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const runtime = join(env.TOWER_HOME ?? '', 'run', 'api.json');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Tower exited at start (${child.exitCode}): ${output}`);
    if (existsSync(runtime)) {
      const info = JSON.parse(readFileSync(runtime, 'utf8')) as { url: string; token: string; pid: number };
      if (info.pid === child.pid) {
        const api = createHttpClient({ url: info.url, token: info.token, timeoutMs: 30_000 });
        return {
          child,
          api,
          output: () => output,
          kill9: async () => {
            child.kill('SIGKILL');
            await exited;
          },
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        };
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Tower did not start within ${timeoutMs} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
