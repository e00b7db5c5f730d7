/**
 * The contract over any wire: message shapes, the one dispatcher every server uses, and the typed client.
 *
 * Pure: no node:*, no DOM. Servers (WebSocket, HTTP, Electron IPC) parse bytes into these shapes and hand
 * them to `dispatch`; clients (renderer, CLI) wrap a transport's send function with `createClient`.
 */
import { TOWER_METHODS, TowerError } from '../contract/api';
import type { TowerApi, TowerErrorCode, TowerEventName, TowerEvents, TowerMethod } from '../contract/api';
import { TOWER_ARG_SCHEMAS } from '../contract/schemas';

/** What a transport serves: the Supervisor's calls plus its event subscription. */
export type ApiBackend = TowerApi & {
  on<E extends TowerEventName>(event: E, listener: (payload: TowerEvents[E]) => void): () => void;
};

/** Codes on the wire: the contract's error codes plus the transport's own. */
export type RpcErrorCode = TowerErrorCode | 'unknown-method' | 'bad-request' | 'unauthorized';

/** An error as it crosses the wire: a code and a human sentence, never a stack. */
export interface RpcError {
  readonly code: RpcErrorCode;
  readonly message: string;
}

/** A call: `{id, method, args}`. `id` is echoed so a client can match replies on a shared socket. */
export interface RpcRequest {
  readonly id: number | string;
  readonly method: string;
  readonly args?: unknown;
}

/** The outcome of one call, without an id (HTTP carries one call per request). */
export type RpcOutcome =
  { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: RpcError };

/** A reply: `{id, ok:true, result}` or `{id, ok:false, error:{code, message}}`. */
export type RpcResponse = { readonly id: number | string | null } & RpcOutcome;

/** A pushed event: `{event, payload}`, one shape per name in TowerEvents. */
export type RpcEvent = {
  [E in TowerEventName]: { readonly event: E; readonly payload: TowerEvents[E] };
}[TowerEventName];

// A record (not a list) so the compiler fails here when the contract gains a code.
const TOWER_ERROR_CODES: Record<TowerErrorCode, true> = {
  'unknown-session': true,
  'no-prompt': true,
  'prompt-changed': true,
  lockdown: true,
  'invalid-arguments': true,
  'not-allowed': true,
  'terminal-failed': true,
  internal: true,
};

/** Whether a string is one of the contract's error codes (so a client can rebuild a TowerError). */
export function isTowerErrorCode(code: unknown): code is TowerErrorCode {
  return typeof code === 'string' && Object.hasOwn(TOWER_ERROR_CODES, code);
}

/** Whether a string names a contract call; guards against `__proto__`, `constructor` and friends. */
export function isTowerMethod(method: unknown): method is TowerMethod {
  return typeof method === 'string' && (TOWER_METHODS as readonly string[]).includes(method);
}

/** Options for `dispatch`. */
export interface DispatchOptions {
  /** Told about unexpected (non-TowerError) failures, which the caller only sees as `internal`. */
  readonly onInternalError?: (method: TowerMethod, error: unknown) => void;
}

/**
 * Runs one call against the backend and never throws.
 *
 * Unknown names are refused before anything else; arguments are validated with the contract's zod
 * schema so the core only ever sees well-formed data; a thrown TowerError keeps its code, anything else
 * becomes `internal` with a fixed message (no stack or internal detail leaves the process).
 */
export async function dispatch(
  backend: ApiBackend,
  method: string,
  args: unknown,
  options: DispatchOptions = {},
): Promise<RpcOutcome> {
  if (!isTowerMethod(method)) {
    return failure('unknown-method', `unknown method "${printable(method)}"`);
  }
  const parsed = TOWER_ARG_SCHEMAS[method].safeParse(args);
  if (!parsed.success) {
    return failure(
      'invalid-arguments',
      `invalid arguments for ${method}: ${describeIssues(parsed.error.issues)}`,
    );
  }
  try {
    // The schema table and the interface agree by construction; the cast only erases the per-name types.
    const invoke = backend[method].bind(backend) as (a: unknown) => Promise<unknown>;
    const result = await invoke(parsed.data);
    return { ok: true, result };
  } catch (error) {
    if (error instanceof TowerError && isTowerErrorCode(error.code)) {
      return failure(error.code, error.message);
    }
    options.onInternalError?.(method, error);
    return failure('internal', `internal error in ${method}`);
  }
}

/** Builds a failed outcome. */
export function failure(code: RpcErrorCode, message: string): RpcOutcome {
  return { ok: false, error: { code, message } };
}

interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

/** One line naming each bad field: `choice: Invalid option …; (root): Unrecognized key: "x"`. */
export function describeIssues(issues: readonly IssueLike[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(arguments)';
      return `${printable(where)}: ${printable(issue.message)}`;
    })
    .join('; ');
}

// Names echoed back in errors come from the caller; bound and de-control them so an error is safe to print.
function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 80);
}

/** The error a client throws for a failed call: a TowerError for contract codes, else an RpcCallError. */
export function errorFromWire(error: RpcError): Error {
  if (isTowerErrorCode(error.code)) return new TowerError(error.code, error.message);
  return new RpcCallError(error.code, error.message);
}

/** A failure that is the transport's, not the core's (unknown method, bad request, unauthorized). */
export class RpcCallError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcCallError';
  }
}

/**
 * A typed TowerApi over any transport: one function per name in TOWER_METHODS, each forwarding to `call`.
 *
 * Built from the name list (not a catch-all Proxy) so only contract calls exist on the client.
 */
export function createClient(call: (method: TowerMethod, args: unknown) => Promise<unknown>): TowerApi {
  const client: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const method of TOWER_METHODS) {
    client[method] = (args?: unknown) => call(method, args);
  }
  return Object.freeze(client) as unknown as TowerApi;
}

/** A frame parsed as a request, or the reason it is not one (with its id when one could be read). */
export type ParsedRequest =
  | { readonly ok: true; readonly request: RpcRequest }
  | { readonly ok: false; readonly id: number | string | null; readonly error: RpcError };

/** Parses an incoming WebSocket frame into a request. */
export function parseRequest(text: string): ParsedRequest {
  const bad = (message: string, id: number | string | null = null): ParsedRequest => ({
    ok: false,
    id,
    error: { code: 'bad-request', message },
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('message is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad('message must be a JSON object {id, method, args}');
  }
  const { id, method, args } = value as Record<string, unknown>;
  if (typeof id !== 'number' && typeof id !== 'string')
    return bad('message needs an "id" (number or string)');
  if (typeof method !== 'string') return bad('message needs a "method" string', id);
  return { ok: true, request: { id, method, args } };
}
