import { describe, expect, it } from 'vitest';
import { TOWER_METHODS, TowerError } from '../contract/api';
import { FakeBackend } from './fake-backend';
import { createClient, dispatch, errorFromWire, parseRequest, RpcCallError } from './rpc';

describe('dispatch', () => {
  it('calls the backend with validated arguments', async () => {
    const backend = new FakeBackend();
    const outcome = await dispatch(backend, 'sendText', { session: 's1', text: 'hi', submit: false });
    expect(outcome).toEqual({ ok: true, result: { delivered: true } });
    expect(backend.calls).toEqual([
      { method: 'sendText', args: { session: 's1', text: 'hi', submit: false } },
    ]);
  });

  it.each(['nope', '__proto__', 'constructor', 'toString', 'on', 'emit', 'hasOwnProperty'])(
    'refuses the non-contract name %s',
    async (method) => {
      const backend = new FakeBackend();
      const outcome = await dispatch(backend, method, {});
      expect(outcome).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
      expect(backend.calls).toEqual([]);
    },
  );

  it('names the bad field and never calls the backend on invalid arguments', async () => {
    const backend = new FakeBackend();
    const outcome = await dispatch(backend, 'answerPrompt', { session: 's1', choice: 'yes-always' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid-arguments');
    expect(outcome.error.message).toContain('choice');
    expect(backend.calls).toEqual([]);
  });

  it('names unknown keys (strict schemas) and keeps prototype pollution out', async () => {
    const backend = new FakeBackend();
    const args = JSON.parse('{"engaged":true,"__proto__":{"polluted":1}}') as unknown;
    const outcome = await dispatch(backend, 'lockdown', args);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a TowerError code and message', async () => {
    const backend = new FakeBackend();
    backend.nextError = new TowerError('prompt-changed', 'the prompt changed');
    const outcome = await dispatch(backend, 'answerPrompt', { session: 's', choice: 'approve' });
    expect(outcome).toEqual({ ok: false, error: { code: 'prompt-changed', message: 'the prompt changed' } });
  });

  it('maps any other failure to internal without its message or stack', async () => {
    const backend = new FakeBackend();
    backend.nextError = new Error('secret path /home/me/.tower/key at line 3');
    const seen: unknown[] = [];
    const outcome = await dispatch(backend, 'getSnapshot', undefined, {
      onInternalError: (_m, e) => seen.push(e),
    });
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error in getSnapshot' },
    });
    expect(seen).toHaveLength(1);
  });
});

describe('createClient', () => {
  it('has exactly one function per contract method, forwarding name and args', async () => {
    const seen: [string, unknown][] = [];
    const client = createClient((method, args) => {
      seen.push([method, args]);
      return Promise.resolve('ok');
    });
    expect(Object.keys(client).sort()).toEqual([...TOWER_METHODS].sort());
    await client.closeAgent({ session: 'a' });
    expect(seen).toEqual([['closeAgent', { session: 'a' }]]);
    expect((client as unknown as Record<string, unknown>).then).toBeUndefined();
  });
});

describe('wire errors and frames', () => {
  it('rebuilds TowerErrors for contract codes and RpcCallErrors otherwise', () => {
    expect(errorFromWire({ code: 'lockdown', message: 'x' })).toBeInstanceOf(TowerError);
    expect(errorFromWire({ code: 'unauthorized', message: 'x' })).toBeInstanceOf(RpcCallError);
  });

  it('parses requests and explains bad frames', () => {
    expect(parseRequest('{"id":1,"method":"getSnapshot"}')).toEqual({
      ok: true,
      request: { id: 1, method: 'getSnapshot', args: undefined },
    });
    expect(parseRequest('nope')).toMatchObject({ ok: false, id: null, error: { code: 'bad-request' } });
    expect(parseRequest('[1]')).toMatchObject({ ok: false });
    expect(parseRequest('{"id":7}')).toMatchObject({ ok: false, id: 7 });
  });
});
