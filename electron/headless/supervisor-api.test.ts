// The real Supervisor (with the core's fakes for its ports) behind the real server, driven by the CLI:
// proves the Supervisor satisfies ApiBackend and that a command travels the whole way.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Supervisor } from '../core/supervisor';
import { FakeClock } from '../core/testing/fake-clock';
import { FakeTerminalDriver } from '../core/testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from '../core/testing/memory-audit';
import { scriptedDetector } from '../core/testing/scripted-detector';
import type { ApiBackend } from '../transport/rpc';
import { main } from './cli';
import { serveApi } from './serve-api';
import type { ServedApi } from './serve-api';

let home: string;
let clock: FakeClock;
let driver: FakeTerminalDriver;
let supervisor: Supervisor;
let served: ServedApi;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tower-sup-'));
  clock = new FakeClock();
  driver = new FakeTerminalDriver('tmux');
  const deps = { drivers: [driver], detector: scriptedDetector, clock, audit: new MemoryAuditSink() };
  supervisor = new Supervisor({ ...deps, store: new MemoryStore() });
  const backend: ApiBackend = supervisor;
  served = await serveApi({ backend, env: { TOWER_HOME: home } });
});
afterEach(async () => {
  supervisor.stop();
  await served.stop();
  await rm(home, { recursive: true, force: true });
});

async function tower(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t) };
  const code = await main(argv, { ...io, env: { TOWER_HOME: home }, cwd: '/', now: () => clock.now() });
  return { code, out, err };
}

/** Runs the CLI while moving fake time, since the Supervisor waits on its clock to confirm an answer. */
async function towerWithTime(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let done = false;
  const run = tower(...argv).finally(() => (done = true));
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await clock.advance(100);
  }
  return run;
}

it('shows, approves and locks down through the real Supervisor', async () => {
  const id = driver.add({ currentCommand: 'claude', lines: ['AGENT claude 2.1.0', 'ASK npm test'] });
  driver.onType = (tid) => driver.setScreen(tid, ['AGENT claude 2.1.0', 'STATE working']);
  await supervisor.start();

  const status = await tower('status');
  expect(status.out).toMatch(/^1\s+tmux\s+claude 2\.1\.0\s+permission/m);
  expect(status.out).toContain('#1 Bash: npm test');

  const approve = await towerWithTime('approve', '1');
  expect(approve.err).toBe('');
  expect(approve.code).toBe(0);
  expect(driver.typed(id)).toEqual([{ kind: 'keys', keys: ['1'] }]);

  expect((await tower('lockdown', 'on')).code).toBe(0);
  const refused = await tower('send', '1', 'hello');
  expect(refused.code).toBe(7);
  expect(driver.typed(id)).toHaveLength(1);
});
