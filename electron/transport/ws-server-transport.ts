/**
 * The local API server: HTTP + WebSocket on 127.0.0.1 only, guarded by Host, Origin and a per-launch token.
 *
 * Routes: `GET /` (dashboard page, or `staticDir/index.html`), `GET /dashboard.js|css`, `/api/<method>`
 * (see http-api.ts), and the WebSocket at `/ws` (see ws-hub.ts). Auth is described in request-guard.ts.
 */
import { createServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS } from './dashboard-assets';
import { handleHookRequest, isHookPath, type HookEndpoint } from './hook-route';
import { handleApiRequest, MAX_BODY_BYTES, sendJson } from './http-api';
import {
  bearerToken,
  checkHostAndOrigin,
  checkToken,
  generateToken,
  protocolToken,
  securityHeaders,
  WS_PROTOCOL,
} from './request-guard';
import type { Rejection } from './request-guard';
import { failure } from './rpc';
import type { ApiBackend, DispatchOptions } from './rpc';
import { resolveStaticFile, sendStaticFile } from './static-files';
import { WsHub } from './ws-hub';

/** Options for startApiServer. */
export interface ApiServerOptions {
  readonly backend: ApiBackend;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Loopback only; the type admits nothing else on purpose. */
  readonly host?: '127.0.0.1';
  /** Defaults to a fresh random token; pass one only in tests. */
  readonly token?: string;
  /** A built UI to serve instead of the built-in dashboard. */
  readonly staticDir?: string;
  /** Told about unexpected backend failures (clients only see `internal`). */
  readonly onInternalError?: DispatchOptions['onInternalError'];
  /** Claude Code / Codex hook posts (`/hooks/*`, own secret); see hook-route.ts. */
  readonly hooks?: HookEndpoint;
}

/** A running server. */
export interface ApiServer {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The page to open in a browser: the base URL with the token in the fragment. */
  readonly dashboardUrl: string;
  readonly port: number;
  readonly token: string;
  /** Number of connected WebSocket clients. */
  readonly connections: () => number;
  close(): Promise<void>;
}

const BUILTIN_ASSETS: Record<string, { readonly type: string; readonly body: string }> = {
  '/': { type: 'text/html; charset=utf-8', body: DASHBOARD_HTML },
  '/dashboard.js': { type: 'text/javascript; charset=utf-8', body: DASHBOARD_JS },
  '/dashboard.css': { type: 'text/css; charset=utf-8', body: DASHBOARD_CSS },
};

/** Starts the server and resolves once it is listening. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  // The type already says so; this stops a JavaScript caller or a cast from exposing the API to the network.
  if (host !== '127.0.0.1') throw new Error(`the Tower API listens on 127.0.0.1 only, not ${String(host)}`);
  const token = options.token ?? generateToken();
  const dispatchOptions: DispatchOptions = { onInternalError: options.onInternalError };
  const hub = new WsHub(options.backend, dispatchOptions);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_BODY_BYTES,
    perMessageDeflate: false,
    // Select the plain protocol name so the token-carrying one is never echoed back.
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  let port = 0;

  const server = createServer((req, res) => {
    handleRequest(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, failure('internal', 'internal error'), securityHeaders(port));
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(port);
    const rejected = checkHostAndOrigin(req.headers, port);
    if (rejected) return sendJson(res, rejected.status, failure(rejected.code, rejected.message), headers);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (isHookPath(path)) return handleHookRequest(req, res, path, options.hooks, headers);
    if (path.startsWith('/api/')) {
      const ctx = { backend: options.backend, token, headers, dispatchOptions };
      return handleApiRequest(req, res, path.slice('/api/'.length), ctx);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, failure('bad-request', 'method not allowed'), headers);
    }
    const headOnly = req.method === 'HEAD';
    if (options.staticDir !== undefined) {
      const file = await resolveStaticFile(options.staticDir, path);
      if (file !== null) return sendStaticFile(res, file, headers, headOnly);
    } else {
      const asset = BUILTIN_ASSETS[path];
      if (asset !== undefined) {
        res.writeHead(200, {
          ...headers,
          'Content-Type': asset.type,
          'Content-Length': Buffer.byteLength(asset.body),
        });
        res.end(headOnly ? undefined : asset.body);
        return;
      }
    }
    sendJson(res, 404, failure('bad-request', 'not found'), headers);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const rejected: Rejection | null =
      checkHostAndOrigin(req.headers, port) ??
      checkToken(bearerToken(req.headers) ?? protocolToken(req.headers), token);
    if (rejected) return refuseUpgrade(socket, rejected.status);
    if (path !== '/ws') return refuseUpgrade(socket, 404);
    wss.handleUpgrade(req, socket, head, (ws) => hub.add(ws));
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  port = address.port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    dashboardUrl: `${url}/#token=${token}`,
    port,
    token,
    connections: () => hub.size,
    close: () =>
      new Promise<void>((resolveClose) => {
        hub.close();
        // Sockets that ignore the close handshake are cut after a second so shutdown stays prompt.
        setTimeout(() => {
          for (const client of wss.clients) client.terminate();
        }, 1_000).unref();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

// A bare HTTP answer on the raw socket: the upgrade never happens, so no WebSocket is ever opened.
function refuseUpgrade(socket: Duplex, status: number): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}
