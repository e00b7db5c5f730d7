import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ClientOptions } from 'ws';
import { FakeBackend, fakeSession, fakeSnapshot } from './fake-backend';
import { startApiServer } from './ws-server-transport';
import type { ApiServer } from './ws-server-transport';

const TOKEN = 'ws-test-token-0123456789abcdefghijklmnopqrs';
let backend: FakeBackend;
let server: ApiServer;
const open: WebSocket[] = [];

beforeEach(async () => {
  backend = new FakeBackend();
  server = await startApiServer({ backend, token: TOKEN });
});
afterEach(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  await server.close();
});

/** Connects and resolves with the socket, or rejects with the refusing HTTP status. */
function connect(protocols: string[], options: ClientOptions = {}, path = '/ws'): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, protocols, options);
    open.push(ws);
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

/** The next message, parsed. */
function next(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as never)),
  );
}

const browserProtocols = ['tower.v1', `tower.token.${TOKEN}`];

describe('WebSocket auth', () => {
  it('accepts the token as a subprotocol and selects tower.v1 (never echoing the token)', async () => {
    const ws = await connect(browserProtocols);
    expect(ws.protocol).toBe('tower.v1');
  });

  it('accepts a bearer header (Node clients)', async () => {
    await expect(connect([], { headers: { Authorization: `Bearer ${TOKEN}` } })).resolves.toBeInstanceOf(
      WebSocket,
    );
  });

  it.each([[['tower.v1']], [['tower.v1', 'tower.token.wrong']], [['tower.v1', `tower.token.${TOKEN}x`]]])(
    'refuses %j with 401',
    async (protocols) => {
      await expect(connect(protocols)).rejects.toThrow('HTTP 401');
      expect(server.connections()).toBe(0);
    },
  );

  it('refuses a foreign Origin even with the token (cross-site WebSocket hijacking)', async () => {
    await expect(connect(browserProtocols, { origin: 'https://evil.com' })).rejects.toThrow('HTTP 403');
  });

  it('refuses a rebinding Host even with the token', async () => {
    await expect(connect(browserProtocols, { headers: { Host: `evil.com:${server.port}` } })).rejects.toThrow(
      'HTTP 421',
    );
  });

  it('accepts our own Origin', async () => {
    await expect(
      connect(browserProtocols, { origin: `http://127.0.0.1:${server.port}` }),
    ).resolves.toBeDefined();
  });

  it('upgrades only at /ws', async () => {
    await expect(connect(browserProtocols, {}, '/other')).rejects.toThrow('HTTP 404');
  });
});

describe('WebSocket calls and events', () => {
  it('answers calls with the same id', async () => {
    backend.snapshot = fakeSnapshot([fakeSession({ id: 'abc', number: 1 })]);
    const ws = await connect(browserProtocols);
    ws.send(JSON.stringify({ id: 'q1', method: 'getSnapshot' }));
    expect(await next(ws)).toMatchObject({ id: 'q1', ok: true, result: { sessions: [{ id: 'abc' }] } });
    ws.send(JSON.stringify({ id: 2, method: 'answerPrompt', args: { session: 'abc' } }));
    expect(await next(ws)).toMatchObject({ id: 2, ok: false, error: { code: 'invalid-arguments' } });
    ws.send('not json');
    expect(await next(ws)).toMatchObject({ id: null, ok: false, error: { code: 'bad-request' } });
  });

  it('pushes snapshot and toast events to every client', async () => {
    const a = await connect(browserProtocols);
    const b = await connect(browserProtocols);
    const snapshot = fakeSnapshot([fakeSession({ id: 'x', number: 3 })], 7);
    const got = [next(a), next(b)];
    backend.emit('snapshot', snapshot);
    for (const message of await Promise.all(got))
      expect(message).toEqual({ event: 'snapshot', payload: snapshot });
    const toast = next(a);
    backend.emit('toast', { level: 'warn', message: 'heads up' });
    expect(await toast).toEqual({ event: 'toast', payload: { level: 'warn', message: 'heads up' } });
  });

  it('unsubscribes from the backend when closed', async () => {
    expect(backend.listenerCount('snapshot')).toBe(1);
    await server.close();
    expect(backend.listenerCount('snapshot')).toBe(0);
    expect(backend.listenerCount('toast')).toBe(0);
    server = await startApiServer({ backend, token: TOKEN });
  });
});
