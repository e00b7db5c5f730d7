import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TowerError } from '../contract/api';
import { FakeBackend, fakeSession, fakeSnapshot } from './fake-backend';
import { createHttpClient } from './http-client';
import { rawRequest } from './test-http';
import { startApiServer } from './ws-server-transport';
import type { ApiServer } from './ws-server-transport';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv';
let backend: FakeBackend;
let server: ApiServer;

beforeEach(async () => {
  backend = new FakeBackend();
  backend.snapshot = fakeSnapshot([fakeSession({ id: 'abc', number: 1 })]);
  server = await startApiServer({ backend, token: TOKEN });
});
afterEach(async () => {
  await server.close();
});

const auth = { Authorization: `Bearer ${TOKEN}` };
const json = { ...auth, 'Content-Type': 'application/json' };
const post = (path: string, body: string, headers: Record<string, string> = json) =>
  rawRequest({ port: server.port, method: 'POST', path, headers, body });

describe('token', () => {
  it('refuses a request without a token (401)', async () => {
    const res = await rawRequest({ port: server.port, path: '/api/getSnapshot' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it.each([`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', TOKEN, `Basic ${TOKEN}`])(
    'refuses a wrong token (%s) with 401',
    async (value) => {
      const res = await rawRequest({
        port: server.port,
        path: '/api/getSnapshot',
        headers: { Authorization: value },
      });
      expect(res.status).toBe(401);
    },
  );

  it('answers with the right token', async () => {
    const res = await rawRequest({ port: server.port, path: '/api/getSnapshot', headers: auth });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, result: { sessions: [{ id: 'abc' }] } });
  });

  it('generates a fresh 32-byte base64url token per launch when none is given', async () => {
    const a = await startApiServer({ backend });
    const b = await startApiServer({ backend });
    await Promise.all([a.close(), b.close()]);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.dashboardUrl).toBe(`http://127.0.0.1:${a.port}/#token=${a.token}`);
  });
});

describe('Host and Origin (DNS rebinding, cross-site pages)', () => {
  it.each([
    'evil.com',
    'evil.com:PORT',
    '127.0.0.1',
    '127.0.0.1:1',
    '127.0.0.2:PORT',
    '[::1]:PORT',
    '0.0.0.0:PORT',
  ])('rejects Host %s even with the token', async (host) => {
    const headers = { ...auth, Host: host.replace('PORT', String(server.port)) };
    const res = await rawRequest({ port: server.port, path: '/api/getSnapshot', headers });
    expect(res.status).toBe(421);
    expect(backend.calls).toEqual([]);
  });

  it('rejects Host on the static page too', async () => {
    const res = await rawRequest({ port: server.port, path: '/', headers: { Host: 'evil.com' } });
    expect(res.status).toBe(421);
  });

  it('accepts localhost:<port>', async () => {
    const headers = { ...auth, Host: `localhost:${server.port}` };
    expect((await rawRequest({ port: server.port, path: '/api/getSnapshot', headers })).status).toBe(200);
  });

  it.each(['https://evil.com', 'null', 'http://127.0.0.1:1', 'http://127.0.0.1.evil.com'])(
    'rejects Origin %s with 403 even with the token',
    async (origin) => {
      const res = await post('/api/lockdown', '{"engaged":false}', { ...json, Origin: origin });
      expect(res.status).toBe(403);
      expect(backend.calls).toEqual([]);
    },
  );

  it('accepts our own Origin', async () => {
    const res = await post('/api/lockdown', '{"engaged":true}', {
      ...json,
      Origin: `http://localhost:${server.port}`,
    });
    expect(res.status).toBe(200);
  });
});

describe('request bodies', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses Content-Type %s with 415 (what a cross-site form can send)',
    async (type) => {
      const res = await post('/api/lockdown', '{"engaged":true}', { ...auth, 'Content-Type': type });
      expect(res.status).toBe(415);
      expect(backend.calls).toEqual([]);
    },
  );

  it('refuses an oversize body with 413', async () => {
    const res = await post('/api/sendText', JSON.stringify({ session: 'abc', text: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(backend.calls).toEqual([]);
  });

  it('refuses an oversize chunked body (no Content-Length) with 413', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/sendText', headers: json },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(10_000));
      req.end();
    });
    expect(res).toBe(413);
    expect(backend.calls).toEqual([]);
  });

  it('refuses malformed JSON with 400 and says so', async () => {
    const res = await post('/api/lockdown', '{"engaged": tru');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'bad-request', message: 'body is not valid JSON' } });
  });

  it.each(['nope', '__proto__', 'constructor', 'on'])('answers 404 for the unknown method %s', async (m) => {
    expect((await post(`/api/${m}`, '{}')).status).toBe(404);
  });

  it('answers 400 naming the bad field', async () => {
    const res = await post('/api/answerPrompt', '{"session":"abc","choice":"always"}');
    expect(res.status).toBe(400);
    const { error } = res.json as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid-arguments');
    expect(error.message).toContain('choice');
  });

  it('refuses GET for mutating calls (405)', async () => {
    const res = await rawRequest({ port: server.port, path: '/api/lockdown', headers: auth });
    expect(res.status).toBe(405);
  });
});

