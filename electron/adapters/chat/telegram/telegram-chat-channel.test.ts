/**
 * The Telegram adapter against a scripted local Bot API (real HTTP, real grammY client): 409 is
 * reported and not raced, 429 retry_after is honoured, errors back off, updates arrive in order.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatInbound } from '../../../core/chat/ports';
import { scrubToken, TelegramChatChannel } from './telegram-chat-channel';
import { toInbound } from './telegram-updates';

const TOKEN = '123456:TEST-token-for-the-scripted-bot-api-xx';
type Reply = { status?: number; body: unknown };
type Script = (method: string, body: Record<string, unknown>) => Reply;

let server: Server | null = null;
let channel: TelegramChatChannel | null = null;
const calls: { method: string; at: number; body: Record<string, unknown> }[] = [];

async function fakeApi(script: Script): Promise<string> {
  calls.length = 0;
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').at(-1) ?? '';
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      calls.push({ method, at: Date.now(), body });
      const reply = script(method, body);
      res
        .writeHead(reply.status ?? 200, { 'content-type': 'application/json' })
        .end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

const ok = (result: unknown): Reply => ({ body: { ok: true, result } });
/** Update `n`: the owner's private message "m<n>". */
const textUpdate = (n: number) => ({
  update_id: n,
  message: {
    message_id: n,
    date: 0,
    chat: { id: 7, type: 'private' },
    from: { id: 7, is_bot: false, first_name: 'O' },
    text: `m${n}`,
  },
});
const me = ok({ id: 1, is_bot: true, first_name: 'Tower', username: 'tower_test_bot' });

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(async () => {
  await channel?.stop();
  channel = null;
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = null;
});

describe('TelegramChatChannel', () => {
  it('refuses an implausible token', () => {
    expect(() => new TelegramChatChannel({ token: 'YOUR_TOKEN_HERE' })).toThrow(/not a valid token/);
  });

  it('reports a 409 Conflict as another poller and stops instead of racing it', async () => {
    const apiRoot = await fakeApi((method) =>
      method === 'getMe'
        ? me
        : {
            status: 409,
            body: {
              ok: false,
              error_code: 409,
              description: 'Conflict: terminated by other getUpdates request',
            },
          },
    );
    channel = new TelegramChatChannel({ token: TOKEN, apiRoot });
    await channel.start();
    await until(() => channel?.status().state === 'stopped', 'the poller to stop');
    expect(channel.status().botUsername).toBe('tower_test_bot');
    expect(channel.status().reason).toContain('another instance is polling this bot');
    await new Promise((r) => setTimeout(r, 200));
    expect(calls.filter((c) => c.method === 'getUpdates').length).toBe(1);
  });

  it('backs off on errors, then delivers updates in order with a moving offset', async () => {
    let polls = 0;
    const apiRoot = await fakeApi((method, body) => {
      if (method === 'getMe') return me;
      polls += 1;
      if (polls <= 2)
        return { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } };
      if (body.offset === 0) return ok([1, 2].map(textUpdate));
      return ok([]);
    });
    channel = new TelegramChatChannel({
      token: TOKEN,
      apiRoot,
      backoff: { initialMs: 20, maxMs: 50 },
      idleDelayMs: 20,
    });
    const seen: ChatInbound[] = [];
    channel.onInbound((e) => {
      seen.push(e);
      return Promise.resolve();
    });
    await channel.start();
    await until(() => seen.length === 2, 'two updates');
    expect(seen.map((e) => (e.kind === 'text' ? e.text : ''))).toEqual(['m1', 'm2']);
    await until(
      () => calls.some((c) => c.method === 'getUpdates' && c.body.offset === 3),
      'the offset to move',
    );
    expect(channel.status()).toMatchObject({ state: 'connected', reason: null });
    expect(channel.status().lastUpdateAt).not.toBeNull();
    // Until a poll goes through, polls do not wait (the tray would say "connecting…" for 30 s); then they do.
    const timeouts = calls.filter((c) => c.method === 'getUpdates').map((c) => c.body.timeout);
    expect(timeouts.slice(0, 4)).toEqual([0, 0, 0, 30]);
  });

  it('stopped while handling a batch, handles no more of it and confirms what it handled, so nothing runs twice', async () => {
    const apiRoot = await fakeApi((method, body) => {
      if (method === 'getMe') return me;
      if (body.offset !== 0) return ok([]);
      return ok([5, 6].map(textUpdate));
    });
    channel = new TelegramChatChannel({ token: TOKEN, apiRoot, idleDelayMs: 20 });
    let release: () => void = () => undefined;
    const handled: string[] = [];
    channel.onInbound(async (e) => {
      handled.push(e.kind === 'text' ? e.text : '');
      // The first message takes a while (typing into a terminal): the stop lands in the middle.
      if (handled.length === 1) await new Promise<void>((r) => (release = r));
    });
    await channel.start();
    await until(() => handled.length === 1, 'the first message in hand');
    const stopped = channel.stop();
    release();
    await stopped;
    // The message in hand finished; the next one is left for the next poller, and only the first confirmed.
    expect(handled).toEqual(['m5']);
    const polls = calls.filter((c) => c.method === 'getUpdates').map((c) => c.body);
    expect(polls.at(-1)).toMatchObject({ offset: 6, timeout: 0, limit: 1 });
  });

  it('keeps its offset across a crash mid-batch: the next Tower starts after what was handled', async () => {
    // A Bot API that, like Telegram, resends every update at or above the offset it is asked with.
    const apiRoot = await fakeApi((method, body) => {
      if (method === 'getMe') return me;
      const from = typeof body.offset === 'number' ? body.offset : 0;
      return ok([5, 6].filter((n) => n >= from).map(textUpdate));
    });
    let kept: number | null = null;
    const offsets = {
      load: () => Promise.resolve(kept),
      save: (offset: number) => Promise.resolve(void (kept = offset)),
    };
    const crashed = new TelegramChatChannel({ token: TOKEN, apiRoot, idleDelayMs: 20, offsets });
    const first: string[] = [];
    crashed.onInbound(async (e) => {
      first.push(e.kind === 'text' ? e.text : '');
      await new Promise(() => undefined); // killed while handling m5: never returns, never stops
    });
    await crashed.start();
    await until(() => first.length === 1, 'the first message in hand');
    expect(kept).toBe(6); // written before m5 was handled

    channel = new TelegramChatChannel({ token: TOKEN, apiRoot, idleDelayMs: 20, offsets });
    const second: string[] = [];
    channel.onInbound((e) => {
      second.push(e.kind === 'text' ? e.text : '');
      return Promise.resolve();
    });
    await channel.start();
    await until(() => second.length === 1, 'the rest of the batch');
    await new Promise((r) => setTimeout(r, 100));
    expect(second).toEqual(['m6']); // m5 is not handled twice
  });

  it('honours 429 retry_after on sends and sends plain text without parse_mode', async () => {
    let sends = 0;
    const apiRoot = await fakeApi((method, body) => {
      sends += method === 'sendMessage' ? 1 : 0;
      if (method === 'sendMessage' && sends === 1)
        return {
          status: 429,
          body: {
            ok: false,
            error_code: 429,
            description: 'Too Many Requests',
            parameters: { retry_after: 1 },
          },
        };
      return ok({ message_id: 9, date: 0, chat: { id: body.chat_id, type: 'private' }, text: body.text });
    });
    channel = new TelegramChatChannel({ token: TOKEN, apiRoot });
    const started = Date.now();
    const sent = await channel.send(7, {
      text: '<b>x</b> [a](http://evil) *y*',
      buttons: [[{ label: 'A', data: 'a:x' }]],
    });
    expect(sent.messageId).toBe(9);
    const sendCalls = calls.filter((c) => c.method === 'sendMessage');
    expect(sendCalls.length).toBe(2);
    expect((sendCalls[1]?.at ?? 0) - started).toBeGreaterThanOrEqual(950);
    expect(sendCalls[1]?.body).not.toHaveProperty('parse_mode');
    expect(sendCalls[1]?.body.text).toBe('<b>x</b> [a](http://evil) *y*');
  });
});

