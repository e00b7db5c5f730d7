/**
 * The headless Telegram wiring: the token comes from the secrets store (the env variable only as a
 * fallback), is never printed or audited, and the poller's status reaches the tray.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeView } from '../contract/dto';
import { SystemClock } from '../adapters/system/system-clock';
import { MemoryAuditSink, MemoryStore } from '../core/testing/memory-audit';
import { MemorySecretStore } from '../core/testing/memory-secret-store';
import { startTelegramFromEnv, TELEGRAM_TOKEN_SECRET, type RunningTelegram } from './telegram-bridge';
import { FakeChatBackend } from '../core/chat/testing/fake-chat-channel';

const STORED = '111111:stored-token-from-the-secrets-store-xx';
const ENV = '222222:environment-token-used-only-as-fallback';

let server: Server | null = null;
let running: RunningTelegram | null = null;
const tokensSeen = new Set<string>();

async function fakeBotApi(): Promise<string> {
  server = createServer((req, res) => {
    const [, token = '', method = ''] = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '') ?? [];
    tokensSeen.add(token);
    req.resume();
    const result =
      method === 'getMe' ? { id: 1, is_bot: true, first_name: 'Tower', username: 'tower_test_bot' } : [];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await running?.stop();
  running = null;
  tokensSeen.clear();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = null;
});

async function start(secrets: MemorySecretStore, env: NodeJS.ProcessEnv) {
  const printed: string[] = [];
  const reports: BridgeView[] = [];
  const audit = new MemoryAuditSink();
  running = await startTelegramFromEnv({
    env: { TOWER_TELEGRAM_MORNING: 'off', ...env },
    backend: new FakeChatBackend(),
    audit,
    store: new MemoryStore(),
    clock: new SystemClock(),
    print: (line) => printed.push(line),
    secrets,
    report: (view) => reports.push(view),
  });
  return { printed, reports, audit };
}

describe('startTelegramFromEnv', () => {
  it('uses the stored token over the env fallback, never prints it, and reports the bridge up', async () => {
    const apiRoot = await fakeBotApi();
    const secrets = new MemorySecretStore();
    await secrets.set(TELEGRAM_TOKEN_SECRET, STORED);
    const { printed, reports, audit } = await start(secrets, {
      TOWER_TELEGRAM_TOKEN: ENV,
      TOWER_TELEGRAM_API_ROOT: apiRoot,
    });
    const deadline = Date.now() + 10_000;
    while (!reports.some((r) => r.state === 'up') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect([...tokensSeen]).toEqual([STORED]);
    expect(reports.at(-1)).toMatchObject({ id: 'telegram', state: 'up' });
    const code = /send ([A-Z2-9]{4}-[A-Z2-9]{4}) to your bot/.exec(printed.join(''))?.[1];
    // No owner yet: the code printed is also on the bridge, for the Mac app that has no console.
    expect(reports.at(-1)?.detail).toBe(
      `@tower_test_bot · to pair your phone, send ${code} to @tower_test_bot in a private chat (valid 10 min)`,
    );
    const everything = JSON.stringify({ printed, reports, audit: audit.records });
    expect(everything).not.toContain(STORED.split(':')[1]);
  });

  it('falls back to TOWER_TELEGRAM_TOKEN when no secret is stored', async () => {
    const apiRoot = await fakeBotApi();
    await start(new MemorySecretStore(), { TOWER_TELEGRAM_TOKEN: ENV, TOWER_TELEGRAM_API_ROOT: apiRoot });
    const deadline = Date.now() + 10_000;
    while (tokensSeen.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect([...tokensSeen]).toEqual([ENV]);
  });

  it('with no token anywhere starts nothing and shows the bridge off', async () => {
    const { reports } = await start(new MemorySecretStore(), {});
    expect(running).toBeNull();
    expect(reports).toEqual([
      { id: 'telegram', state: 'off', detail: null, reason: 'no bot token set', lastActivityAt: null },
    ]);
  });

  it('refuses a bad morning time instead of guessing', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set(TELEGRAM_TOKEN_SECRET, STORED);
    await expect(start(secrets, { TOWER_TELEGRAM_MORNING: '8am' })).rejects.toThrow(/not HH:MM or off/);
  });
});
