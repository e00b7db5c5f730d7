import { describe, expect, it, vi } from 'vitest';
import { TOWER_METHODS } from '../contract/api';
import { buildBridge, CALL_PREFIX, EVENT_PREFIX } from './bridge';

// The transport value-imports electron; a stub stands in so the channel names can be compared in Node.
vi.mock('electron', () => ({ ipcMain: {} }));
const { IPC_CALL_PREFIX, IPC_EVENT_PREFIX } = await import('../transport/ipc-main-transport');

describe('preload bridge', () => {
  it('exposes exactly the contract call names plus `on`, frozen', () => {
    const bridge = buildBridge({ invoke: () => Promise.resolve(null), subscribe: () => () => undefined });
    expect(Object.keys(bridge).sort()).toEqual([...TOWER_METHODS, 'on'].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes the per-method channel and hands listeners the payload only', async () => {
    const invoked: [string, unknown][] = [];
    let deliver: (payload: unknown) => void = () => undefined;
    const bridge = buildBridge({
      invoke: (channel, args) => {
        invoked.push([channel, args]);
        return Promise.resolve({ ok: true, result: 1 });
      },
      subscribe: (channel, listener) => {
        expect(channel).toBe('tower:event:snapshot');
        deliver = listener;
        return () => undefined;
      },
    });
    await (bridge.lockdown as (a: unknown) => Promise<unknown>)({ engaged: true });
    expect(invoked).toEqual([['tower:call:lockdown', { engaged: true }]]);
    const got: unknown[] = [];
    (bridge.on as (e: string, l: (p: unknown) => void) => void)('snapshot', (...args) => got.push(args));
    deliver({ version: 1 });
    expect(got).toEqual([[{ version: 1 }]]);
  });

  it('refuses events outside the contract', () => {
    const bridge = buildBridge({ invoke: () => Promise.resolve(null), subscribe: () => () => undefined });
    expect(() => (bridge.on as (e: string, l: () => void) => void)('__proto__', () => undefined)).toThrow();
  });

  it('uses the same channel names as the main-process transport', () => {
    expect([CALL_PREFIX, EVENT_PREFIX]).toEqual([IPC_CALL_PREFIX, IPC_EVENT_PREFIX]);
  });
});
