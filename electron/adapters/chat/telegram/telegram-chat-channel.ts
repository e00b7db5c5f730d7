/**
 * TelegramChatChannel: the `ChatChannel` port over the Telegram Bot API with grammY's `Api` client.
 *
 * Long polling only (no port is opened). One loop per token: a 409 Conflict from getUpdates means
 * another program polls this bot (or a webhook is set), which is reported in the status and stops
 * this poller instead of racing it; 401/404 (token rejected) stop it too. Other errors back off
 * exponentially; 429 waits `retry_after`. Updates are handed to the bridge one at a time, in order.
 * `apiRoot` points the client at a local Bot API emulator in tests.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Api, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import type { ChatChannel, ChatInbound, ChatMessage } from '../../../core/chat/ports';
import { DEFAULT_RETRY, retryTransformer, type RetryOptions } from './retry-transformer';
import { keyboardOf, toInbound } from './telegram-updates';

/** grammY types signals with the abort-controller polyfill; at run time Node's own is used. */
type GrammySignal = Parameters<Api['getMe']>[0];

/** How the bridge is doing, for the tray. */
export interface TelegramStatus {
  readonly state: 'stopped' | 'starting' | 'connected' | 'down';
  readonly botUsername: string | null;
  /** Wall-clock ms of the last update received. */
  readonly lastUpdateAt: number | null;
  /** Why it is down or stopped, in words an owner can act on. */
  readonly reason: string | null;
}

/** Construction options. */
export interface TelegramChannelOptions {
  readonly token: string;
  /** Bot API root without a trailing slash (default https://api.telegram.org). */
  readonly apiRoot?: string | undefined;
  /** getUpdates long-poll timeout in seconds. */
  readonly pollTimeoutSeconds?: number;
  /** Pause after an empty answer that came back early (servers that do not long-poll). */
  readonly idleDelayMs?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly retry?: RetryOptions;
  /**
   * Where the update offset is kept across restarts (the bridge's Store). Without it a Tower killed
   * while handling a batch would get that batch again on its next launch, and type a `/send` twice.
   */
  readonly offsets?: OffsetKeeper;
}

/** Durable update offset: written before an update is handled, read at start. */
export interface OffsetKeeper {
  load(): Promise<number | null | undefined>;
  save(offset: number): Promise<void>;
}

/** Plausible bot tokens only: `<digits>:<35-ish url-safe chars>`; refuses placeholders and junk. */
export function isPlausibleBotToken(token: string): boolean {
  return /^\d{3,20}:[A-Za-z0-9_-]{30,60}$/.test(token);
}

/** The Telegram adapter. */
export class TelegramChatChannel implements ChatChannel {
  readonly name = 'telegram';
  private readonly api: Api;
  private handler: ((event: ChatInbound) => Promise<void>) | null = null;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private current: TelegramStatus = { state: 'stopped', botUsername: null, lastUpdateAt: null, reason: null };
  private readonly statusListeners = new Set<(status: TelegramStatus) => void>();
  private offset = 0;
  /** The offset the last answered poll carried: Telegram has dropped every update below it. */
  private confirmed = 0;

  constructor(private readonly options: TelegramChannelOptions) {
    if (!isPlausibleBotToken(options.token)) throw new Error('the Telegram bot token is not a valid token');
    this.api = new Api(options.token, options.apiRoot ? { apiRoot: options.apiRoot } : undefined);
    this.api.config.use(retryTransformer(options.retry ?? DEFAULT_RETRY));
  }

  /** The bridge's status right now. */
  status(): TelegramStatus {
    return this.current;
  }

