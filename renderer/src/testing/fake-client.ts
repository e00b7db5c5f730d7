/**
 * A TowerClient for component tests: a fixed state and a record of every call made.
 */
import type { TowerApi } from '../../../electron/contract/api';
import type { Snapshot } from '../../../electron/contract/dto';
import type { LiveState, TowerClient } from '../api/tower-client';

/** The fake and the calls it saw. */
export interface FakeClient extends TowerClient {
  readonly calls: { method: string; args: unknown }[];
  push(snapshot: Snapshot): void;
}

/** A client whose every call is recorded and answered by `answers[method]` (default: resolves undefined). */
export function fakeClient(
  snapshot: Snapshot | null,
  answers: Partial<Record<keyof TowerApi, unknown>> = {},
): FakeClient {
  const calls: { method: string; args: unknown }[] = [];
  const listeners = new Set<() => void>();
  let state: LiveState = { snapshot, status: 'open' };
  const api = new Proxy({} as TowerApi, {
    get: (_target, method: string) => (args: unknown) => {
      calls.push({ method, args });
      return Promise.resolve(answers[method as keyof TowerApi]);
    },
  });
  return {
    api,
    channel: 'browser',
    calls,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    onToast: () => () => undefined,
    close: () => undefined,
    push(next) {
      state = { ...state, snapshot: next };
      for (const listener of listeners) listener();
    },
  };
}
