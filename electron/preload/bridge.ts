/**
 * The object the preload exposes as `window.tower`, built without Electron so it can be tested in Node.
 *
 * Only contract names exist on it: one function per TOWER_METHODS name and `on` for TOWER_EVENTS names.
 * The raw IPC event object never reaches the page (Electron checklist #20): listeners get the payload only.
 */
import { TOWER_EVENTS, TOWER_METHODS } from '../contract/api';
import type { TowerEventName } from '../contract/api';

/** Channel prefixes; must equal IPC_CALL_PREFIX / IPC_EVENT_PREFIX of electron/transport/ipc-main-transport.ts. */
export const CALL_PREFIX = 'tower:call:';
export const EVENT_PREFIX = 'tower:event:';

/** What the bridge needs from the renderer-side IPC module. */
export interface BridgeIpc {
  invoke(channel: string, args: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/** Builds the frozen bridge object. */
export function buildBridge(ipc: BridgeIpc): Readonly<Record<string, unknown>> {
  const bridge: Record<string, unknown> = {};
  for (const method of TOWER_METHODS) {
    bridge[method] = (args?: unknown) => ipc.invoke(`${CALL_PREFIX}${method}`, args);
  }
  bridge.on = (event: unknown, listener: unknown): (() => void) => {
    if (!(TOWER_EVENTS as readonly unknown[]).includes(event)) throw new Error('unknown Tower event');
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const name = event as TowerEventName;
    return ipc.subscribe(`${EVENT_PREFIX}${name}`, (payload) => (listener as (p: unknown) => void)(payload));
  };
  return Object.freeze(bridge);
}
