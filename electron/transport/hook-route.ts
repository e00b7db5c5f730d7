/**
 * The hook endpoint: `POST /hooks/claude` and `POST /hooks/codex` on the local server, for Tower's
 * hook command (native-scripts/hooks/tower-hook.mjs). Thin: authenticate, size-check, parse JSON, hand
 * the body to the hook desk, answer its JSON.
 *
 * The hook secret is NOT the API token: it sits in a 0600 file the agent's user can read, so it proves
 * only that a caller went through Tower's hook command; this route can answer hook events and nothing
 * else (no approval, no typing). Missing secret → 401, wrong secret → 403, both reported (never the
 * value presented) so the audit log shows who knocked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HookReply } from '../core/hooks/hook-desk';
import type { HookSource } from '../core/hooks/hook-event';
import { sendJson } from './http-api';
import { readBoundedBody } from './read-body';
import { tokensEqual } from './request-guard';

/** Largest hook body: a Write's whole file content rides in `tool_input`. Bigger ones get no decision. */
export const MAX_HOOK_BODY_BYTES = 1024 * 1024;
/** The header the hook command sends its secret in. */
export const HOOK_SECRET_HEADER = 'x-tower-hook-secret';

/** What the server needs to serve hooks. */
export interface HookEndpoint {
  readonly secret: string;
  handle(source: HookSource, body: unknown): Promise<HookReply>;
  /** A request was refused before it reached the desk (bad secret, size, JSON). */
  rejected(why: { readonly status: number; readonly reason: string; readonly path: string }): void;
}

const SOURCES: Readonly<Record<string, HookSource>> = { '/hooks/claude': 'claude', '/hooks/codex': 'codex' };

/** Whether a path belongs to the hook endpoint. */
export function isHookPath(path: string): boolean {
  return path.startsWith('/hooks/');
}

/** Serves one request under `/hooks/`. */
export async function handleHookRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  endpoint: HookEndpoint | undefined,
  headers: Record<string, string>,
): Promise<void> {
  const refuse = (status: number, reason: string) => {
    endpoint?.rejected({ status, reason, path: path.slice(0, 64) });
    sendJson(res, status, { ok: false, error: reason }, headers);
  };
  if (endpoint === undefined) return refuse(404, 'hooks are not enabled');
  const given = req.headers[HOOK_SECRET_HEADER];
  if (typeof given !== 'string' || given === '') return refuse(401, 'missing hook secret');
  if (!tokensEqual(given, endpoint.secret)) return refuse(403, 'wrong hook secret');
  const source = SOURCES[path];
  if (source === undefined) return refuse(404, 'unknown hook route');
  if (req.method !== 'POST') return refuse(405, 'use POST');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return refuse(415, 'Content-Type must be application/json');
  const body = await readBoundedBody(req, MAX_HOOK_BODY_BYTES);
  if (body === null) {
    res.setHeader('Connection', 'close');
    return refuse(413, `body exceeds ${MAX_HOOK_BODY_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    return refuse(400, 'body is not valid JSON');
  }
  const reply = await endpoint.handle(source, parsed);
  if (!reply.ok) return refuse(400, reply.error);
  sendJson(res, 200, reply, headers);
}
