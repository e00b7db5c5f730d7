/**
 * Outbound alerts: when the escalation ladder adds 'phone' to a pending approval, call the owner.
 * One call per approval (remembered durably, marked before dialling so a crash never calls twice),
 * one call at a time, none during LOCKDOWN or a TOTP lockout. An unanswered call, a voicemail or a
 * failed dial leaves the approval pending: the ladder moves on by itself.
 */
import type { ApprovalView } from '../../contract/dto';
import type { AuditSink, Clock, Store } from '../ports';
import type { CallPlacer, PhoneSnapshot } from './ports';

export const CALLED_APPROVALS_KEY = 'phone.calledApprovals';
const CALLED_MAX = 500;
/** Least time between two outbound calls (the owner is not rung in a burst). */
export const MIN_CALL_GAP_MS = 60_000;
/** A placed call older than this is considered over even without a status callback. */
const STALE_CALL_MS = 15 * 60_000;

/** An outbound call Twilio has been asked to place. */
export interface PlacedCall {
  readonly approvalId: string;
  /** The nonce of the call's first TwiML URL. */
  readonly nonce: string;
  sid: string | null;
  readonly placedAt: number;
}

/** What the caller needs. */
export interface OutboundDeps {
  readonly placer: CallPlacer;
  readonly to: string;
  readonly from: string;
  readonly publicBaseUrl: string;
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly newNonce: () => string;
  /** Whether the line is locked out (no calls then). */
  readonly locked: () => boolean;
  readonly onError: (message: string) => void;
  /** Least time between two calls; default {@link MIN_CALL_GAP_MS}. */
  readonly minGapMs?: number;
}

/** Places calls for approvals escalated to the phone. */
export class OutboundCaller {
  private called: string[] = [];
  private active: PlacedCall | null = null;
  /** Recent calls' approvals by CallSid, for status callbacks that come after the call ended. */
  private readonly recent = new Map<string, string>();
  private placing = false;
  private lastPlacedAt = Number.NEGATIVE_INFINITY;
  private cancelRetry: (() => void) | null = null;

  constructor(private readonly deps: OutboundDeps) {}

  async load(): Promise<void> {
    const saved = await this.deps.store.get<readonly string[]>(CALLED_APPROVALS_KEY);
    if (Array.isArray(saved)) this.called = saved.filter((x): x is string => typeof x === 'string');
  }

  /** The call in progress, if any. */
  current(): PlacedCall | null {
    return this.active;
  }

  /** Spends the nonce of the current call's first URL; returns that call, once. */
  claim(nonce: string | null, callSid: string): PlacedCall | null {
    const call = this.active;
    if (!call || nonce === null || call.nonce !== nonce) return null;
    if (call.sid !== null && call.sid !== callSid) return null;
    call.sid = callSid;
    this.recent.set(callSid, call.approvalId);
    // Single use: the same start URL cannot open a second conversation.
    this.active = { ...call, nonce: `spent:${call.nonce}` };
    return call;
  }

  /** The approval a recent outbound call was about, by its CallSid. */
  approvalFor(callSid: string): string | null {
    return this.recent.get(callSid) ?? null;
  }

  /** The call ended (status callback or hang-up); the next approval may ring. */
  ended(callSid: string, latest: () => Promise<PhoneSnapshot>): void {
    if (this.active?.sid !== callSid) return;
    this.active = null;
    void latest().then((s) => this.consider(s));
  }

  /** Looks at a snapshot and calls for the first approval that newly reached the phone. */
  async consider(snapshot: PhoneSnapshot): Promise<void> {
    // A call never reported as ended (no status callback) stops blocking the line after a while.
    if (this.active && this.deps.clock.now() - this.active.placedAt > STALE_CALL_MS) this.active = null;
    if (this.placing || this.active !== null || snapshot.lockdown || this.deps.locked()) return;
    const due = snapshot.approvals.find((a) => this.wants(a));
    if (!due) return;
    const now = this.deps.clock.now();
    const wait = this.lastPlacedAt + (this.deps.minGapMs ?? MIN_CALL_GAP_MS) - now;
    if (wait > 0) {
      this.cancelRetry?.();
      this.cancelRetry = this.deps.clock.after(wait, () => void this.consider(snapshot));
      return;
    }
    this.placing = true;
    try {
      await this.place(due, now);
    } finally {
      this.placing = false;
    }
  }

  stop(): void {
    this.cancelRetry?.();
  }

  private wants(a: ApprovalView): boolean {
    return a.status === 'pending' && a.escalatedTo.includes('phone') && !this.called.includes(a.id);
  }

  private async place(approval: ApprovalView, now: number): Promise<void> {
    this.called = [...this.called, approval.id].slice(-CALLED_MAX);
    await this.deps.store.set(CALLED_APPROVALS_KEY, this.called);
    const nonce = this.deps.newNonce();
    const call: PlacedCall = { approvalId: approval.id, nonce, sid: null, placedAt: now };
    this.active = call;
    this.lastPlacedAt = now;
    const base = this.deps.publicBaseUrl;
    try {
      const { sid } = await this.deps.placer.place({
        to: this.deps.to,
        from: this.deps.from,
        url: `${base}/voice/outbound?n=${nonce}`,
        statusCallback: `${base}/voice/status`,
      });
      if (this.active?.approvalId === approval.id && this.active.sid === null) this.active.sid = sid;
      this.recent.set(sid, approval.id);
      if (this.recent.size > 50) this.recent.delete(this.recent.keys().next().value ?? '');
      await this.audit('phone-call-placed', {
        approval: approval.id,
        session: approval.session,
        callSid: sid,
        to: this.deps.to,
      });
    } catch (error) {
      if (this.active?.approvalId === approval.id) this.active = null;
      const message = error instanceof Error ? error.message.slice(0, 200) : 'failed';
      await this.audit('phone-call-failed', { approval: approval.id, error: message });
      this.deps.onError(`The outbound call could not be placed: ${message}`);
    }
  }

  private async audit(kind: string, detail: Record<string, unknown>): Promise<void> {
    await this.deps.audit.append({ at: this.deps.clock.now(), kind, channel: 'phone', detail });
  }
}
