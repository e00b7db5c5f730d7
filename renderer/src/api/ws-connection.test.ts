import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallError } from './connection';
import { connectWebSocket } from './ws-connection';

/** A stand-in for the browser WebSocket: the test opens, closes and feeds it. */
class FakeSocket {
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  readonly sent: string[] = [];
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.onclose?.();
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

let sockets: FakeSocket[];
const open = (token = 'tok') =>
  connectWebSocket({
    url: 'ws://127.0.0.1:7733/ws',
    token,
    createSocket: (url, protocols) => {
      const socket = new FakeSocket(url, protocols);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
  });

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('connectWebSocket', () => {
  it('offers the token as a subprotocol and matches replies to calls by id', async () => {
    const connection = open('abc');
    expect(sockets[0]?.protocols).toEqual(['tower.v1', 'tower.token.abc']);
    sockets[0]?.onopen?.();
    expect(connection.status()).toBe('open');
    const first = connection.call('getSnapshot', undefined);
    const second = connection.call('lockdown', { engaged: true });
    expect(sockets[0]?.sent.map((s) => JSON.parse(s) as unknown)).toEqual([
      { id: 1, method: 'getSnapshot' },
      { id: 2, method: 'lockdown', args: { engaged: true } },
    ]);
    sockets[0]?.receive({ id: 2, ok: false, error: { code: 'lockdown', message: 'no' } });
    sockets[0]?.receive({ id: 1, ok: true, result: 'snap' });
    await expect(first).resolves.toBe('snap');
    await expect(second).rejects.toEqual(new CallError('lockdown', 'no'));
  });

  it('fails calls at once while disconnected and fails in-flight calls when the socket drops', async () => {
    const connection = open();
    await expect(connection.call('getSnapshot', undefined)).rejects.toMatchObject({ code: 'disconnected' });
    sockets[0]?.onopen?.();
    const pending = connection.call('answerPrompt', { session: 's', choice: 'approve' });
    sockets[0]?.close();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    expect(connection.status()).toBe('closed');
  });

  it('reconnects with backoff, and says unauthorized after repeated refusals', () => {
    const connection = open();
    for (let i = 0; i < 3; i += 1) {
      sockets.at(-1)?.close();
      vi.advanceTimersByTime(5_000);
    }
    expect(sockets.length).toBe(4);
    expect(connection.status()).toBe('unauthorized');
    sockets.at(-1)?.onopen?.();
    expect(connection.status()).toBe('open');
  });

  it('passes only contract events to listeners and ignores junk frames', () => {
    const connection = open();
    const got: unknown[] = [];
    connection.on('snapshot', (s) => got.push(s));
    sockets[0]?.onopen?.();
    sockets[0]?.receive({ event: 'snapshot', payload: { version: 3 } });
    sockets[0]?.receive({ event: '__proto__', payload: {} });
    sockets[0]?.onmessage?.({ data: 'not json' });
    sockets[0]?.onmessage?.({ data: 42 });
    expect(got).toEqual([{ version: 3 }]);
  });
});
