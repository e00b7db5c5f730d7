import { describe, expect, it } from 'vitest';
import type { TowerEventName, TowerEvents } from '../../../electron/contract/api';
import { snapshot } from '../testing/fixtures';
import type { Connection, ConnectionStatus } from './connection';
import { CallError } from './connection';
import { connectIpc } from './ipc-connection';
import { createTowerClient } from './tower-client';
import { readToken } from './token';
import type { TowerBridge } from './bridge';

function fakeConnection() {
  const handlers = new Map<string, (p: unknown) => void>();
  let status: ConnectionStatus = 'connecting';
  let onStatus: (s: ConnectionStatus) => void = () => undefined;
  const calls: string[] = [];
  const connection: Connection = {
    kind: 'websocket',
    call: (method) => {
      calls.push(method);
      return Promise.resolve(snapshot([], {}));
    },
    on: <E extends TowerEventName>(event: E, listener: (payload: TowerEvents[E]) => void) => {
      handlers.set(event, listener as (p: unknown) => void);
      return () => handlers.delete(event);
    },
    status: () => status,
    onStatus: (listener) => {
      onStatus = listener;
      return () => undefined;
    },
    close: () => undefined,
  };
  return {
    connection,
    calls,
    open: () => onStatus((status = 'open')),
    push: (event: string, payload: unknown) => handlers.get(event)?.(payload),
  };
}

describe('createTowerClient', () => {
  it('fetches a snapshot when the connection opens and keeps only newer pushes', async () => {
    const fake = fakeConnection();
    const client = createTowerClient(fake.connection);
    let renders = 0;
    client.subscribe(() => (renders += 1));
    fake.open();
    await Promise.resolve();
    await Promise.resolve();
    expect(fake.calls).toEqual(['getSnapshot']);
    expect(client.getState().status).toBe('open');
    fake.push('snapshot', { ...snapshot([]), version: 5 });
    fake.push('snapshot', { ...snapshot([]), version: 3 });
    expect(client.getState().snapshot?.version).toBe(5);
    expect(renders).toBeGreaterThanOrEqual(2);
    expect(client.channel).toBe('browser');
  });
});

describe('connectIpc', () => {
  it('unwraps outcomes and rebuilds errors with their codes', async () => {
    const bridge = {
      getSnapshot: () => Promise.resolve({ ok: true, result: 'snap' }),
      answerPrompt: () =>
        Promise.resolve({ ok: false, error: { code: 'prompt-changed', message: 'changed' } }),
      on: () => () => undefined,
    } as unknown as TowerBridge;
    const connection = connectIpc(bridge);
    await expect(connection.call('getSnapshot', undefined)).resolves.toBe('snap');
    await expect(connection.call('answerPrompt', {})).rejects.toEqual(
      new CallError('prompt-changed', 'changed'),
    );
  });
});

describe('readToken', () => {
  it('moves the fragment token to sessionStorage and out of the address bar', () => {
    const stored = new Map<string, string>();
    const replaced: string[] = [];
    const env = {
      location: { hash: '#token=abc_DEF-1', pathname: '/', search: '' },
      history: {
        replaceState: (_d: unknown, _t: string, url?: string | URL | null) => replaced.push(String(url)),
      },
      sessionStorage: {
        getItem: (k: string) => stored.get(k) ?? null,
        setItem: (k: string, v: string) => stored.set(k, v),
      },
    };
    expect(readToken(env)).toBe('abc_DEF-1');
    expect(replaced).toEqual(['/']);
    expect(readToken({ ...env, location: { hash: '', pathname: '/', search: '' } })).toBe('abc_DEF-1');
  });
});
