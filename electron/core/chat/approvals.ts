/**
 * Approval cards: every prompt escalated to this channel becomes one message per owner, with
 * Approve / Deny / Details buttons bound to that prompt instance by a one-time nonce kept here
 * (callback data carries only `a:<nonce>`, never a session or fingerprint an attacker could edit).
 * Which prompts get a card, and what a card says once its prompt stops waiting, is `escalations.ts`:
 * normally the approvals queue's ladder (`escalatedTo` includes the channel).
 *
 * A card answers once: its state moves open → answering synchronously before anything is awaited,
 * so a double tap, a replayed callback or a text `/approve` racing a button all find it taken and
 * type nothing. The answer itself goes through the Supervisor with the card's fingerprint, which
 * re-reads the screen first. When the approval ends any other way (answered at the Mac, CLI, tray,
 * expired, withdrawn) the card is edited to say so.
 */
import { TowerError } from '../../contract/api';
import type { AnswerChoice } from '../../contract/api';
import type { EscalationChannel, PolicyDecisionView, PromptView, Snapshot } from '../../contract/dto';
import { clip, neutralize } from '../intents/display-text';
import { approvalText, outcomeFooter, type CardHead } from '../intents/messages';
import type { AuditSink, Clock } from '../ports';
import { sha256Hex } from '../detection/sha256';
import { queueEscalations, type Escalation } from './escalations';
import { nonce } from './nonce';
import type { ChatBackend, ChatChannel, ChatUser, RandomSource } from './ports';

const LOCKED = '⛔ LOCKDOWN engaged: buttons disabled. Answer at the Mac.';

type CardState = 'sending' | 'open' | 'answering' | 'settled';

interface Card {
  readonly nonce: string;
  /** Chat + escalation key: one card per owner per escalation. */
  readonly key: string;
  readonly escalation: string;
  readonly chatId: number;
  readonly session: string;
  readonly head: CardHead;
  readonly prompt: PromptView;
  readonly reason: string | null;
  readonly policy: PolicyDecisionView | null;
  /** The approval's own deadline (queue mode); null when only the card's lifetime applies. */
  approvalExpiresAt: number | null;
  readonly createdAt: number;
  messageId: number | null;
  state: CardState;
  /** Set when the card was settled while its message was still being sent. */
  footerAfterSend: string | null;
  /** Settled by LOCKDOWN: a fresh card is sent once LOCKDOWN is lifted and the prompt still shows. */
  reannounce: boolean;
}

/** What the cards need. */
export interface ApprovalDeps {
  readonly channel: ChatChannel;
  readonly backend: ChatBackend;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly random: RandomSource;
  /** A card older than this answers nothing (a fresh one is sent if the prompt still shows). */
  readonly ttlMs: number;
}

/** The result of an answer attempt, as one line for the presser. */
export interface AnswerReport {
  readonly ok: boolean;
  readonly line: string;
}

/** Cards by nonce and by prompt. */
export class ApprovalCards {
  private readonly cards = new Map<string, Card>();
  private readonly byPrompt = new Map<string, Card>();
  private latest: Snapshot | null = null;

  constructor(private readonly deps: ApprovalDeps) {}

  /** Announces approvals escalated to this channel to `owners`; settles cards whose approval ended. */
  async update(snapshot: Snapshot, owners: readonly number[]): Promise<void> {
    this.latest = snapshot;
    const state = queueEscalations(snapshot, this.deps.channel.name as EscalationChannel);
    const settling: Promise<void>[] = [];
    for (const card of this.cards.values()) {
      if (card.state !== 'open' && card.state !== 'sending') continue;
      const live = state.live.get(card.escalation);
      if (!live) {
        settling.push(this.settle(card, state.footerFor(card.escalation, card.session)));
        continue;
      }
      card.approvalExpiresAt = live.expiresAt;
      if (snapshot.lockdown) {
        card.reannounce = true;
        settling.push(this.settle(card, LOCKED));
      }
    }
    if (!snapshot.lockdown) {
      for (const card of this.cards.values()) {
        if (card.state === 'settled' && card.reannounce && this.byPrompt.get(card.key) === card)
          this.byPrompt.delete(card.key);
      }
    }
    await Promise.all(settling);
    const announcing: Promise<void>[] = [];
    for (const escalation of state.announce) {
      for (const chatId of owners) {
        if (!this.byPrompt.has(cardKey(chatId, escalation.key)))
          announcing.push(this.announce(escalation, chatId, snapshot.lockdown));
      }
    }
    await Promise.all(announcing);
    this.prune();
  }

