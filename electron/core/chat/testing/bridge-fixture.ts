/**
 * A ChatBridge wired to fakes (FakeClock, FakeChatChannel, FakeChatBackend, memory audit and
 * store), with helpers to play the owner's messages and presses in.
 */
import type { SessionView } from '../../../contract/dto';
import { FakeClock } from '../../testing/fake-clock';
import { MemoryAuditSink, MemoryStore } from '../../testing/memory-audit';
import { ChatBridge, type ChatBridgeOptions } from '../bridge';
import type { ChatInbound } from '../ports';
import { approvalOf, CountingRandom, FakeChatBackend, FakeChatChannel } from './fake-chat-channel';

export const OWNER = 4242;

/** One bridge and its fakes. */
export class BridgeFixture {
  readonly clock = new FakeClock(Date.UTC(2026, 10, 22, 7, 0));
  readonly channel = new FakeChatChannel();
  readonly backend = new FakeChatBackend();
  readonly audit = new MemoryAuditSink();
  readonly store: MemoryStore;
  bridge: ChatBridge | null = null;
  private update = 0;

  constructor(store = new MemoryStore()) {
    this.store = store;
  }

  /** Starts a bridge serving `owners`. */
  async start(options: Partial<ChatBridgeOptions> = {}, owners: number[] = [OWNER]): Promise<ChatBridge> {
    this.store.data.set('chat.telegram.allowlist', owners);
    this.bridge = new ChatBridge({
      channel: this.channel,
      backend: this.backend,
      clock: this.clock,
      audit: this.audit,
      store: this.store,
      random: new CountingRandom(),
      redact: (t) => t,
      options: { utcOffset: () => 0, ...options },
    });
    await this.bridge.start();
    return this.bridge;
  }

  /** The owner (or `from`) sends `body` in their private chat. */
  async say(body: string, from = OWNER): Promise<void> {
    this.update += 1;
    await this.channel.deliver({
      kind: 'text',
      updateId: this.update,
      chat: { id: from, type: 'private' },
      from: { id: from, name: `user${from}` },
      text: body,
      forwarded: false,
      edited: false,
      viaBot: false,
    });
  }

  /** The owner presses a button carrying `data`. */
  async press(data: string, messageId = 1, from = OWNER): Promise<void> {
    this.update += 1;
    const event: ChatInbound = {
      kind: 'button',
      updateId: this.update,
      callbackId: `cb${this.update}`,
      chat: { id: from, type: 'private' },
      messageId,
      from: { id: from, name: `user${from}` },
      data,
    };
    await this.channel.deliver(event);
  }

  /** Publishes sessions and lets the bridge act on them. */
  async sessions(...views: SessionView[]): Promise<void> {
    this.backend.publish(views);
    await this.bridge?.idle();
  }

  /** Texts sent to the owner. */
  sent(chatId = OWNER): string[] {
    return this.channel.sentTo(chatId);
  }

  /** The buttons of the last message that had any. */
  lastButtons(): { readonly messageId: number; readonly data: string[] } {
    const call = [...this.channel.calls]
      .reverse()
      .find((c) => c.kind === 'send' && (c.message.buttons?.length ?? 0) > 0);
    if (call?.kind !== 'send') throw new Error('no message with buttons');
    return { messageId: call.messageId, data: (call.message.buttons ?? []).flat().map((b) => b.data) };
  }

  /** Publishes `view` with its approval escalated as far as `ladder`. */
  async approval(view: SessionView, ladder: readonly ('tray' | 'dialog' | 'telegram' | 'phone')[]) {
    this.backend.patch({ sessions: [view], approvals: [approvalOf(view, { escalatedTo: ladder })] });
    await this.bridge?.idle();
  }
}
