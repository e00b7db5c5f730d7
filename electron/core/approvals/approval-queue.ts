/**
 * The approvals queue: one item per prompt instance that needs the owner, the durable answer claims
 * for every prompt (the owner's and policy's), and the escalation ladder of each pending item.
 *
 * - First answer wins: a claim is taken in memory at once and written to the Store before any key is
 *   typed; a second answer finds it and is refused with who answered, where and when.
 * - An item ends as answered (Tower typed), withdrawn (the prompt left the screen without Tower typing,
 *   or its terminal closed), or expired. Ended items stay visible for `keepEndedMs`.
 * - The ladder climbs tray → dialog → Telegram → phone while an item is pending and LOCKDOWN is off.
 * - After a restart, `restore` + `rebind` put items and claims back against what the screens show.
 */
import type { AnswerChoice } from '../../contract/api';
import type { ApprovalView, EscalationChannel } from '../../contract/dto';
import type { AnswerClaims } from '../answers/answer-prompt';
import type { AuditSink, Clock, Store } from '../ports';
import type { Session } from '../sessions/session';
import { ladderDue, type EscalationConfig, type MinuteOfDay } from './escalation';
import { ApprovalLedger, keyOf } from './approval-ledger';
import { APPROVALS_KEY, parseApprovalState, type ApprovalCounters, type ApprovalRecord } from './records';
import { rebindAfterRestart } from './rebind';
import { snapshotOrder } from './retention';

/** What the queue needs. */
export interface ApprovalQueueDeps {
  readonly store: Store;
  readonly audit: AuditSink;
  readonly clock: Clock;
  readonly config: () => EscalationConfig;
  readonly isLockedDown: () => boolean;
  /** Something a UI shows changed. */
  readonly changed: () => void;
  /** A background write or audit failed (the caller shows it). */
  readonly failed: (message: string) => void;
  readonly minuteOfDay?: MinuteOfDay;
  /** How long ended items stay in the snapshot (default 15 min). */
  readonly keepEndedMs?: number;
}

const KEEP_ENDED_MS = 15 * 60_000;

/** The one queue of approvals; also the durable answer latch of `answerPrompt`. */
export class ApprovalQueue implements AnswerClaims {
  private readonly ledger = new ApprovalLedger();
  private readonly timers = new Map<string, () => void>();
  /** False between `restore` and `rebind`: restored items are not yet checked against the screens. */
  private bound = true;

  constructor(private readonly deps: ApprovalQueueDeps) {}

  /** Loads the saved state. Throws when the store or its content is unreadable (the caller locks down). */
  async restore(): Promise<void> {
    const state = parseApprovalState(await this.deps.store.get(APPROVALS_KEY));
    if (!state) return;
    this.ledger.load(state);
    this.bound = false;
  }

  /**
   * Matches restored items and claims to what the first scan found: the same prompt still showing
   * stays pending (or answered); an answer caught mid-typing is never retyped on its own.
   */
  async rebind(sessions: readonly Session[]): Promise<void> {
    if (this.bound) return;
    this.bound = true;
    const showing = new Map(sessions.filter((s) => s.goneAt === null).map((s) => [s.id, s]));
    const result = rebindAfterRestart({
      items: [...this.ledger.items.values()],
      claims: [...this.ledger.claims.values()],
      showing,
      now: this.deps.clock.now(),
      expireAfterMs: this.deps.config().expireAfterMs,
      newId: () => this.ledger.newId(),
    });
    this.ledger.replace(result.items, result.claims);
    this.ledger.counters.interrupted += result.interrupted;
    await this.save();
    for (const line of result.audit) await this.audit(line.kind, line.session, line.detail);
    for (const id of this.ledger.items.keys()) this.tick(id);
    this.deps.changed();
  }

  /** Whether a restored or live item or claim already binds this prompt instance (policy stays out). */
  knows(sessionId: string, fingerprint: string): boolean {
    return this.ledger.knows(sessionId, fingerprint);
  }

  /** Raises an approval for the prompt `session` shows now. Visible at once; saved and audited after. */
  async raise(session: Session, reason: string, note: string | null = null): Promise<ApprovalView | null> {
    const prompt = session.prompt;
    if (!prompt || this.knows(session.id, prompt.fingerprint)) return null;
    const now = this.deps.clock.now();
    const view: ApprovalView = {
      id: this.ledger.newId(),
      session: session.id,
      sessionNumber: session.number,
      agent: session.agent?.kind ?? null,
      fingerprint: prompt.fingerprint,
      prompt,
      reason,
      status: 'pending',
      createdAt: now,
      expiresAt: now + this.deps.config().expireAfterMs,
      escalatedTo: [],
      answer: null,
      endedBecause: null,
      note,
    };
    this.ledger.items.set(view.id, { view, endedAt: null });
    this.ledger.counters.raised += 1;
    this.deps.changed();
    try {
      await this.save();
      await this.audit('approval-raised', session.id, {
        approval: view.id,
        fingerprint: view.fingerprint,
        reason,
        expiresAt: view.expiresAt,
        note,
      });
    } finally {
      // Even when the disk fails the owner must hear of it: the ladder climbs regardless.
      this.tick(view.id);
    }
    return view;
  }

