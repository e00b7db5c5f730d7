/**
 * The WebSocket transport to the headless server: `{id, method, args}` out, `{id, ok, …}` replies and
 * `{event, payload}` pushes in. The token rides in a subprotocol (`tower.token.<token>`), since a browser
 * cannot set headers on a WebSocket; the server selects plain `tower.v1`, so the token is never echoed.
 * Reconnects with backoff; calls made while disconnected fail at once rather than queue (a queued
 * approval could land on a different prompt later).
 */
import { TOWER_EVENTS } from '../../../electron/contract/api';
import type { TowerEventName, TowerEvents, TowerMethod } from '../../../electron/contract/api';
import { CallError, callErrorFrom } from './connection';
import type { Connection, ConnectionStatus } from './connection';
import { Listeners } from './listeners';

/** Options for the WebSocket connection. */
export interface WsConnectionOptions {
  /** `ws://127.0.0.1:7733/ws`. */
  readonly url: string;
  readonly token: string;
  /** Per-call timeout; approvals wait for the core to confirm, so this is generous. */
  readonly callTimeoutMs?: number;
  /** Injected for tests; defaults to the browser's WebSocket. */
  readonly createSocket?: (url: string, protocols: string[]) => WebSocket;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

const MAX_BACKOFF_MS = 5_000;

/** Opens a reconnecting WebSocket connection. */
export function connectWebSocket(options: WsConnectionOptions): Connection {
  const events = new Listeners<TowerEvents>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, Pending>();
  const create = options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
  let status: ConnectionStatus = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempts = 0;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };

  const failAll = (reason: string) => {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.reject(new CallError('disconnected', reason));
      pending.delete(id);
    }
  };

  const onMessage = (data: unknown) => {
    if (typeof data !== 'string') return;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(data) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof message.event === 'string') {
      const name = message.event;
      if ((TOWER_EVENTS as readonly string[]).includes(name)) {
        events.emit(name as TowerEventName, message.payload as TowerEvents[TowerEventName]);
      }
      return;
    }
    if (typeof message.id !== 'number') return;
    const call = pending.get(message.id);
    if (call === undefined) return;
    pending.delete(message.id);
    clearTimeout(call.timer);
    if (message.ok === true) call.resolve(message.result);
    else call.reject(callErrorFrom(message.error));
  };

  const open = () => {
    if (closed) return;
    // Status stays "closed"/"unauthorized" while retrying, so the page does not flicker to "connecting".
    let opened = false;
    const ws = create(options.url, ['tower.v1', `tower.token.${options.token}`]);
    socket = ws;
    ws.onopen = () => {
      opened = true;
      attempts = 0;
      setStatus('open');
    };
    ws.onmessage = (event: MessageEvent) => onMessage(event.data);
    ws.onclose = () => {
      socket = null;
      failAll('the connection to Tower closed');
      if (closed) return setStatus('closed');
      // A refused upgrade never opens; after a few refusals the token is the likely cause.
      if (!opened && attempts >= 2) setStatus('unauthorized');
      else setStatus('closed');
      attempts += 1;
      retry = setTimeout(open, Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempts));
    };
  };
  open();

  return {
    kind: 'websocket',
    call(method: TowerMethod, args: unknown): Promise<unknown> {
      const ws = socket;
      if (ws === null || status !== 'open') {
        return Promise.reject(new CallError('disconnected', 'not connected to Tower'));
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new CallError('timeout', `${method} did not answer in time`));
        }, options.callTimeoutMs ?? 30_000);
        pending.set(id, { resolve, reject, timer });
        ws.send(JSON.stringify(args === undefined ? { id, method } : { id, method, args }));
      });
    },
    on: (event, listener) => events.on(event, listener),
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      socket?.close();
      failAll('closed');
      setStatus('closed');
    },
  };
}
