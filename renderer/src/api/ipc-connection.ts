/**
 * The Electron transport: calls and events go through the preload's `window.tower` bridge.
 */
import type { TowerEventName, TowerEvents, TowerMethod } from '../../../electron/contract/api';
import type { TowerBridge } from './bridge';
import { CallError, callErrorFrom } from './connection';
import type { Connection, ConnectionStatus } from './connection';

/** Wraps the preload bridge as a Connection; IPC is always "open" while the window lives. */
export function connectIpc(bridge: TowerBridge): Connection {
  const offs: (() => void)[] = [];
  return {
    kind: 'ipc',
    async call(method: TowerMethod, args: unknown): Promise<unknown> {
      const invoke = bridge[method] as (a?: unknown) => Promise<unknown>;
      const outcome = (await invoke(args)) as
        { ok: true; result: unknown } | { ok: false; error?: unknown } | null;
      if (outcome === null || typeof outcome !== 'object') throw new CallError('internal', 'bad reply');
      if (outcome.ok) return outcome.result;
      throw callErrorFrom(outcome.error);
    },
    on<E extends TowerEventName>(event: E, listener: (payload: TowerEvents[E]) => void): () => void {
      const off = bridge.on(event, listener);
      offs.push(off);
      return off;
    },
    status: (): ConnectionStatus => 'open',
    onStatus: () => () => undefined,
    close() {
      for (const off of offs.splice(0)) off();
    },
  };
}
