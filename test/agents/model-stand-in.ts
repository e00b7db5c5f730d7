import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicReply, isAnthropicMain } from './model-stand-in-anthropic';
import { sendJson } from './model-stand-in-http';
import { isOpenAiMain, openAiReply } from './model-stand-in-openai';

/**
 * One scripted model turn.
 *
 * Each request from the agent's MAIN model consumes the next step; helper requests (titles, summaries,
 * quota probes) never consume steps. `delayMs` holds the response back so the agent stays "working".
 */
export type ScriptStep =
  | { readonly kind: 'text'; readonly text: string; readonly delayMs?: number }
  | {
      readonly kind: 'bash';
      readonly command: string;
      readonly description?: string;
      /** Codex only: ask for an unsandboxed run so the approval prompt shows (default true). */
      readonly escalate?: boolean;
      readonly delayMs?: number;
    }
  | {
      readonly kind: 'write';
      readonly filePath: string;
      readonly content: string;
      readonly delayMs?: number;
    }
  | {
      readonly kind: 'edit';
      readonly filePath: string;
      readonly oldString: string;
      readonly newString: string;
      readonly delayMs?: number;
    }
  | { readonly kind: 'read'; readonly filePath: string; readonly delayMs?: number }
  | {
      /** Any other tool call by name (Claude: tool_use; Codex: function_call with JSON arguments). */
      readonly kind: 'tool';
      readonly name: string;
      readonly input: Readonly<Record<string, unknown>>;
      readonly delayMs?: number;
    }
  | { readonly kind: 'webfetch'; readonly url: string; readonly prompt: string; readonly delayMs?: number }
  | {
      /** Answer with an HTTP error; `times` requests in a row get it (agents retry), default 1. */
      readonly kind: 'error';
      readonly status: number;
      readonly message?: string;
      readonly times?: number;
      /** Extra response headers (e.g. Anthropic's `anthropic-ratelimit-unified-*` limit headers). */
      readonly headers?: Readonly<Record<string, string>>;
    };

/** One request the stand-in received, kept so tests can assert what the agent sent. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON body, or undefined when the body was empty or not JSON. */
  readonly body: unknown;
  /** Which API the request was classified as and whether it consumed a script step. */
  readonly role: 'anthropic-main' | 'anthropic-helper' | 'openai-main' | 'openai-helper' | 'other';
}

/** A running stand-in server. */
export interface ModelStandIn {
  /** Base URL without the `/v1` suffix, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly ReceivedRequest[];
  /** Replace the remaining script (steps not yet consumed are dropped). */
  setScript(steps: readonly ScriptStep[]): void;
  /** Append steps to the remaining script. */
  push(...steps: ScriptStep[]): void;
  /** Steps not consumed yet. */
  remaining(): readonly ScriptStep[];
  close(): Promise<void>;
}

/** Options for {@link startModelStandIn}. */
export interface ModelStandInOptions {
  readonly script?: readonly ScriptStep[];
  /** Text sent when the script is exhausted; keeps a stray extra turn harmless. */
  readonly fallbackText?: string;
  /** Called for requests the stand-in does not recognise (default: print to stderr). */
  readonly onUnknown?: (method: string, path: string) => void;
  /** Print one line per request to stderr (useful when running by hand). */
  readonly verbose?: boolean;
}

/**
 * Start the local model stand-in on 127.0.0.1 (random port).
 *
 * Serves the Anthropic Messages API (`/v1/messages`, SSE or JSON) and the OpenAI Responses API
 * (`/v1/responses`, SSE) with scripted turns, so the real Claude Code and Codex TUIs run offline.
 */
export async function startModelStandIn(options: ModelStandInOptions = {}): Promise<ModelStandIn> {
  let script: ScriptStep[] = [...(options.script ?? [])];
  const requests: ReceivedRequest[] = [];
  const fallbackText = options.fallbackText ?? 'Done.';
  const onUnknown =
    options.onUnknown ?? ((m: string, p: string) => process.stderr.write(`stand-in: unknown ${m} ${p}\n`));
  // Error steps repeat: the agent retries and every retry must see the same failure.
  let errorRepeatsLeft = 0;

  const nextStep = (): ScriptStep => {
    const head = script[0];
    if (!head) return { kind: 'text', text: fallbackText };
    if (head.kind === 'error') {
      if (errorRepeatsLeft === 0) errorRepeatsLeft = head.times ?? 1;
      errorRepeatsLeft -= 1;
      if (errorRepeatsLeft === 0) script.shift();
      return head;
    }
    script.shift();
    return head;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const record = (role: ReceivedRequest['role']): void => {
      requests.push({ method, path, headers: req.headers, body, role });
      if (options.verbose) process.stderr.write(`stand-in: ${method} ${path} -> ${role}\n`);
    };

    // Control routes let a person driving the agents by hand re-script a running stand-in.
    if (path === '/__stand-in/script' && method === 'POST') {
      script = [...((body as ScriptStep[] | undefined) ?? [])];
      errorRepeatsLeft = 0;
      return sendJson(res, 200, { ok: true, steps: script.length });
    }
    if (path === '/__stand-in/requests' && method === 'GET') {
      return sendJson(res, 200, requests);
    }
    if (method === 'POST' && path.endsWith('/messages/count_tokens')) {
      record('other');
      return sendJson(res, 200, { input_tokens: 100 });
    }
    if (method === 'POST' && path.endsWith('/messages')) {
      const main = isAnthropicMain(body);
      record(main ? 'anthropic-main' : 'anthropic-helper');
      const step = main ? nextStep() : helperStep(body);
      return anthropicReply(res, body, step);
    }
    if (method === 'POST' && path.endsWith('/responses')) {
      const main = isOpenAiMain(body);
      record(main ? 'openai-main' : 'openai-helper');
      // Codex's helper call is the thread-title generator, which asks for {"title": …} via a JSON schema.
      const step = main ? nextStep() : { kind: 'text' as const, text: '{"title":"Stand-in task"}' };
      return openAiReply(res, body, step);
    }
    if (method === 'GET' && path.endsWith('/models')) {
      record('other');
      // Both APIs list models under /v1/models; answer in a shape either client tolerates.
      return sendJson(res, 200, {
        object: 'list',
        data: [{ id: 'stand-in', object: 'model', type: 'model', display_name: 'Stand-in', created_at: 0 }],
        models: [],
        has_more: false,
      });
    }
    record('other');
    onUnknown(method, path);
    return sendJson(res, 404, { error: { type: 'not_found_error', message: `stand-in: no route ${path}` } });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`stand-in: handler failed: ${String(err)}\n`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setScript: (steps) => {
      script = [...steps];
      errorRepeatsLeft = 0;
    },
    push: (...steps) => {
      script.push(...steps);
    },
    remaining: () => [...script],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Helper-model calls (titles, topic detection, summaries) get a short, harmless answer at once. */
function helperStep(body: unknown): ScriptStep {
  const system = JSON.stringify((body as { system?: unknown } | undefined)?.system ?? '');
  // Title/topic generators ask for JSON; answering JSON keeps them from logging parse errors.
  if (/json/i.test(system)) return { kind: 'text', text: '{"title":"Stand-in session","isNewTopic":false}' };
  return { kind: 'text', text: 'Stand-in session' };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