  /** The refusal for an answer to a prompt instance that already has an answer or an end on record. */
  answeredBy(sessionId: string, fingerprint: string): string | undefined {
    return this.ledger.answeredBy(sessionId, fingerprint);
  }

  /**
   * Why a late answer is refused before anything else: the prompt it names ended, or (no fingerprint
   * given and nothing showing) the session's last approval ended moments ago.
   */
  lateAnswer(sessionId: string, fingerprint: string | undefined, showing: string | null): string | null {
    return this.ledger.lateAnswer(sessionId, fingerprint, showing);
  }

  /** Takes the answer for a prompt instance; written durably before it resolves true. */
  async claim(
    sessionId: string,
    fingerprint: string,
    choice: AnswerChoice,
    channel: string,
  ): Promise<boolean> {
    const key = keyOf(sessionId, fingerprint);
    const item = this.ledger.latestFor(sessionId, fingerprint);
    if (this.ledger.claims.has(key) || (item && item.endedAt !== null)) return false;
    const at = this.deps.clock.now();
    this.ledger.claims.set(key, { session: sessionId, fingerprint, choice, channel, at, phase: 'claimed' });
    if (item)
      this.ledger.update(item, { status: 'answering', answer: { choice, channel, at, delivered: false } });
    try {
      await this.save();
    } catch (error) {
      this.ledger.claims.delete(key);
      if (item) this.ledger.update(item, { status: 'pending', answer: null });
      this.tickAll();
      throw error;
    }
    this.deps.changed();
    return true;
  }

  /** The keys left Tower: from now on a restart treats the prompt as answered. */
  async typed(sessionId: string, fingerprint: string): Promise<void> {
    this.ledger.setPhase(sessionId, fingerprint, 'typed');
    const item = this.ledger.latestFor(sessionId, fingerprint);
    if (item?.view.answer) this.ledger.update(item, { answer: { ...item.view.answer, delivered: true } });
    await this.save();
  }

  /** The answer finished (the prompt went away, or it stayed: `confirmed` false). */
  async finished(sessionId: string, fingerprint: string, confirmed: boolean): Promise<void> {
    // Gone from the screen: an identical prompt later is a new instance. Still showing: keep refusing.
    if (confirmed) this.ledger.claims.delete(keyOf(sessionId, fingerprint));
    else this.ledger.setPhase(sessionId, fingerprint, 'done');
    const item = this.ledger.latestFor(sessionId, fingerprint);
    if (item && item.endedAt === null) {
      const note = confirmed ? item.view.note : 'typed, but the prompt had not gone yet; check the terminal';
      this.end(item, 'answered', null, note ?? null);
      this.ledger.counters.answered += 1;
      await this.audit('approval-answered', sessionId, {
        approval: item.view.id,
        fingerprint,
        answer: item.view.answer,
        confirmed,
      });
    }
    await this.save();
    this.deps.changed();
  }

  /** Nothing was typed after all (LOCKDOWN at the keyboard): the claim is dropped, the item waits again. */
  async abandoned(sessionId: string, fingerprint: string, why: string): Promise<void> {
    this.ledger.claims.delete(keyOf(sessionId, fingerprint));
    const item = this.ledger.latestFor(sessionId, fingerprint);
    if (item && item.endedAt === null) {
      this.ledger.update(item, { status: 'pending', answer: null, note: `${why}; nothing was typed` });
      this.tick(item.view.id);
    }
    await this.save();
    this.deps.changed();
  }

  /** Typing failed part-way: keys may have arrived, so the claim stays and the item ends undelivered. */
  async failed(sessionId: string, fingerprint: string, why: string): Promise<void> {
    this.ledger.setPhase(sessionId, fingerprint, 'done');
    const item = this.ledger.latestFor(sessionId, fingerprint);
    if (item && item.endedAt === null) {
      if (item.view.answer) this.ledger.update(item, { answer: { ...item.view.answer, delivered: false } });
      this.end(item, 'answered', `typing failed (${why}); check the terminal`, null);
    }
    await this.save();
    this.deps.changed();
  }

  /** A session's prompt changed or went away: its pending items end as answered at the terminal. */
  promptGone(sessionId: string, current: string | null): void {
    let changed = false;
    // Claims of answers still in flight stay until they finish (a restart must still see them).
    for (const [key, claim] of this.ledger.claims) {
      if (claim.session === sessionId && claim.fingerprint !== current && claim.phase === 'done') {
        this.ledger.claims.delete(key);
        changed = true;
      }
    }
    for (const item of this.ledger.items.values()) {
      if (item.view.session !== sessionId || item.view.fingerprint === current) continue;
      if (item.view.status !== 'pending' || !this.bound) continue;
      this.withdraw(item, 'answered at the terminal: the prompt left the screen without Tower typing');
      changed = true;
    }
    if (changed) this.saveInBackground();
  }