describe('scrubToken', () => {
  it('takes the token and its secret half out of any text', () => {
    const text = `request to https://api.telegram.org/bot${TOKEN}/getUpdates failed; secret ${TOKEN.split(':')[1]}`;
    const clean = scrubToken(text, TOKEN);
    expect(clean).toBe(
      'request to https://api.telegram.org/bot[bot token]/getUpdates failed; secret [bot token]',
    );
  });
});

describe('toInbound', () => {
  const base = {
    message_id: 1,
    date: 0,
    chat: { id: 7, type: 'private' as const, first_name: 'O' },
    from: { id: 7, is_bot: false, first_name: 'O', username: 'owner' },
  };
  it('marks forwards, edits and bots, and maps button presses', () => {
    expect(toInbound({ update_id: 1, message: { ...base, text: '/status' } })).toMatchObject({
      kind: 'text',
      forwarded: false,
      edited: false,
      viaBot: false,
      from: { id: 7, name: '@owner' },
    });
    expect(
      toInbound({
        update_id: 2,
        message: {
          ...base,
          text: '/approve 2',
          forward_origin: { type: 'hidden_user', date: 0, sender_user_name: 'x' },
        },
      }),
    ).toMatchObject({ forwarded: true });
    expect(
      toInbound({ update_id: 3, edited_message: { ...base, text: '/approve 2', edit_date: 1 } }),
    ).toMatchObject({ edited: true });
    expect(
      toInbound({
        update_id: 4,
        callback_query: {
          id: '99',
          from: base.from,
          chat_instance: 'c',
          data: 'a:x',
          message: { ...base, text: 'card' },
        },
      }),
    ).toEqual({
      kind: 'button',
      updateId: 4,
      callbackId: '99',
      chat: { id: 7, type: 'private' },
      messageId: 1,
      from: { id: 7, name: '@owner' },
      data: 'a:x',
    });
    expect(toInbound({ update_id: 5 })).toBeNull();
  });
});