  /** Hears every status change (connected, bot name, last update, why down); returns unsubscribe. */
  onStatus(listener: (status: TelegramStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Starts the polling loop (resolves once it is running; getMe failures are retried in the loop). */
  async start(): Promise<void> {
    if (this.loop) return;
    const saved = await this.options.offsets?.load().catch(() => null);
    if (typeof saved === 'number' && Number.isSafeInteger(saved) && saved > this.offset) this.offset = saved;
    this.abort = new AbortController();
    this.set({ state: 'starting', reason: null });
    this.loop = this.run(this.abort.signal).finally(() => (this.loop = null));
  }

  /** Stops polling, waits for the update in hand to finish, and confirms what was handled. */
  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    await this.confirmHandled();
    this.set({ state: 'stopped', reason: 'stopped' });
  }

  /**
   * Telegram forgets updates only when a poll carries a later offset. Stopped while handling a batch,
   * the loop never sends that poll, and the next poller (a restart after a setting changed, or Tower's
   * next launch) would get the batch again and type a `/send` twice. One last poll, not waiting and
   * taking at most one update (left for the next poller), says they were handled.
   */
  private async confirmHandled(): Promise<void> {
    if (this.offset <= this.confirmed) return;
    await this.api
      .getUpdates({ offset: this.offset, limit: 1, timeout: 0 })
      .then(() => (this.confirmed = this.offset))
      .catch(() => undefined);
  }

  onInbound(handler: (event: ChatInbound) => Promise<void>): () => void {
    this.handler = handler;
    return () => {
      if (this.handler === handler) this.handler = null;
    };
  }

  async send(chatId: number, message: ChatMessage): Promise<{ readonly messageId: number }> {
    const reply_markup = keyboardOf(message);
    const sent = await this.api.sendMessage(chatId, message.text, {
      link_preview_options: { is_disabled: true },
      ...(reply_markup ? { reply_markup } : {}),
    });
    return { messageId: sent.message_id };
  }

  async edit(chatId: number, messageId: number, message: ChatMessage): Promise<void> {
    const reply_markup = keyboardOf(message);
    await this.api.editMessageText(chatId, messageId, message.text, {
      link_preview_options: { is_disabled: true },
      ...(reply_markup ? { reply_markup } : {}),
    });
  }

  async answerButton(callbackId: string, notice: string): Promise<void> {
    await this.api.answerCallbackQuery(callbackId, notice ? { text: notice.slice(0, 200) } : {});
  }

  private async run(signal: AbortSignal): Promise<void> {
    const backoff = this.options.backoff ?? { initialMs: 1_000, maxMs: 60_000 };
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (this.current.botUsername === null) {
          const me = await this.api.getMe(signal as unknown as GrammySignal);
          this.set({ botUsername: me.username });
        }
        const started = Date.now();
        const offset = this.offset;
        const updates = await this.api.getUpdates(
          {
            offset,
            // Until a poll has gone through, ask without waiting: a long poll answers only after its
            // timeout when nobody writes, and the tray would say "connecting…" for half a minute.
            timeout: this.current.state === 'connected' ? (this.options.pollTimeoutSeconds ?? 30) : 0,
            allowed_updates: ['message', 'callback_query'],
          },
          signal as unknown as GrammySignal,
        );
        failures = 0;
        this.confirmed = offset;
        this.set({ state: 'connected', reason: null });
        for (const update of updates) {
          // Stopped (a token changed or deleted, Tower quitting): the rest of the batch is left unconfirmed
          // for the next poller, not handled under settings the owner just replaced.
          if (signal.aborted) break;
          await this.dispatch(update);
        }
        if (updates.length === 0 && Date.now() - started < 1_000)
          await delay(this.options.idleDelayMs ?? 100, undefined, { signal });
      } catch (error) {
        if (signal.aborted) break;
        const verdict = classifyPollError(error);
        this.set({ state: verdict.fatal ? 'stopped' : 'down', reason: verdict.reason });
        if (verdict.fatal) return;
        failures += 1;
        const wait = verdict.retryAfterMs ?? Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1));
        await delay(wait, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async dispatch(update: Update): Promise<void> {
    // The offset moves before handling: a crash mid-update must not replay an approval (at most once).
    this.offset = Math.max(this.offset, update.update_id + 1);
    // Kept before handling too (at most once across a crash); a failed write leaves at-least-once, no worse.
    await this.options.offsets?.save(this.offset).catch(() => undefined);
    this.set({ lastUpdateAt: Date.now() });
    const event = toInbound(update);
    if (event && this.handler) await this.handler(event).catch(() => undefined);
  }

  private set(patch: Partial<TelegramStatus>): void {
    const next = { ...this.current, ...patch };
    // A reason is shown in the tray and may be logged: never with the token in it (some fetch
    // errors quote the request URL, which carries the token).
    if (next.reason) next.reason = scrubToken(next.reason, this.options.token);
    const changed = (Object.keys(patch) as (keyof TelegramStatus)[]).some((k) => next[k] !== this.current[k]);
    this.current = next;
    if (!changed) return;
    for (const listener of this.statusListeners) {
      try {
        listener(next);
      } catch {
        // A broken listener must not stop polling.
      }
    }
  }
}

/** `text` with every occurrence of the bot token (and of its secret half) replaced. */
export function scrubToken(text: string, token: string): string {
  const secret = token.slice(token.indexOf(':') + 1);
  return text.split(token).join('[bot token]').split(secret).join('[bot token]');
}

/** What a polling error means for the loop. */
export function classifyPollError(error: unknown): { fatal: boolean; reason: string; retryAfterMs?: number } {
  if (error instanceof GrammyError) {
    if (error.error_code === 409) {
      const webhook = /webhook/i.test(error.description);
      return {
        fatal: true,
        reason: webhook
          ? 'a webhook is set for this bot, so it cannot be polled; remove the webhook (deleteWebhook) and restart'
          : 'another instance is polling this bot (409 Conflict); stop it or use another bot token, then restart',
      };
    }
    if (error.error_code === 401 || error.error_code === 404)
      return { fatal: true, reason: 'Telegram rejected the bot token (revoked or wrong); set a new one' };
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 5;
      return {
        fatal: false,
        reason: `Telegram asked to wait ${seconds}s (429)`,
        retryAfterMs: seconds * 1_000,
      };
    }
    return { fatal: false, reason: `Telegram error ${error.error_code}: ${error.description}` };
  }
  return {
    fatal: false,
    reason: `cannot reach Telegram: ${error instanceof Error ? error.message : String(error)}`,
  };
}
