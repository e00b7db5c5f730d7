/**
 * End to end: the bridges' secrets given in the environment. They leave the environment Tower's
 * terminals inherit, still serve the phone line after a restart caused by a Settings change, and stop
 * serving it once the owner deletes that value in Settings (a leaked token must switch off). The
 * headless program as it ships, a Twilio peer signing with twilio's own code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TowerApi } from '../../electron/contract/api';
import type { BridgeView } from '../../electron/contract/dto';
import { startHeadless } from '../../electron/headless/main';
import { createHttpClient } from '../../electron/transport/http-client';
import { readRuntimeFile } from '../../electron/transport/runtime-file';
import { freePort } from './telegram-emulator';
import { newCallSid, TwilioPeer } from './twilio-stand-in';

const PUBLIC = 'https://tower-env.example';
const AUTH = 'env-auth-token-0123456789abcdef';

let home: string;
let tower: Awaited<ReturnType<typeof startHeadless>>;
let api: TowerApi;
let env: NodeJS.ProcessEnv;
let peer: TwilioPeer;
const savedTmux = process.env.TMUX_TMPDIR;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'tower-env-'));
  process.env.TMUX_TMPDIR = home;
  const port = await freePort();
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMUX_TMPDIR: home,
    TOWER_HOME: home,
    TOWER_PORT: '0',
    TOWER_PHONE_PORT: String(port),
    TOWER_PHONE_PUBLIC_URL: PUBLIC,
    TOWER_TWILIO_AUTH_TOKEN: AUTH,
    TOWER_PHONE_TOTP_SECRET: generateSecret(),
    // A bot token too (its bridge cannot reach this API root, which does not matter here).
    TOWER_TELEGRAM_TOKEN: '7000000003:AAE-tower-env-token-for-nobody-000000',
    TOWER_TELEGRAM_API_ROOT: `http://127.0.0.1:${await freePort()}`,
  };
  tower = await startHeadless(env);
  const running = await readRuntimeFile({ TOWER_HOME: home });
  if (running.kind !== 'running') throw new Error(`not published: ${running.reason}`);
  api = createHttpClient({ url: running.info.url, token: running.info.token, timeoutMs: 30_000 });
  peer = new TwilioPeer({ authToken: AUTH, publicBase: PUBLIC, localBase: () => `http://127.0.0.1:${port}` });
}, 60_000);

afterAll(async () => {
  await tower?.stop();
  if (savedTmux === undefined) delete process.env.TMUX_TMPDIR;
  else process.env.TMUX_TMPDIR = savedTmux;
  await rm(home, { recursive: true, force: true });
});

describe('bridge secrets from the environment', () => {
  it('leave the environment agents inherit; the rest stays', () => {
    expect(env.TOWER_TWILIO_AUTH_TOKEN).toBeUndefined();
    expect(env.TOWER_PHONE_TOTP_SECRET).toBeUndefined();
    expect(env.TOWER_TELEGRAM_TOKEN).toBeUndefined();
    expect(env.TOWER_PHONE_PUBLIC_URL).toBe(PUBLIC);
  });

  it('still serve the phone line after a Settings change restarts it', async () => {
    await until('the phone bridge up', async () => (await bridge())?.state === 'up');
    expect((await peer.post(`${PUBLIC}/voice/answer`, inbound())).status).toBe(200);
    await api.setSecret({ name: 'phone.owner', value: '+15551230000' });
    expect((await bridge())?.lastActivityAt).not.toBeNull();
    // A new bridge instance has served no call yet: its view has no last activity.
    await until('the restarted line', async () => {
      const view = await bridge();
      return view?.state === 'up' && view.lastActivityAt === null;
    });
    expect((await bridge())?.state).toBe('up');
    expect((await peer.post(`${PUBLIC}/voice/answer`, inbound())).status).toBe(200);
  });

  it('stop serving once the owner deletes the value in Settings', async () => {
    await api.deleteSecret({ name: 'twilio.authToken' });
    const off = await until('the phone bridge off', async () => {
      const view = await bridge();
      return view?.state === 'off' && view;
    });
    expect(off.reason).toContain('the Twilio auth token');
    await expect(peer.post(`${PUBLIC}/voice/answer`, inbound())).rejects.toThrow();
  });
});

async function bridge(): Promise<BridgeView | undefined> {
  return (await api.getSnapshot()).bridges.find((b) => b.id === 'phone');
}

function inbound(): Record<string, string> {
  return {
    CallSid: newCallSid(),
    AccountSid: `AC${'3'.repeat(32)}`,
    From: '+15551230000',
    To: '+15557654321',
    CallStatus: 'in-progress',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
}

async function until<T>(what: string, probe: () => Promise<T | false | undefined | null>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
