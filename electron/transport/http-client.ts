/**
 * A TowerApi over the HTTP API, for Node clients (the CLI) and tests.
 *
 * Uses the global fetch; sends the token as a bearer header to the loopback URL only. A failed call
 * throws what `errorFromWire` builds (a TowerError for contract codes); an unreachable server throws
 * ServerUnreachableError so callers can say "Tower is not running".
 */
import type { TowerApi, TowerMethod } from '../contract/api';
import { createClient, errorFromWire, RpcCallError } from './rpc';
import type { RpcOutcome } from './rpc';

/** The server did not answer at all (refused, reset, timed out). */
export class ServerUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerUnreachableError';
  }
}

/** Where the server is and how to authenticate. */
export interface HttpClientOptions {
  /** `http://127.0.0.1:<port>`; anything that is not loopback is refused so the token cannot leak. */
  readonly url: string;
  readonly token: string;
  readonly timeoutMs?: number;
}

/** Builds the raw `call(method, args)` over HTTP. */
export function createHttpCall(
  options: HttpClientOptions,
): (method: TowerMethod, args: unknown) => Promise<unknown> {
  const base = new URL(options.url);
  if (base.protocol !== 'http:' || (base.hostname !== '127.0.0.1' && base.hostname !== 'localhost')) {
    throw new Error(`refusing to send the Tower token to ${base.origin}: only loopback is allowed`);
  }
  return async (method, args) => {
    let response: Response;
    try {
      response = await fetch(new URL(`/api/${method}`, base), {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
        body: args === undefined ? '' : JSON.stringify(args),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new ServerUnreachableError(`cannot reach Tower at ${base.origin}: ${reason(error)}`);
    }
    let outcome: RpcOutcome;
    try {
      outcome = (await response.json()) as RpcOutcome;
    } catch {
      throw new RpcCallError('bad-request', `Tower answered HTTP ${response.status} without a JSON body`);
    }
    if (outcome.ok) return outcome.result;
    throw errorFromWire(outcome.error);
  };
}

/** The typed client over HTTP. */
export function createHttpClient(options: HttpClientOptions): TowerApi {
  return createClient(createHttpCall(options));
}

function reason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
