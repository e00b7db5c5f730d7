import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rig, type Rig } from '../core/approvals/test-rig';
import { startApiServer, type ApiServer } from '../transport/ws-server-transport';
import { main } from './cli';
import { writeRuntimeFile } from './runtime-file';

// The real Supervisor (over a fake terminal and clock) behind the real local API.
let home: string;
let t: Rig;
let server: ApiServer;
let answered: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tower-cli-approvals-'));
  t = rig();
  t.driver.add({ currentCommand: 'claude', lines: ['ASK rm -rf build && make deploy'] });
  answered = t.driver.add({ currentCommand: 'claude', lines: ['ASK git push'] });
  t.driver.onType = (id) => t.driver.setScreen(id, ['STATE working']);
  await t.supervisor.start();
  const done = t.supervisor.answerPrompt({ session: '2', choice: 'deny', channel: 'telegram:42' });
  await t.clock.advance(500);
  await done;
  expect(t.driver.typed(answered)).toHaveLength(1);
  server = await startApiServer({ backend: t.supervisor });
  await writeRuntimeFile(
    { url: server.url, port: server.port, token: server.token, pid: process.pid },
    { TOWER_HOME: home },
  );
});

afterEach(async () => {
  t.supervisor.stop();
  await server.close();
  await rm(home, { recursive: true, force: true });
});

async function tower(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    env: { TOWER_HOME: home },
    cwd: '/work/here',
    columns: 120,
    now: () => t.clock.now() + 90_000,
  });
  return { code, out, err };
}

describe('tower approvals', () => {
  it('lists what waits for the owner with the command in full and how to answer it', async () => {
    const { code, out, err } = await tower('approvals');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n').slice(0, 6)).toEqual([
      'a1  session 1 (claude)  pending  1m ago',
      '    Bash: rm -rf build && make deploy',
      '    why: no policy: every prompt goes to the owner',
      '    told: tray; expires in 58m',
      '    answer: tower approve 1 | tower deny 1',
      '',
    ]);
    expect(out).not.toContain('git push');
  });

  it('tower status says how many approvals wait', async () => {
    const { out } = await tower('status');
    expect(out.split('\n')[0]).toBe('1 approval waiting: tower approvals');
  });

  it('--all also shows who answered the ended ones, where and when', async () => {
    const { out } = await tower('approvals', '--all');
    expect(out).toContain('a2  session 2 (claude)  answered');
    expect(out).toContain('    denied via telegram:42 at 12:00:00 UTC');
  });

  it('--json prints the approvals as data', async () => {
    const { out } = await tower('approvals', '--json');
    const parsed = JSON.parse(out) as { id: string; status: string }[];
    expect(parsed.map((a) => [a.id, a.status])).toEqual([['a1', 'pending']]);
  });

  it('approving a prompt already answered on Telegram types nothing (exit 5)', async () => {
    const { code, err } = await tower('approve', '2');
    expect(code).toBe(5);
    expect(err).toContain('No prompt is showing');
    expect(t.driver.typed(answered)).toHaveLength(1);
  });

  it('lifts LOCKDOWN as the local CLI', async () => {
    await t.supervisor.lockdown({ engaged: true, channel: 'telegram:42' });
    const { code, out } = await tower('lockdown', 'off');
    expect(code).toBe(0);
    expect(out).toContain('Lockdown lifted');
    expect(t.audit.ofKind('lockdown-lifted')[0]?.channel).toBe('cli');
  });
});
