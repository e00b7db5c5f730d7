import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../transport/fake-backend';
import { startApiServer } from '../transport/ws-server-transport';
import type { ApiServer } from '../transport/ws-server-transport';
import { writeRuntimeFile } from '../transport/runtime-file';
import { runSecretCli } from './cli-secret';

let home: string;
let backend: FakeBackend;
let server: ApiServer;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tower-cli-secret-'));
  backend = new FakeBackend();
  server = await startApiServer({ backend });
  await writeRuntimeFile(
    { url: server.url, port: server.port, token: server.token, pid: process.pid },
    { TOWER_HOME: home },
  );
});
afterEach(async () => {
  await server.close();
});

async function tower(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await runSecretCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { TOWER_HOME: home },
    cwd: home,
    readStdin: () => Promise.resolve(stdin),
  });
  return { code, out, err };
}

describe('tower secret', () => {
  it('sets a secret from stdin (one trailing newline dropped) and never prints it', async () => {
    const { code, out, err } = await tower(['set', 'telegram.token'], '7000000001:AAF-stdin-secret\n');
    expect([code, err]).toEqual([0, '']);
    expect(backend.calls.at(-1)).toEqual({
      method: 'setSecret',
      args: { name: 'telegram.token', value: '7000000001:AAF-stdin-secret' },
    });
    expect(out).not.toContain('stdin-secret');
  });

  it('lists names and state only', async () => {
    backend.secrets = [
      { name: 'telegram.token', label: 'Telegram bot token', hint: '', set: true, preview: '…WXYZ' },
      { name: 'totp.seed', label: 'TOTP seed', hint: '', set: false, preview: null },
    ];
    const { code, out } = await tower(['list']);
    expect(code).toBe(0);
    expect(out).toBe('telegram.token     set …WXYZ\ntotp.seed          not set\n');
  });

  it('refuses a value on argv, an unknown name and an empty stdin (exit 2), calling nothing', async () => {
    expect((await tower(['set', 'telegram.token', 'value-on-argv'])).code).toBe(2);
    const unknown = await tower(['delete', 'evil']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown secret "evil"');
    expect((await tower(['set', 'totp.seed'], '')).code).toBe(2);
    expect(backend.calls).toEqual([]);
  });

  it('deletes by name', async () => {
    expect((await tower(['delete', 'twilio.authToken'])).code).toBe(0);
    expect(backend.calls.at(-1)).toEqual({ method: 'deleteSecret', args: { name: 'twilio.authToken' } });
  });
});
