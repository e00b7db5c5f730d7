/**
 * The HTTP face of the API: `POST /api/<method>` with a JSON body, and `GET /api/getSnapshot`.
 *
 * Host/Origin are checked by the server before this runs; here: token, content type (so a cross-site
 * HTML form, which can only send form encodings or text/plain, never reaches a call), body size, JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, checkToken } from './request-guard';
import { readBoundedBody } from './read-body';
import { dispatch, failure, isTowerMethod } from './rpc';
import type { ApiBackend, DispatchOptions, RpcErrorCode, RpcOutcome } from './rpc';

/** Largest request body accepted; the biggest legitimate call (sendText) is ~8 KB of text. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The HTTP status each wire error code answers with. */
export const STATUS_BY_CODE: Record<RpcErrorCode, number> = {
  'unknown-method': 404,
  'unknown-session': 404,
  'bad-request': 400,
  'invalid-arguments': 400,
  unauthorized: 401,
  'not-allowed': 403,
  'no-prompt': 409,
  'prompt-changed': 409,
  lockdown: 423,
  'terminal-failed': 502,
  internal: 500,
};

/** What the API handler needs from the server. */
export interface ApiContext {
  readonly backend: ApiBackend;
  readonly token: string;
  readonly headers: Record<string, string>;
  readonly dispatchOptions?: DispatchOptions;
}

/** Writes one JSON answer with the security headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answers a failed outcome with its mapped status. */
export function sendOutcome(res: ServerResponse, outcome: RpcOutcome, headers: Record<string, string>): void {
  const status = outcome.ok ? 200 : STATUS_BY_CODE[outcome.error.code];
  sendJson(res, status, outcome, headers);
}

/** Handles a request whose path starts with `/api/`. */
export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  ctx: ApiContext,
): Promise<void> {
  const rejected = checkToken(bearerToken(req.headers), ctx.token);
  if (rejected) {
    return sendJson(res, rejected.status, failure(rejected.code, rejected.message), ctx.headers);
  }
  if (!isTowerMethod(method)) {
    return sendOutcome(res, failure('unknown-method', 'unknown method'), ctx.headers);
  }
  if (req.method === 'GET' && method === 'getSnapshot') {
    return sendOutcome(res, await dispatch(ctx.backend, method, undefined, ctx.dispatchOptions), ctx.headers);
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', method === 'getSnapshot' ? 'GET, POST' : 'POST');
    return sendJson(res, 405, failure('bad-request', 'use POST with a JSON body'), ctx.headers);
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return sendJson(res, 415, failure('bad-request', 'Content-Type must be application/json'), ctx.headers);
  }
  const body = await readBoundedBody(req, MAX_BODY_BYTES);
  if (body === null) {
    res.setHeader('Connection', 'close');
    return sendJson(res, 413, failure('bad-request', `body exceeds ${MAX_BODY_BYTES} bytes`), ctx.headers);
  }
  let args: unknown = undefined;
  if (body.length > 0) {
    try {
      args = JSON.parse(body) as unknown;
    } catch {
      return sendJson(res, 400, failure('bad-request', 'body is not valid JSON'), ctx.headers);
    }
  }
  sendOutcome(res, await dispatch(ctx.backend, method, args, ctx.dispatchOptions), ctx.headers);
}
