/**
 * The shape the Electron preload exposes as `window.tower`: one function per contract call name, each
 * resolving to the wire outcome (`{ok, result}` or `{ok:false, error}`), plus `on` for contract events.
 *
 * Outcomes, not thrown errors, cross the bridge: Electron does not keep error classes or codes across it.
 */
import type { TowerApi, TowerEventName, TowerEvents, TowerMethod } from '../../../electron/contract/api';

/** A call's result as it crosses a wire. */
export type WireOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/** `window.tower` in the Electron app. */
export type TowerBridge = {
  readonly [M in TowerMethod]: (args?: Parameters<TowerApi[M]>[0]) => Promise<WireOutcome>;
} & {
  on<E extends TowerEventName>(event: E, listener: (payload: TowerEvents[E]) => void): () => void;
};

/** Whether a value looks like the preload's bridge (the renderer never trusts a global blindly). */
export function isTowerBridge(value: unknown): value is TowerBridge {
  if (typeof value !== 'object' || value === null) return false;
  const bridge = value as Record<string, unknown>;
  return typeof bridge.getSnapshot === 'function' && typeof bridge.on === 'function';
}
