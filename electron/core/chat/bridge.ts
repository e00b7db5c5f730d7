/**
 * The chat bridge: remote control of Tower from a chat app, fail-closed.
 *
 * Order of checks for every update: seen before? (dedup) → who is it (allowlisted owner, private
 * chat, own text) → pairing for strangers while a code is open → per-user rate limit (LOCKDOWN is
 * exempt) → the intent or the button. Strangers get no answer at all, only an audit record
 * (throttled, so a flood cannot fill the disk). Snapshots drive approval cards and notices.
 */
import type { Snapshot } from '../../contract/dto';
import type { Intent } from '../intents/intent';
import { parseIntent } from '../intents/parse-intent';
import type { AuditSink, Clock, Store } from '../ports';
import { classify, type Access } from './access';
import { ApprovalCards } from './approvals';
import { pressButton } from './buttons';
import { runtimeOffset, type UtcOffset } from './local-time';
import { MorningReport, type MorningTime } from './morning-report';
import type { OpenTemplate } from './pool-commands';
import { runIntent, type CommandContext } from './commands';
import { Confirmations } from './confirmations';
import { parseButtonData } from './nonce';
import { Notices } from './notices';
import { DEFAULT_PAIRING_OPTIONS, Pairing, type PairingOptions } from './pairing';
import type { ChatBackend, ChatButton, ChatChannel, ChatInbound, ChatUser, RandomSource } from './ports';
import { DEFAULT_CHAT_LIMITS, RateLimiter, type RateLimits } from './rate-limit';
import { SeenSet } from './seen-set';
import { redactingChannel, type Redactor } from './redacting-channel';

/** Tunables. */
export interface ChatBridgeOptions {
  readonly limits: RateLimits;
  readonly pairing: PairingOptions;
  readonly cardTtlMs: number;
  readonly confirmTtlMs: number;
  readonly noticeCooldownMs: number;
  /** Agents `/open <name>` may start, configured at the Mac. */
  readonly templates: readonly OpenTemplate[];
  /** The owner's local time of the daily report; null: none. */
  readonly morningReport: MorningTime | null;
  /** The owner's time zone, as minutes east of UTC at an instant. */
  readonly utcOffset: UtcOffset;
}

export const DEFAULT_CHAT_BRIDGE_OPTIONS: ChatBridgeOptions = {
  limits: DEFAULT_CHAT_LIMITS,
  pairing: DEFAULT_PAIRING_OPTIONS,
  cardTtlMs: 30 * 60_000,
  confirmTtlMs: 2 * 60_000,
  noticeCooldownMs: 10 * 60_000,
  templates: [],
  morningReport: null,
  utcOffset: runtimeOffset,
};

/** What the bridge is built from. */
export interface ChatBridgeDeps {
  /** Told when a stranger paired with the open code (the tray stops showing it). */
  readonly onPaired?: ((userId: number) => void) | undefined;
  readonly channel: ChatChannel;
  readonly backend: ChatBackend;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly store: Store;
  readonly random: RandomSource;
  /** Secret redactor applied to every outgoing text (required: a bridge never sends unredacted). */
  readonly redact: Redactor;
  readonly options?: Partial<ChatBridgeOptions>;
}

/** Connects one chat channel to Tower. */
export class ChatBridge {
  private readonly options: ChatBridgeOptions;
  private readonly seen = new SeenSet();
  private readonly limiter: RateLimiter;
  private readonly strangerAudit = new RateLimiter({ perMinute: 5, perHour: 60 });
  // Many accounts together still cannot write more than this many refusal records.
  private readonly strangerAuditTotal = new RateLimiter({ perMinute: 60, perHour: 600 });
  private readonly toldUntil = new Map<number, number>();
  private readonly pairing: Pairing;
  private readonly cards: ApprovalCards;
  private readonly confirmations: Confirmations;
  private readonly notices: Notices;
  private morning: MorningReport | null = null;
  private allowlist = new Set<number>();
  private unsubscribers: (() => void)[] = [];
  private latest: Snapshot | null = null;
  private snapshotRun: Promise<void> = Promise.resolve();
  private snapshotQueued = false;

  private readonly channel: ChatChannel;

  constructor(private readonly deps: ChatBridgeDeps) {
    this.channel = redactingChannel(deps.channel, deps.redact);
    this.options = { ...DEFAULT_CHAT_BRIDGE_OPTIONS, ...deps.options };
    this.limiter = new RateLimiter(this.options.limits);
    this.pairing = new Pairing(deps.random, this.options.pairing);
    this.confirmations = new Confirmations(deps.random, this.options.confirmTtlMs);
    this.notices = new Notices(this.options.noticeCooldownMs, this.options.utcOffset);
    this.cards = new ApprovalCards({
      ...deps,
      channel: this.channel,
      ttlMs: this.options.cardTtlMs,
    });
  }

