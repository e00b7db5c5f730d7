import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HookReply } from '../core/hooks/hook-desk';
import { FakeBackend } from './fake-backend';
import { MAX_HOOK_BODY_BYTES } from './hook-route';
import { rawRequest } from './test-http';
import { startApiServer, type ApiServer } from './ws-server-transport';

const SECRET = 'hook-secret-0123456789abcdefghijklmnopqrstuv';
const API_TOKEN = 'api-token-0123456789abcdefghijklmnopqrstuvwx';

let server: ApiServer;
let rejected: { status: number; reason: string; path: string }[];
let handled: { source: string; body: unknown }[];
let reply: HookReply;

beforeEach(async () => {
  rejected = [];
  handled = [];
  reply = {
    ok: true,
    output: { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } },
  };
  server = await startApiServer({
    backend: new FakeBackend(),
    port: 0,
    token: API_TOKEN,
    hooks: {
      secret: SECRET,
      handle: (source, body) => {
        handled.push({ source, body });
        return Promise.resolve(reply);
      },
      rejected: (why) => void rejected.push(why),
    },
  });
});

afterEach(async () => {
  await server.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  rawRequest({
    port: server.port,
    method: 'POST',
    path,
    body,
    headers: { 'Content-Type': 'application/json', 'X-Tower-Hook-Secret': SECRET, ...headers },
  });

const EVENT = JSON.stringify({ v: 1, event: { hook_event_name: 'Stop' } });

describe('the /hooks endpoint', () => {
  it('hands an authenticated post to the desk and answers its decision', async () => {
    const res = await post('/hooks/claude', EVENT);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(reply);
    expect(handled).toEqual([{ source: 'claude', body: JSON.parse(EVENT) as unknown }]);
    expect((await post('/hooks/codex', EVENT)).status).toBe(200);
    expect(handled[1]?.source).toBe('codex');
  });

  it('missing secret → 401, wrong secret (or the API token) → 403; refusals reported without the value', async () => {
    expect((await post('/hooks/claude', EVENT, { 'X-Tower-Hook-Secret': '' })).status).toBe(401);
    expect((await post('/hooks/claude', EVENT, { 'X-Tower-Hook-Secret': `${SECRET}x` })).status).toBe(403);
    expect((await post('/hooks/claude', EVENT, { 'X-Tower-Hook-Secret': API_TOKEN })).status).toBe(403);
    const bearerOnly = await rawRequest({
      port: server.port,
      method: 'POST',
      path: '/hooks/claude',
      body: EVENT,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${API_TOKEN}` },
    });
    expect(bearerOnly.status).toBe(401);
    expect(handled).toHaveLength(0);
    expect(rejected.map((r) => r.status)).toEqual([401, 403, 403, 401]);
    expect(JSON.stringify(rejected)).not.toContain(SECRET.slice(0, 12));
    expect(JSON.stringify(rejected)).not.toContain(API_TOKEN.slice(0, 12));
  });

  it('the hook secret opens no API method', async () => {
    const res = await rawRequest({
      port: server.port,
      method: 'POST',
      path: '/api/lockdown',
      body: JSON.stringify({ engaged: false }),
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET}` },
    });
    expect(res.status).toBe(401);
  });

  it('bad requests get a clear status and reach nothing', async () => {
    expect((await post('/hooks/claude', '{not json')).status).toBe(400);
    expect((await post('/hooks/claude', EVENT, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post('/hooks/other', EVENT)).status).toBe(404);
    expect(
      (
        await rawRequest({
          port: server.port,
          path: '/hooks/claude',
          headers: { 'X-Tower-Hook-Secret': SECRET },
        })
      ).status,
    ).toBe(405);
    const huge = JSON.stringify({
      v: 1,
      event: { hook_event_name: 'PreToolUse', pad: 'x'.repeat(MAX_HOOK_BODY_BYTES) },
    });
    expect((await post('/hooks/claude', huge)).status).toBe(413);
    expect(handled).toHaveLength(0);
    reply = { ok: false, error: 'hook_event_name is missing or odd' };
    const refused = await post('/hooks/claude', JSON.stringify({ v: 1, event: {} }));
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ ok: false, error: 'hook_event_name is missing or odd' });
    expect(rejected.map((r) => r.status)).toEqual([400, 415, 404, 405, 413, 400]);
  });

  it('a foreign Host is refused before the secret is even read (DNS rebinding)', async () => {
    const res = await post('/hooks/claude', EVENT, { Host: 'evil.example:80' });
    expect(res.status).toBe(421);
    expect(handled).toHaveLength(0);
  });
});

describe('a server without hooks', () => {
  it('answers 404 on /hooks', async () => {
    const bare = await startApiServer({ backend: new FakeBackend(), port: 0 });
    try {
      const res = await rawRequest({ port: bare.port, method: 'POST', path: '/hooks/claude', body: EVENT });
      expect(res.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
