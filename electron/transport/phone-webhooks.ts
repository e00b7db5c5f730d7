/**
 * Twilio's voice webhooks over HTTP: a listener of its own on 127.0.0.1 that serves `POST /voice/*`
 * and nothing else, so the tunnel the owner runs (cloudflared, ngrok) exposes only these routes and
 * never the API or the dashboard. Thin: it reads the form body, rebuilds the public URL Twilio
 * signed (configured public base + the path and query as received, since a tunnel rewrites Host and
 * scheme), and hands everything to the phone bridge, which decides (signature, nonces, TOTP).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { PhoneReply, PhoneRequest, PhoneResponse } from '../core/phone/ports';
import { readBoundedBody } from './read-body';

/** Largest webhook body accepted (Twilio's voice parameters are well under 4 KB). */
export const MAX_WEBHOOK_BYTES = 16 * 1024;
/** Twilio waits 15 s for an answer; past this Tower answers with a polite hang-up instead. */
export const WEBHOOK_BUDGET_MS = 12_000;

/** What the server needs. */
export interface PhoneWebhookOptions {
  readonly handle: (req: PhoneRequest) => Promise<PhoneResponse>;
  /** Reply → TwiML (twilio's builder, injected by the composition root). */
  readonly render: (reply: PhoneReply) => string;
  /** The public HTTPS base Twilio calls, e.g. `https://abc.trycloudflare.com`. */
  readonly publicBaseUrl: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Told about handler failures (the caller hears a neutral goodbye). */
  readonly onError?: (error: unknown) => void;
  readonly budgetMs?: number;
}

/** A running webhook listener. */
export interface PhoneWebhookServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const FAILED: PhoneReply = {
  say: ['Sorry, this line cannot help right now. Goodbye.'],
  next: { kind: 'hangup' },
};

/** Starts the listener on 127.0.0.1. */
export async function startPhoneWebhooks(options: PhoneWebhookOptions): Promise<PhoneWebhookServer> {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  if (!/^https:\/\/[^/?#]+$/.test(base))
    throw new Error('the phone public URL must be https://host (no path)');
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) sendXml(res, 200, options.render(FAILED));
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 14_000;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    const parsed = new URL(raw, 'http://127.0.0.1');
    if (!parsed.pathname.startsWith('/voice/')) return sendText(res, 404, 'not found');
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendText(res, 405, 'POST only');
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') return sendText(res, 415, 'form-encoded bodies only');
    const body = await readBoundedBody(req, MAX_WEBHOOK_BYTES);
    if (body === null) return sendText(res, 413, 'body too large');
    const signature = req.headers['x-twilio-signature'];
    const request: PhoneRequest = {
      method: 'POST',
      path: parsed.pathname,
      nonce: parsed.searchParams.get('n'),
      url: `${base}${raw}`,
      params: formParams(body),
      signature: typeof signature === 'string' ? signature : null,
    };
    const response = await withinBudget(options.handle(request), options.budgetMs ?? WEBHOOK_BUDGET_MS);
    if (response === 'late') return sendXml(res, 200, options.render(FAILED));
    if (response.status !== 200) return sendText(res, response.status, 'refused');
    sendXml(res, 200, options.render(response.reply));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('webhook server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Form body → parameters; a repeated key keeps every value (the signature covers them all). */
export function formParams(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const before = out[key];
    out[key] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return out;
}

async function withinBudget<T>(work: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/xml; charset=utf-8',
    'Content-Length': Buffer.byteLength(xml),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(xml);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
