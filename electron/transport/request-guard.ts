/**
 * The local API's gate: who may talk to the server that can type into the owner's terminals.
 *
 * Three checks, in order, on every HTTP request and WebSocket upgrade:
 *  1. Host is exactly `127.0.0.1:<port>` or `localhost:<port>` (DNS rebinding: a page on evil.com that
 *     re-resolves to 127.0.0.1 still sends `Host: evil.com`).
 *  2. Origin, when present, is our own origin (a foreign page's fetch/WebSocket carries its origin).
 *  3. The per-launch token, compared in constant time (any other local process or page lacks it).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Subprotocol a browser offers to say "speak Tower v1"; the server selects it so the token is not echoed. */
export const WS_PROTOCOL = 'tower.v1';
/** Prefix of the subprotocol carrying the token: `tower.token.<token>` (browsers cannot set headers on WS). */
export const WS_TOKEN_PROTOCOL_PREFIX = 'tower.token.';

/** A fresh per-launch token: 32 random bytes, base64url (valid inside a WebSocket subprotocol). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes the time independent of where (or whether) lengths differ. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The origins we serve, as a browser would spell them. */
export function ownOrigins(port: number): readonly string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Why a request was turned away, with the HTTP status to answer. */
export interface Rejection {
  readonly status: 401 | 403 | 421;
  readonly code: 'unauthorized' | 'not-allowed';
  readonly message: string;
}

/** Host and Origin checks (no token): applies to every path, static pages included. */
export function checkHostAndOrigin(headers: IncomingHttpHeaders, port: number): Rejection | null {
  const host = headers.host?.toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return { status: 421, code: 'not-allowed', message: 'unexpected Host header' };
  }
  const origin = headers.origin;
  // Browsers send `Origin: null` from sandboxed frames and file: pages; that is not us either.
  if (origin !== undefined && !ownOrigins(port).includes(origin.toLowerCase())) {
    return { status: 403, code: 'not-allowed', message: 'cross-origin requests are not allowed' };
  }
  return null;
}

/** The bearer token of an `Authorization` header, if it has one. */
export function bearerToken(headers: IncomingHttpHeaders): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** The token offered as a `tower.token.<token>` subprotocol, if any. */
export function protocolToken(headers: IncomingHttpHeaders): string | null {
  const offered = (headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const carrier = offered.find((p) => p.startsWith(WS_TOKEN_PROTOCOL_PREFIX));
  return carrier === undefined ? null : carrier.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
}

/** The token check: a request without a matching token is 401, whichever way it tried. */
export function checkToken(given: string | null, expected: string): Rejection | null {
  if (given !== null && tokensEqual(given, expected)) return null;
  return { status: 401, code: 'unauthorized', message: 'missing or wrong token' };
}

/** The Content-Security-Policy for every response: our own scripts and sockets, nothing inline, no framing. */
export function contentSecurityPolicy(port: number): string {
  const sockets = ownOrigins(port)
    .map((o) => o.replace('http:', 'ws:'))
    .join(' ');
  return [
    "default-src 'self'",
    `connect-src 'self' ${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent on every response. No CORS headers, ever: only our own origin may read answers. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