  /**
   * Sends `chatId` the card for `session`'s waiting approval now, even before the ladder reaches
   * this channel (the owner asked for it). False when no approval of that session waits.
   */
  async showNow(chatId: number, session: string): Promise<boolean> {
    const snapshot = this.latest;
    if (!snapshot) return false;
    const state = queueEscalations(snapshot, this.deps.channel.name as EscalationChannel);
    const escalation = [...state.live.values()].find((e) => e.session === session);
    if (!escalation) return false;
    if (!this.byPrompt.has(cardKey(chatId, escalation.key)))
      await this.announce(escalation, chatId, snapshot.lockdown);
    return this.byPrompt.has(cardKey(chatId, escalation.key));
  }

  /** The open card for session number `n` in `chatId`, if its prompt still shows. */
  cardFor(
    chatId: number,
    n: number,
  ): { readonly card: 'none' | 'taken' | 'ready'; readonly nonce: string | null } {
    const view = this.latest?.sessions.find((s) => s.number === n && !s.gone);
    const prompt = view?.prompt;
    if (!view || !prompt) return { card: 'none', nonce: null };
    let card: Card | undefined;
    for (const c of this.byPrompt.values()) {
      if (c.chatId === chatId && c.session === view.id && c.prompt.fingerprint === prompt.fingerprint)
        card = c;
    }
    if (!card) return { card: 'none', nonce: null };
    return { card: card.state === 'open' ? 'ready' : 'taken', nonce: card.nonce };
  }

