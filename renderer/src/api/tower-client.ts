/**
 * TowerClient: the typed contract over any Connection, plus the latest pushed snapshot for React.
 *
 * The core pushes whole snapshots; the client only remembers the newest one it was told (no store of
 * its own, no merging) and hands it to `useSyncExternalStore` through `subscribe`/`getState`.
 */
import { TOWER_METHODS } from '../../../electron/contract/api';
import type { TowerApi, TowerEvents } from '../../../electron/contract/api';
import type { Snapshot } from '../../../electron/contract/dto';
import type { Connection, ConnectionStatus } from './connection';

/** What the UI renders from: the newest snapshot and the connection's status. */
export interface LiveState {
  readonly snapshot: Snapshot | null;
  readonly status: ConnectionStatus;
}

/** The client React uses. */
export interface TowerClient {
  readonly api: TowerApi;
  /** Where answers come from, for the audit log: `tray` in Electron, `browser` in headless mode. */
  readonly channel: 'tray' | 'browser';
  readonly subscribe: (listener: () => void) => () => void;
  readonly getState: () => LiveState;
  onToast(listener: (toast: TowerEvents['toast']) => void): () => void;
  close(): void;
}

/** Builds the client over a connection and keeps the newest snapshot. */
export function createTowerClient(connection: Connection): TowerClient {
  const listeners = new Set<() => void>();
  let state: LiveState = { snapshot: null, status: connection.status() };
  const set = (next: Partial<LiveState>) => {
    state = { ...state, ...next };
    for (const listener of [...listeners]) listener();
  };
  const accept = (snapshot: Snapshot, force = false) => {
    if (force || state.snapshot === null || snapshot.version >= state.snapshot.version) set({ snapshot });
  };

  const api = {} as Record<string, (args?: unknown) => Promise<unknown>>;
  for (const method of TOWER_METHODS) api[method] = (args?: unknown) => connection.call(method, args);
  const typedApi = Object.freeze(api) as unknown as TowerApi;

  const refresh = () => {
    typedApi.getSnapshot().then(
      (snapshot) => accept(snapshot, true),
      () => undefined,
    );
  };
  const offSnapshot = connection.on('snapshot', (snapshot) => accept(snapshot));
  const offStatus = connection.onStatus((status) => {
    set({ status });
    if (status === 'open') refresh();
  });
  if (connection.status() === 'open') refresh();

  return {
    api: typedApi,
    channel: connection.kind === 'ipc' ? 'tray' : 'browser',
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    onToast: (listener) => connection.on('toast', listener),
    close() {
      offSnapshot();
      offStatus();
      connection.close();
    },
  };
}