  private get allowKey(): string {
    return `chat.${this.channel.name}.allowlist`;
  }

  private get rateKey(): string {
    return `chat.${this.channel.name}.rate`;
  }

  /** Loads the allowlist, listens to the channel and to snapshots, and announces pending prompts. */
  async start(): Promise<void> {
    const stored = await this.deps.store.get<unknown>(this.allowKey);
    this.allowlist = new Set(
      Array.isArray(stored)
        ? stored.filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id))
        : [],
    );
    this.limiter.load(await this.deps.store.get<unknown>(this.rateKey), this.deps.clock.now());
    this.unsubscribers.push(this.channel.onInbound((event) => this.handle(event)));
    this.unsubscribers.push(this.deps.backend.on('snapshot', (s) => this.onSnapshot(s)));
    this.onSnapshot(await this.deps.backend.getSnapshot());
    await this.idle();
    const at = this.options.morningReport;
    if (at) {
      this.morning = new MorningReport({
        clock: this.deps.clock,
        store: this.deps.store,
        storeKey: `chat.${this.channel.name}.morning`,
        offset: this.options.utcOffset,
        at,
        snapshot: () => this.deps.backend.getSnapshot(),
        send: (text) => this.toOwners(text),
      });
      this.morning.start();
    }
  }

  /** Resolves once a morning report being sent is done (tests). */
  async morningIdle(): Promise<void> {
    await this.morning?.idle();
  }

  /** Stops listening. */
  stop(): void {
    for (const off of this.unsubscribers.splice(0)) off();
    this.morning?.stop();
    this.morning = null;
    this.pairing.close();
  }

  /** The user ids served (empty: no one). */
  owners(): readonly number[] {
    return [...this.allowlist];
  }

  /** A fresh one-time pairing code, to show at the Mac only. */
  async issuePairingCode(): Promise<string> {
    await this.record('chat-pairing-code-issued', null, {});
    return this.pairing.issue(this.deps.clock.now());
  }

  /** Removes an owner (revocation): their next update is ignored. */
  async revokeOwner(id: number): Promise<void> {
    this.allowlist.delete(id);
    await this.deps.store.set(this.allowKey, [...this.allowlist]);
    await this.record('chat-owner-revoked', null, { user: id });
  }

  /** Resolves once the snapshot work queued so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.snapshotQueued) await this.snapshotRun;
    await this.snapshotRun;
  }

  /** Handles one update from the channel. Never throws. */
  async handle(event: ChatInbound): Promise<void> {
    try {
      await this.handleUnsafe(event);
    } catch (error) {
      await this.record('chat-error', event.from, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async handleUnsafe(event: ChatInbound): Promise<void> {
    const now = this.deps.clock.now();
    const fresh = this.seen.firstTime(`u${event.updateId}`, now);
    const freshPress = event.kind !== 'button' || this.seen.firstTime(`c${event.callbackId}`, now);
    if (!fresh || !freshPress)
      return this.record('chat-duplicate-update', event.from, { update: event.updateId });
    const access = classify(event, this.allowlist);
    if (access.kind === 'refused') return this.refused(event, access);
    const intent = event.kind === 'text' ? parseIntent(event.text) : null;
    const exempt =
      (intent?.kind === 'lockdown' && intent.engage) ||
      (event.kind === 'button' && /^[cx]:/.test(event.data));
    if (!exempt && !(await this.withinLimits(event, access.user, access.chatId))) return;
    const ctx = this.context(access.chatId, access.user);
    if (event.kind === 'text' && intent) {
      await this.record('chat-command', access.user, { intent: intent.kind, ...sessionOf(intent) });
      return runIntent(intent, ctx);
    }
    if (event.kind === 'button') {
      await this.record('chat-button', ctx.user, {
        action: parseButtonData(event.data)?.action ?? 'malformed',
      });
      return pressButton(event, ctx, this.confirmations);
    }
  }

  private async refused(event: ChatInbound, access: Extract<Access, { kind: 'refused' }>): Promise<void> {
    const now = this.deps.clock.now();
    if (access.mayPair && event.kind === 'text' && access.user && this.pairing.isOpen(now)) {
      const result = this.pairing.attempt(event.text, now);
      if (result.kind === 'paired') {
        this.allowlist.add(access.user.id);
        await this.deps.store.set(this.allowKey, [...this.allowlist]);
        await this.record('chat-paired', access.user, { user: access.user.id });
        this.deps.onPaired?.(access.user.id);
        await this.channel.send(access.user.id, {
          text: `Paired: you (id ${access.user.id}) now control this Tower. Send /status to begin, /help for commands.`,
        });
        this.onSnapshot(this.latest ?? (await this.deps.backend.getSnapshot()));
        return;
      }
      if (result.kind !== 'not-a-code') {
        // Wrong, expired or burned: audited, never answered (no oracle for guessers).
        return this.record('chat-pairing-failed', access.user, { result: result.kind });
      }
    }
    const key = String(access.user?.id ?? 'anonymous');
    if (this.strangerAudit.take(key, now).ok && this.strangerAuditTotal.take('*', now).ok) {
      await this.record('chat-ignored', access.user, {
        reason: access.reason,
        user: access.user?.id ?? null,
        chatType: event.chat?.type ?? null,
        update: event.kind,
      });
    }
  }

  private async withinLimits(event: ChatInbound, user: ChatUser, chatId: number): Promise<boolean> {
    const now = this.deps.clock.now();
    const decision = this.limiter.take(String(user.id), now);
    await this.deps.store.set(this.rateKey, this.limiter.save(now));
    if (decision.ok) return true;
    const seconds = Math.ceil(decision.retryAfterMs / 1_000);
    const text = `⏳ Slow down: at most ${this.options.limits.perMinute} commands a minute and ${this.options.limits.perHour} an hour. Try again in ${seconds} s. Nothing was done. (LOCKDOWN always works.)`;
    if (event.kind === 'button')
      await this.channel.answerButton(event.callbackId, text.slice(0, 200)).catch(() => undefined);
    if ((this.toldUntil.get(user.id) ?? 0) <= now) {
      this.toldUntil.set(user.id, now + decision.retryAfterMs);
      await this.record('chat-rate-limited', user, { window: decision.window });
      await this.channel.send(chatId, { text });
    }
    return false;
  }

  private context(chatId: number, user: ChatUser): CommandContext {
    return {
      chatId,
      user,
      channel: this.channel.name,
      backend: this.deps.backend,
      cards: this.cards,
      confirmations: this.confirmations,
      clock: this.deps.clock,
      audit: this.deps.audit,
      templates: this.options.templates,
      reply: async (text: string, buttons?: readonly (readonly ChatButton[])[]) => {
        await this.channel.send(chatId, buttons ? { text, buttons } : { text });
      },
      edit: async (chat: number, messageId: number, text: string) => {
        await this.channel.edit(chat, messageId, { text, buttons: [] }).catch(() => undefined);
      },
      answerButton: async (callbackId: string, notice: string) => {
        await this.channel.answerButton(callbackId, notice).catch(() => undefined);
      },
      refreshCards: async () => {
        this.onSnapshot(await this.deps.backend.getSnapshot());
        await this.idle();
      },
    };
  }

  /** Queues snapshot work; only the newest waiting snapshot is processed. */
  private onSnapshot(snapshot: Snapshot): void {
    this.latest = snapshot;
    if (this.snapshotQueued) return;
    this.snapshotQueued = true;
    this.snapshotRun = this.snapshotRun.then(async () => {
      this.snapshotQueued = false;
      const current = this.latest;
      if (current) await this.applySnapshot(current).catch(() => undefined);
    });
  }

  private async applySnapshot(snapshot: Snapshot): Promise<void> {
    const owners = [...this.allowlist];
    await this.cards.update(snapshot, owners);
    for (const note of this.notices.changes(snapshot, this.deps.clock.now())) await this.toOwners(note);
  }

  /** Sends a notice to every owner; a failed send is audited, never thrown. */
  private async toOwners(text: string): Promise<void> {
    for (const chatId of this.allowlist) {
      await this.channel.send(chatId, { text }).catch((error: unknown) =>
        this.record('chat-send-failed', null, {
          what: 'notice',
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  }

  private async record(kind: string, user: ChatUser | null, detail: Record<string, unknown>): Promise<void> {
    const channel = user ? `${this.channel.name}:${user.id}` : this.channel.name;
    await this.deps.audit.append({ at: this.deps.clock.now(), kind, channel, detail });
  }
}

function sessionOf(intent: Intent): Record<string, unknown> {
  return 'session' in intent ? { sessionNumber: intent.session } : {};
}
