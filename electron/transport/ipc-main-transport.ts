/**
 * The contract over Electron IPC: the ONLY file that touches the raw main-process IPC module.
 *
 * One `handle` per name in TOWER_METHODS (`tower:call:<method>`); each checks that the sender is the
 * top frame of our own page, then runs the shared `dispatch` (name allow-list → zod → backend → error
 * codes), so IPC and WebSocket behave identically. Replies are outcomes (`{ok, result | error}`), never
 * thrown errors: Electron does not carry error codes across. Events go out as `tower:event:<name>`.
 */
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { TOWER_EVENTS, TOWER_METHODS } from '../contract/api';
import type { TowerEventName, TowerEvents } from '../contract/api';
import { dispatch, failure } from './rpc';
import type { ApiBackend, DispatchOptions, RpcOutcome } from './rpc';

/** Channel prefix of calls; the preload uses the same string. */
export const IPC_CALL_PREFIX = 'tower:call:';
/** Channel prefix of pushed events; the preload uses the same string. */
export const IPC_EVENT_PREFIX = 'tower:event:';

/** The parts of a sending frame the check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** Options for bindIpcMain. */
export interface IpcMainTransportOptions {
  readonly backend: ApiBackend;
  /** Page origins allowed to call, as `protocol//host` (`app://tower`; the dev server in development). */
  readonly trustedOrigins: readonly string[];
  /** Where events go: the popover's webContents. */
  readonly targets: () => readonly Pick<WebContents, 'send' | 'isDestroyed'>[];
  readonly onInternalError?: DispatchOptions['onInternalError'];
}

/** `protocol//host` of a URL (custom schemes have an opaque WHATWG origin, so compare these parts). */
export function originKey(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** Whether a call comes from the top frame of one of our pages (no iframes, no other origins). */
export function isTrustedSender(
  frame: SenderFrame | null | undefined,
  trustedOrigins: readonly string[],
): boolean {
  if (frame === null || frame === undefined || frame.parent !== null) return false;
  const key = originKey(frame.url);
  return key !== null && trustedOrigins.includes(key);
}

/** Answers one call from a renderer: sender check, then the shared dispatcher. */
export async function handleIpcCall(
  options: IpcMainTransportOptions,
  method: string,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  args: unknown,
): Promise<RpcOutcome> {
  if (!isTrustedSender(event.senderFrame, options.trustedOrigins)) {
    return failure('not-allowed', 'calls are accepted only from Tower’s own window');
  }
  return dispatch(options.backend, method, args, { onInternalError: options.onInternalError });
}

/** Registers every contract call and forwards every contract event; returns the function that undoes it. */
export function bindIpcMain(options: IpcMainTransportOptions): () => void {
  for (const method of TOWER_METHODS) {
    ipcMain.handle(`${IPC_CALL_PREFIX}${method}`, (event, args: unknown) =>
      handleIpcCall(options, method, event, args),
    );
  }
  const offs = TOWER_EVENTS.map((name: TowerEventName) =>
    options.backend.on(name, (payload: TowerEvents[TowerEventName]) => {
      for (const target of options.targets()) {
        if (!target.isDestroyed()) target.send(`${IPC_EVENT_PREFIX}${name}`, payload);
      }
    }),
  );
  return () => {
    for (const method of TOWER_METHODS) ipcMain.removeHandler(`${IPC_CALL_PREFIX}${method}`);
    for (const off of offs) off();
  };
}
