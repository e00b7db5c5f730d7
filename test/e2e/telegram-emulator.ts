/**
 * Typed helpers around `telegram-test-api` (a local Bot API emulator): a server on a free loopback
 * port, simulated users, and reads of what the bot sent (edits replace the stored text in place).
 */
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
}

/** A running emulator. */
export interface Emulator {
  readonly apiRoot: string;
  user(id: number, options?: { readonly chatId?: number; readonly type?: 'private' | 'group' }): FakeUser;
  /** Messages the bot sent to `chatId`, oldest first, with their current (edited) text. */
  botMessages(chatId: number): BotMessage[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
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
  return {
    apiRoot: server.config.apiURL,
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
    stop: () => server.stop(),
  };
}