  /** Answers the card's prompt once. Returns null when the nonce is unknown to this chat. */
  async answer(
    id: string,
    chatId: number,
    choice: AnswerChoice,
    user: ChatUser,
  ): Promise<AnswerReport | null> {
    const card = this.cards.get(id);
    if (!card || card.chatId !== chatId) return null;
    if (card.state !== 'open') return { ok: false, line: 'Already answered. Nothing was typed.' };
    if (this.latest?.lockdown) return { ok: false, line: 'LOCKDOWN is engaged: nothing was typed.' };
    if (card.approvalExpiresAt !== null && this.deps.clock.now() > card.approvalExpiresAt) {
      await this.settle(card, '⌛ Expired: not answered in time. Answer at the Mac if it still waits.');
      return { ok: false, line: 'This approval expired. Nothing was typed.' };
    }
    if (this.deps.clock.now() - card.createdAt > this.deps.ttlMs) {
      await this.settle(card, '⌛ Expired. A fresh card follows if the prompt still shows.');
      this.byPrompt.delete(card.key);
      if (this.latest) await this.update(this.latest, [chatId]);
      return { ok: false, line: 'This card expired. Nothing was typed.' };
    }
    card.state = 'answering';
    const who = `${user.name ?? 'owner'} (${this.deps.channel.name} id ${user.id})`;
    let line: string;
    let ok = false;
    try {
      const outcome = await this.deps.backend.answerPrompt({
        session: card.session,
        choice,
        fingerprint: card.prompt.fingerprint,
        channel: `${this.deps.channel.name}:${user.id}`,
      });
      ok = outcome.kind === 'delivered';
      const verb = choice === 'deny' ? '❌ Denied' : '✅ Approved';
      line =
        outcome.kind === 'delivered'
          ? `${verb} by ${who} via ${this.deps.channel.name}${outcome.confirmed ? '' : ' (typed; the prompt had not gone yet, check the Mac)'}`
          : `⚠ Not answered: ${outcome.reason}`;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const typed = error instanceof TowerError && error.code === 'terminal-failed';
      line = `⚠ Not answered: ${reason}${typed ? '' : '. Nothing was typed.'}`;
    }
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'chat-answer',
      session: card.session,
      channel: `${this.deps.channel.name}:${user.id}`,
      detail: { choice, ok, line, fingerprint: card.prompt.fingerprint },
    });
    await this.settle(card, line);
    return { ok, line };
  }

  /** Sends the full prompt (every character, split over messages) for the Details button. */
  async details(id: string, chatId: number): Promise<boolean> {
    const card = this.cards.get(id);
    if (!card || card.chatId !== chatId) return false;
    const subject = card.prompt.subject ?? '';
    const head = [
      `Details – session ${card.head.number}`,
      `Question: ${neutralize(card.prompt.question)}`,
      ...card.prompt.options.map(
        (o) => `  ${o.keys.join('')} ${neutralize(o.label)}${o.remembers ? ' (never chosen remotely)' : ''}`,
      ),
      card.reason ? `Why it needs you: ${neutralize(card.reason)}` : null,
      card.policy ? `Policy: ${card.policy.decision} (${neutralize(card.policy.explanation)})` : null,
      `Full ${card.prompt.tool ?? card.prompt.type} subject: ${subject.length} characters, sha256 ${sha256Hex(subject).slice(0, 16)}`,
    ].filter((l) => l !== null);
    await this.deps.channel.send(chatId, { text: clip(head.join('\n'), 4_000) });
    const shown = neutralize(subject);
    const chunks = Math.ceil(shown.length / 3_900);
    for (let i = 0; i < Math.min(chunks, 5); i += 1) {
      await this.deps.channel.send(chatId, {
        text: `[${i + 1}/${chunks}]\n${shown.slice(i * 3_900, (i + 1) * 3_900)}`,
      });
    }
    if (chunks > 5)
      await this.deps.channel.send(chatId, {
        text: `${chunks - 5} more parts not sent; read the rest at the Mac.`,
      });
    return true;
  }

  private async announce(escalation: Escalation, chatId: number, locked: boolean): Promise<void> {
    const now = this.deps.clock.now();
    const card: Card = {
      nonce: nonce(this.deps.random),
      key: cardKey(chatId, escalation.key),
      escalation: escalation.key,
      chatId,
      session: escalation.session,
      head: escalation.head,
      prompt: escalation.prompt,
      reason: escalation.reason,
      policy: escalation.policy,
      approvalExpiresAt: escalation.expiresAt,
      createdAt: now,
      messageId: null,
      state: 'sending',
      footerAfterSend: locked ? LOCKED : null,
      reannounce: locked,
    };
    this.cards.set(card.nonce, card);
    this.byPrompt.set(card.key, card);
    const buttons = locked
      ? []
      : [
          [
            { label: '✅ Approve', data: `a:${card.nonce}` },
            { label: '❌ Deny', data: `d:${card.nonce}` },
          ],
          [{ label: 'Details', data: `i:${card.nonce}` }],
        ];
    try {
      const text = approvalText(card.head, card.prompt, '', card.reason);
      const sent = await this.deps.channel.send(chatId, { text, buttons });
      card.messageId = sent.messageId;
    } catch (error) {
      // Not shown: forget it, so the next snapshot tries again.
      this.cards.delete(card.nonce);
      this.byPrompt.delete(card.key);
      await this.deps.audit.append({
        at: this.deps.clock.now(),
        kind: 'chat-send-failed',
        session: card.session,
        channel: this.deps.channel.name,
        detail: { what: 'approval card', error: error instanceof Error ? error.message : String(error) },
      });
      return;
    }
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'chat-card-sent',
      session: card.session,
      channel: this.deps.channel.name,
      detail: { chat: chatId, fingerprint: card.prompt.fingerprint, escalation: card.escalation },
    });
    if (card.footerAfterSend !== null) {
      card.state = 'open';
      await this.settle(card, card.footerAfterSend);
    } else if (card.state === 'sending') card.state = 'open';
  }

  private async settle(card: Card, footer: string): Promise<void> {
    if (card.state === 'sending') {
      card.footerAfterSend = footer;
      return;
    }
    card.state = 'settled';
    if (card.messageId === null) return;
    const text = approvalText(
      card.head,
      card.prompt,
      outcomeFooter(footer, this.deps.clock.now()),
      card.reason,
    );
    await this.deps.channel.edit(card.chatId, card.messageId, { text, buttons: [] }).catch(() => undefined);
  }

  private prune(): void {
    const now = this.deps.clock.now();
    for (const [id, card] of this.cards) {
      if (card.state === 'settled' && now - card.createdAt > 24 * 3_600_000) {
        this.cards.delete(id);
        if (this.byPrompt.get(card.key) === card) this.byPrompt.delete(card.key);
      }
    }
  }
}

function cardKey(chatId: number, escalation: string): string {
  return `${chatId}\u0000${escalation}`;
}
