/**
 * Typed helpers around `telegram-test-api` (a local Bot API emulator): a server on a free loopback
 * port, simulated users, and reads of what the bot sent (edits replace the stored text in place).
 *
 * The emulator answers getUpdates at once and knows nothing of competing pollers, so the bot talks
 * to it through a small front (`apiRoot`) that behaves like the real Bot API there: getUpdates is a
 * long poll held until updates arrive or its `timeout` passes, and a newer getUpdates for the same
 * token ends the one being held with 409 "Conflict: terminated by other getUpdates request" (what
 * Telegram answers when two programs poll one bot). Every other method is passed through unchanged.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import TelegramServer from 'telegram-test-api';

/** A bot message as the emulator stores it. */
export interface BotMessage {
  readonly messageId: number;
  readonly chatId: number;
  readonly text: string;
  readonly buttons: readonly { readonly text: string; readonly callback_data: string }[];
}

/** A simulated Telegram user in a chat with the bot. */
export interface FakeUser {
  say(text: string): Promise<void>;
  press(data: string, messageId: number): Promise<void>;
}

interface RawClient {
  makeMessage(text: string): unknown;
  makeCommand(text: string): unknown;
  makeCallbackQuery(data: string, options: unknown): unknown;
  sendMessage(m: unknown): Promise<unknown>;
  sendCommand(m: unknown): Promise<unknown>;
  sendCallback(m: unknown): Promise<unknown>;
}

interface RawServer {
  config: { apiURL: string };
  start(): Promise<void>;
  stop(): Promise<void>;
  getClient(token: string, options: Record<string, unknown>): RawClient;
  getUpdatesHistory(token: string): { message?: Record<string, unknown>; messageId?: number }[];
  getUpdates(token: string): unknown[];
}

/** A running emulator. */
export interface Emulator {
  readonly apiRoot: string;
  user(id: number, options?: { readonly chatId?: number; readonly type?: 'private' | 'group' }): FakeUser;
  /** Messages the bot sent to `chatId`, oldest first, with their current (edited) text. */
  botMessages(chatId: number): BotMessage[];
  stop(): Promise<void>;
}

/** A loopback port nobody listens on right now (for servers that cannot take port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the emulator for `token` (port 0 is not supported by it, hence the probe). */
export async function startEmulator(token: string): Promise<Emulator> {
  const port = await freePort();
  const Server = TelegramServer as unknown as new (config: Record<string, unknown>) => RawServer;
  const server = new Server({ port, host: '127.0.0.1', storeTimeout: 3_600 });
  await server.start();
  const front = await startLongPollFront(server);
  return {
    apiRoot: front.url,
    user: (id, options = {}) => {
      const client = server.getClient(token, {
        userId: id,
        chatId: options.chatId ?? id,
        type: options.type ?? 'private',
        firstName: `user${id}`,
        userName: `user${id}`,
        timeout: 5_000,
      });
      return {
        say: async (text) => {
          await (text.startsWith('/')
            ? client.sendCommand(client.makeCommand(text))
            : client.sendMessage(client.makeMessage(text)));
        },
        press: async (data, messageId) => {
          await client.sendCallback(client.makeCallbackQuery(data, { message: { message_id: messageId } }));
        },
      };
    },
    botMessages: (chatId) =>
      server
        .getUpdatesHistory(token)
        .filter((u) => u.message && 'chat_id' in u.message && Number(u.message.chat_id) === chatId)
        .map((u) => {
          const m = u.message ?? {};
          const markup = m.reply_markup as { inline_keyboard?: BotMessage['buttons'][] } | undefined;
          return {
            messageId: Number(u.messageId),
            chatId,
            text: typeof m.text === 'string' ? m.text : '',
            buttons: (markup?.inline_keyboard ?? []).flat(),
          };
        }),
    stop: async () => {
      await front.stop();
      await server.stop();
    },
  };
}

/** The long-polling front of the emulator (see the file comment). */
async function startLongPollFront(server: RawServer): Promise<{ url: string; stop(): Promise<void> }> {
  const holders = new Map<string, { end: (status: number, body: unknown) => void }>();
  const polls = new Set<NodeJS.Timeout>();
  const http = createHttpServer((req, res) => {
    void readBody(req).then(async (raw) => {
      const m = /^\/bot([^/]+)\/([A-Za-z]+)/.exec(req.url ?? '');
      if (!m || m[2] !== 'getUpdates') return forward(server.config.apiURL, req, raw, res);
      const token = m[1] ?? '';
      const timeout = Math.min(50, Number(parseArgs(raw, req).timeout ?? 0));
      holders.get(token)?.end(409, {
        ok: false,
        error_code: 409,
        description:
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
      let done = false;
      const deadline = Date.now() + timeout * 1_000;
      const holder = {
        end: (status: number, body: unknown) => {
          if (done) return;
          done = true;
          if (holders.get(token) === holder) holders.delete(token);
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        },
      };
      holders.set(token, holder);
      req.on('close', () => holder.end(499, {}));
      const tick = () => {
        if (done) return;
        const updates = server.getUpdates(token);
        if (updates.length > 0 || Date.now() >= deadline)
          return holder.end(200, { ok: true, result: updates });
        const timer = setTimeout(() => {
          polls.delete(timer);
          tick();
        }, 15);
        polls.add(timer);
      };
      tick();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const address = http.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    stop: async () => {
      for (const timer of polls) clearTimeout(timer);
      for (const holder of holders.values()) holder.end(200, { ok: true, result: [] });
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseArgs(raw: Buffer, req: IncomingMessage): Record<string, unknown> {
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  if (raw.length === 0) return query;
  try {
    return { ...query, ...(JSON.parse(raw.toString('utf8')) as Record<string, unknown>) };
  } catch {
    return query;
  }
}

async function forward(base: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
  try {
    const reply = await fetch(`${base}${req.url ?? ''}`, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      ...(raw.length > 0 ? { body: raw } : {}),
    });
    res
      .writeHead(reply.status, { 'content-type': reply.headers.get('content-type') ?? 'application/json' })
      .end(Buffer.from(await reply.arrayBuffer()));
  } catch (error) {
    res.writeHead(502).end(String(error));
  }
}
