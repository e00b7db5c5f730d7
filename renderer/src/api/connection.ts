/**
 * A Connection is one transport to the core (Electron IPC or WebSocket), before typing.
 */
import type { TowerEventName, TowerEvents, TowerMethod } from '../../../electron/contract/api';

/** Where a connection stands; `unauthorized` and `no-token` need the owner to reopen the link. */
export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'unauthorized' | 'no-token';

/** A failed call, with the wire's error code (a contract code or a transport one). */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

/** One transport: calls, events, and its status. */
export interface Connection {
  /** Which wire this is; the UI tells the core where an answer came from. */
  readonly kind: 'ipc' | 'websocket';
  call(method: TowerMethod, args: unknown): Promise<unknown>;
  on<E extends TowerEventName>(event: E, listener: (payload: TowerEvents[E]) => void): () => void;
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

/** Rebuilds a CallError from whatever error object a wire delivered. */
export function callErrorFrom(error: unknown): CallError {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code = typeof fields.code === 'string' ? fields.code : 'internal';
  const message = typeof fields.message === 'string' ? fields.message : 'the call failed';
  return new CallError(code, message);
}
