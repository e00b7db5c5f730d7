/**
 * The WebSocket face of the API: rpc calls in, replies and pushed events out.
 *
 * Connections reach the hub only after the server's upgrade handler has checked Host, Origin and token;
 * the hub subscribes to the backend once and fans events out to every open socket.
 */
import { WebSocket } from 'ws';
import { TOWER_EVENTS } from '../contract/api';
import type { TowerEventName, TowerEvents } from '../contract/api';
import { dispatch, parseRequest } from './rpc';
import type { ApiBackend, DispatchOptions, RpcEvent, RpcResponse } from './rpc';

// A client this far behind on reading is stuck or hostile; dropping it protects the process's memory.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Fans backend events out to authenticated sockets and answers their calls. */
export class WsHub {
  private readonly sockets = new Set<WebSocket>();
  private readonly unsubscribes: (() => void)[] = [];

  constructor(
    private readonly backend: ApiBackend,
    private readonly dispatchOptions: DispatchOptions = {},
  ) {
    for (const event of TOWER_EVENTS) {
      this.unsubscribes.push(
        backend.on(event, (payload: TowerEvents[TowerEventName]) => {
          this.broadcast({ event, payload } as RpcEvent);
        }),
      );
    }
  }

  /** How many sockets are connected. */
  get size(): number {
    return this.sockets.size;
  }

  /** Takes over an authenticated socket. */
  add(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        this.send(socket, {
          id: null,
          ok: false,
          error: { code: 'bad-request', message: 'send text frames' },
        });
        return;
      }
      void this.answer(socket, rawText(data));
    });
  }

  /** Unsubscribes from the backend and closes every socket. */
  close(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    for (const socket of this.sockets) socket.close(1001, 'server shutting down');
    this.sockets.clear();
  }

  private async answer(socket: WebSocket, text: string): Promise<void> {
    const parsed = parseRequest(text);
    if (!parsed.ok) {
      this.send(socket, { id: parsed.id, ok: false, error: parsed.error });
      return;
    }
    const { id, method, args } = parsed.request;
    const outcome = await dispatch(this.backend, method, args, this.dispatchOptions);
    this.send(socket, { id, ...outcome });
  }

  private broadcast(message: RpcEvent): void {
    const text = JSON.stringify(message);
    for (const socket of this.sockets) this.sendText(socket, text);
  }

  private send(socket: WebSocket, message: RpcResponse): void {
    this.sendText(socket, JSON.stringify(message));
  }

  private sendText(socket: WebSocket, text: string): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(text);
  }
}

function rawText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
