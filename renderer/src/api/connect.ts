/**
 * Picks the transport: Electron IPC when the preload bridge exists, else the headless server's
 * WebSocket with the token from the URL fragment.
 */
import { isTowerBridge } from './bridge';
import type { Connection, ConnectionStatus } from './connection';
import { CallError } from './connection';
import { connectIpc } from './ipc-connection';
import { readToken } from './token';
import { createTowerClient } from './tower-client';
import type { TowerClient } from './tower-client';
import { connectWebSocket } from './ws-connection';

/** Connects the page it runs in. */
export function connectFromWindow(win: Window & { readonly tower?: unknown }): TowerClient {
  if (isTowerBridge(win.tower)) return createTowerClient(connectIpc(win.tower));
  const token = readToken(win);
  if (token === null) return createTowerClient(missingToken());
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createTowerClient(connectWebSocket({ url: `${scheme}//${win.location.host}/ws`, token }));
}

// No token: nothing to connect to; the UI explains how to open the right link.
function missingToken(): Connection {
  const status: ConnectionStatus = 'no-token';
  return {
    kind: 'websocket',
    call: () => Promise.reject(new CallError('unauthorized', 'no token')),
    on: () => () => undefined,
    status: () => status,
    onStatus: () => () => undefined,
    close: () => undefined,
  };
}