  /** After a scan: pending items whose terminal is gone or shows another prompt are withdrawn. */
  reconcile(sessions: readonly Session[]): void {
    if (!this.bound) return;
    const byId = new Map(sessions.map((s) => [s.id, s]));
    let changed = false;
    for (const item of this.ledger.items.values()) {
      if (item.view.status !== 'pending') continue;
      const session = byId.get(item.view.session);
      if (session && session.goneAt === null && session.prompt?.fingerprint === item.view.fingerprint)
        continue;
      this.withdraw(
        item,
        !session || session.goneAt !== null
          ? 'withdrawn: the terminal closed'
          : 'answered at the terminal: the prompt left the screen without Tower typing',
      );
      changed = true;
    }
    if (this.prune() || changed) this.saveInBackground();
  }

  /** LOCKDOWN engaged or lifted: the ladder freezes or climbs on from where it is. */
  lockdownChanged(): void {
    this.tickAll();
    this.deps.changed();
  }

  /** The ladder's settings may have changed (policy.yaml reloaded): every pending item is re-timed now. */
  configChanged(): void {
    this.tickAll();
  }

  /** Pending first (oldest first), then ended ones (latest first). */
  views(): ApprovalView[] {
    return snapshotOrder([...this.ledger.items.values()]);
  }

  /** Totals since the state file was created. */
  totals(): Readonly<ApprovalCounters> {
    return { ...this.ledger.counters };
  }

  /** Cancels every timer (the supervisor stops). */
  stop(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  // Applies every due ladder step and the expiry, then sets one timer for the next thing due.
  private tick(id: string): void {
    this.timers.get(id)?.();
    this.timers.delete(id);
    const item = this.ledger.items.get(id);
    if (!item || item.view.status !== 'pending') return;
    const now = this.deps.clock.now();
    const frozen = this.deps.isLockedDown();
    const plan = ladderDue(item.view, this.deps.config(), now, frozen, this.deps.minuteOfDay);
    if (plan.expired) return this.expire(item);
    if (plan.due.length > 0) this.escalate(item, plan.due);
    if (plan.nextAt !== null)
      this.timers.set(
        id,
        this.deps.clock.after(plan.nextAt - now, () => this.tick(id)),
      );
  }

  private tickAll(): void {
    for (const id of this.ledger.items.keys()) this.tick(id);
  }

  private escalate(item: ApprovalRecord, channels: readonly EscalationChannel[]): void {
    const current = this.ledger.update(item, { escalatedTo: [...item.view.escalatedTo, ...channels] });
    this.ledger.counters.escalations += channels.length;
    this.deps.changed();
    void (async () => {
      for (const channel of channels) {
        await this.audit('approval-escalated', current.view.session, {
          approval: current.view.id,
          channel,
          afterMs: this.deps.clock.now() - current.view.createdAt,
        });
      }
      await this.save();
    })().catch((error: unknown) => this.deps.failed(`could not record an escalation: ${messageOf(error)}`));
  }

  private expire(item: ApprovalRecord): void {
    const minutes = Math.round(this.deps.config().expireAfterMs / 60_000);
    this.end(
      item,
      'expired',
      `no answer within ${minutes} min; the prompt may still be answered at the terminal`,
      item.view.note ?? null,
    );
    this.ledger.counters.expired += 1;
    this.auditInBackground('approval-expired', item);
    this.saveInBackground();
    this.deps.changed();
  }

  private withdraw(item: ApprovalRecord, because: string): void {
    this.end(item, 'withdrawn', because, item.view.note ?? null);
    this.ledger.counters.withdrawn += 1;
    this.auditInBackground('approval-withdrawn', item);
    this.deps.changed();
  }

  private end(
    item: ApprovalRecord,
    status: ApprovalView['status'],
    because: string | null,
    note: string | null,
  ): void {
    const now = this.deps.clock.now();
    const ended = { view: { ...item.view, status, endedBecause: because, note }, endedAt: now };
    this.ledger.items.set(item.view.id, ended);
    this.timers.get(item.view.id)?.();
    this.timers.delete(item.view.id);
  }

  private prune(): boolean {
    return this.ledger.prune(this.deps.clock.now(), this.deps.keepEndedMs ?? KEEP_ENDED_MS);
  }

  // One value, rewritten whole: the Store writes it atomically, so items and claims always agree.
  private save(): Promise<void> {
    return this.deps.store.set(APPROVALS_KEY, JSON.parse(JSON.stringify(this.ledger.state())) as unknown);
  }

  private saveInBackground(): void {
    this.save().catch((error: unknown) => this.deps.failed(`could not save approvals: ${messageOf(error)}`));
  }

  private async audit(kind: string, session: string, detail: Record<string, unknown>): Promise<void> {
    await this.deps.audit.append({ at: this.deps.clock.now(), kind, session, detail });
  }

  private auditInBackground(kind: string, item: ApprovalRecord): void {
    const current = this.ledger.items.get(item.view.id)?.view ?? item.view;
    this.audit(kind, current.session, {
      approval: current.id,
      fingerprint: current.fingerprint,
      because: current.endedBecause,
    }).catch((error: unknown) => this.deps.failed(`could not audit ${kind}: ${messageOf(error)}`));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