describe('error mapping', () => {
  it.each([
    ['unknown-session', 404],
    ['no-prompt', 409],
    ['prompt-changed', 409],
    ['lockdown', 423],
    ['not-allowed', 403],
    ['terminal-failed', 502],
  ] as const)('maps TowerError %s to HTTP %i with its code', async (code, status) => {
    backend.nextError = new TowerError(code, `because ${code}`);
    const res = await post('/api/closeAgent', '{"session":"abc"}');
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ ok: false, error: { code, message: `because ${code}` } });
  });

  it('hides unexpected errors behind internal (500)', async () => {
    backend.nextError = new Error('ENOENT /secret/path');
    const res = await post('/api/closeAgent', '{"session":"abc"}');
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain(' at ');
  });

  it('rebuilds TowerErrors through the typed HTTP client', async () => {
    const client = createHttpClient({ url: server.url, token: TOKEN });
    backend.nextError = new TowerError('lockdown', 'locked');
    await expect(client.sendText({ session: 'abc', text: 'hi' })).rejects.toMatchObject({ code: 'lockdown' });
    await expect(client.lockdown({ engaged: true })).resolves.toEqual({ lockdown: true });
  });
});

describe('headers and the dashboard', () => {
  it('sends the security headers and no CORS headers', async () => {
    for (const path of ['/', '/dashboard.js', '/api/getSnapshot', '/nowhere']) {
      const res = await rawRequest({ port: server.port, path, headers: { ...auth, Origin: server.url } });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('serves a page with no inline script and no token in it', async () => {
    const page = await rawRequest({ port: server.port, path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<script src="/dashboard.js"></script>');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/\son[a-z]+=/i);
    expect(page.body).not.toContain(TOKEN);
    const script = await rawRequest({ port: server.port, path: '/dashboard.js' });
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.body).toContain('textContent');
    expect(script.body).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });
});

describe('binding', () => {
  it('refuses to listen anywhere but 127.0.0.1', async () => {
    const options = { backend, host: '0.0.0.0' } as unknown as Parameters<typeof startApiServer>[0];
    await expect(startApiServer(options)).rejects.toThrow('127.0.0.1 only');
  });

  it('listens on 127.0.0.1 only', async () => {
    const headers = { Host: `127.0.0.1:${server.port}` };
    for (const address of ['::1', '127.0.0.2']) {
      await expect(rawRequest({ port: server.port, path: '/', address, headers })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    }
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal);
    if (external === undefined) return;
    await expect(
      rawRequest({
        port: server.port,
        path: '/',
        address: external.address,
        headers: { Host: `127.0.0.1:${server.port}` },
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
