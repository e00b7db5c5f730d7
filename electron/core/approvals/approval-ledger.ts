/**
 * What the approvals queue remembers: the items, the answer claims, the counters and the id sequence,
 * with the lookups that read them (which item a prompt instance has, whether an answer is refused) and
 * the one Store value they are saved as. No timers, no audit, no Store calls: the queue does those.
 */
import type { ApprovalView } from '../../contract/dto';
import { claimedMessage, endedMessage } from './messages';
import {
  emptyCounters,
  type ApprovalCounters,
  type ApprovalRecord,
  type ApprovalState,
  type ClaimRecord,
} from './records';
import { expiredFromView } from './retention';

const MAX_ENDED = 200;

/** The map key of a prompt instance: its session and fingerprint. */
export const keyOf = (session: string, fingerprint: string) => `${session}\u0000${fingerprint}`;

/** Items and claims in memory, read and written only by `ApprovalQueue`. */
export class ApprovalLedger {
  readonly items = new Map<string, ApprovalRecord>();
  readonly claims = new Map<string, ClaimRecord>();
  counters: ApprovalCounters = emptyCounters();
  private nextId = 1;

  /** Takes the saved state as it was written. */
  load(state: ApprovalState): void {
    this.nextId = state.nextId;
    this.counters = { ...state.counters };
    this.replace(state.items, state.claims);
  }

  /** Puts these items and claims in place of the ones held. */
  replace(items: readonly ApprovalRecord[], claims: readonly ClaimRecord[]): void {
    this.items.clear();
    for (const item of items) this.items.set(item.view.id, item);
    this.claims.clear();
    for (const claim of claims) this.claims.set(keyOf(claim.session, claim.fingerprint), claim);
  }

  /** Whether a restored or live item or claim already binds this prompt instance (policy stays out). */
  knows(sessionId: string, fingerprint: string): boolean {
    if (this.claims.has(keyOf(sessionId, fingerprint))) return true;
    return [...this.items.values()].some(
      (r) => r.view.session === sessionId && r.view.fingerprint === fingerprint && r.endedAt === null,
    );
  }

  /** The refusal for an answer to a prompt instance that already has an answer or an end on record. */
  answeredBy(sessionId: string, fingerprint: string): string | undefined {
    const claim = this.claims.get(keyOf(sessionId, fingerprint));
    if (claim) return claimedMessage(claim);
    const item = this.latestFor(sessionId, fingerprint);
    return (item && endedMessage(item.view)) ?? undefined;
  }

  /**
   * Why a late answer is refused before anything else: the prompt it names ended, or (no fingerprint
   * given and nothing showing) the session's last approval ended moments ago.
   */
  lateAnswer(sessionId: string, fingerprint: string | undefined, showing: string | null): string | null {
    const fp = fingerprint ?? showing;
    if (fp) return this.answeredBy(sessionId, fp) ?? null;
    const recent = [...this.items.values()]
      .filter((r) => r.view.session === sessionId && r.endedAt !== null)
      .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))[0];
    return recent ? endedMessage(recent.view) : null;
  }

  /** The newest item raised for this prompt instance, ended or not. */
  latestFor(sessionId: string, fingerprint: string): ApprovalRecord | undefined {
    let latest: ApprovalRecord | undefined;
    for (const item of this.items.values()) {
      if (item.view.session !== sessionId || item.view.fingerprint !== fingerprint) continue;
      if (!latest || item.view.createdAt >= latest.view.createdAt) latest = item;
    }
    return latest;
  }

  /** Replaces an item's view with the patched one; returns the record now held. */
  update(item: ApprovalRecord, patch: Partial<ApprovalView>): ApprovalRecord {
    const next = { ...item, view: { ...item.view, ...patch } };
    this.items.set(item.view.id, next);
    return next;
  }

  /** Moves a claim on (`typed`, `done`), if there is one. */
  setPhase(sessionId: string, fingerprint: string, phase: ClaimRecord['phase']): void {
    const key = keyOf(sessionId, fingerprint);
    const claim = this.claims.get(key);
    if (claim) this.claims.set(key, { ...claim, phase });
  }

  /** Drops ended items older than `keepMs` (or beyond the cap); true if any went. */
  prune(now: number, keepMs: number): boolean {
    const old = expiredFromView([...this.items.values()], now, keepMs, MAX_ENDED);
    for (const id of old) this.items.delete(id);
    return old.length > 0;
  }

  /** The next item id; ids are never reused, even across restarts. */
  newId(): string {
    const id = `a${this.nextId}`;
    this.nextId += 1;
    return id;
  }

  /** Everything held, as the one Store value. */
  state(): ApprovalState {
    return {
      version: 1,
      nextId: this.nextId,
      items: [...this.items.values()],
      claims: [...this.claims.values()],
      counters: { ...this.counters },
    };
  }
}
