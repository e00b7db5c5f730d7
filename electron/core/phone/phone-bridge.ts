/**
 * The phone bridge: Twilio's webhooks in, TwiML-shaped replies out, Tower's API behind.
 *
 * Every request passes, in order: POST only → a valid X-Twilio-Signature for the public URL
 * (unsigned or forged: 403 + audit) → a route → a single-use guard (a call's first request once per
 * CallSid; every later step only with its own unspent nonce: a captured request replayed later is
 * 403 and changes nothing) → the optional caller allowlist (before any prompt; caller ID is a hint,
 * the TOTP step always applies) → the TOTP lockout → the call's state machine (call-flow.ts).
 * Requests of one call run one at a time. Replies are built from prepared state only.
 */
import { InFlight } from '../util/in-flight';
import { lineView } from './line-view';
import type { BridgeView } from '../../contract/dto';
import { nonce } from '../chat/nonce';
import type { RandomSource } from '../chat/ports';
import type { AuditSink, Clock, Store } from '../ports';
import { greeting, step, type CallState, type FlowContext, type FlowStep } from './call-flow';
import { OutboundCaller } from './outbound-caller';
import type {
  CallPlacer,
  PhoneBackend,
  PhoneReply,
  PhoneRequest,
  PhoneResponse,
  SignatureCheck,
  SummaryWriter,
  TotpVerifier,
} from './ports';
import { SitrepCache } from './sitrep-cache';
import { SeenCalls, StepNonces } from './step-nonces';
import { TotpGate, type TotpPolicy } from './totp-gate';
import { gatherFor, optional, param } from './twilio-io';

/** Longest a stop waits for calls in progress: a phone approval may settle, type and confirm (up to ~5 s). */
const STOP_WAIT_MS = 10_000;

/** Settings of the bridge (secrets are not here: they sit inside the adapters). */
export interface PhoneConfig {
  /** The public HTTPS base Twilio calls (the tunnel), without a trailing slash. */
  readonly publicBaseUrl: string;
  /** Owner's number for outbound calls, and the Twilio number to call from; null: no outbound. */
  readonly ownerNumber: string | null;
  readonly fromNumber: string | null;
  /** When set, only these caller numbers are served (before any prompt). */
  readonly allowedCallers: readonly string[] | null;
  readonly totp?: Partial<TotpPolicy>;
  /** Longest a call may last, in ms (cost cap). */
  readonly maxCallMs?: number;
  /** Least time between two outbound calls, in ms (default one minute). */
  readonly minCallGapMs?: number;
}

/** What the bridge is built from. */
export interface PhoneBridgeDeps {
  readonly config: PhoneConfig;
  readonly backend: PhoneBackend;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly store: Store;
  readonly random: RandomSource;
  readonly totp: TotpVerifier;
  readonly signature: SignatureCheck;
  /** Outbound calls; null when not configured. */
  readonly calls: CallPlacer | null;
  readonly writer?: SummaryWriter;
  /** Masks secrets before text goes to Twilio's text-to-speech. */
  readonly redact: (text: string) => string;
  /** Tells every UI how the bridge is (Supervisor.reportBridge). */
  readonly report: (view: BridgeView) => void;
}

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const MAX_TURNS = 60;
/** Refused webhooks audited one by one per minute; beyond that only counted. */
const REFUSALS_PER_MINUTE = 30;
const DEFAULT_MAX_CALL_MS = 20 * 60_000;
const ENDED_STATUSES = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** The phone bridge's decisions. */
export class PhoneBridge {
  private readonly gate: TotpGate;
  private readonly nonces: StepNonces;
  private readonly seen: SeenCalls;
  private readonly sitrep: SitrepCache;
  private readonly outbound: OutboundCaller | null;
  private readonly calls = new Map<string, CallState>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private unsubscribe: (() => void) | null = null;
  private lastActivityAt: number | null = null;
  private readonly inFlight = new InFlight();
  private refusals = { minute: 0, logged: 0, suppressed: 0 };

  constructor(private readonly deps: PhoneBridgeDeps) {
    this.gate = new TotpGate({
      store: deps.store,
      verifier: deps.totp,
      clock: deps.clock,
      audit: deps.audit,
      policy: deps.config.totp,
      onLockChange: () => this.reportState(),
    });
    this.nonces = new StepNonces(deps.random);
    this.seen = new SeenCalls(deps.store);
    this.sitrep = new SitrepCache({
      redact: deps.redact,
      writer: deps.writer,
      audit: deps.audit,
      clock: deps.clock,
    });
    const { ownerNumber, fromNumber, publicBaseUrl } = deps.config;
    this.outbound =
      deps.calls && ownerNumber && fromNumber
        ? new OutboundCaller({
            placer: deps.calls,
            to: ownerNumber,
            from: fromNumber,
            publicBaseUrl,
            store: deps.store,
            clock: deps.clock,
            audit: deps.audit,
            newNonce: () => nonce(deps.random),
            locked: () => this.gate.lockedUntil() !== null,
            onError: (reason) => this.reportState(reason),
            ...(deps.config.minCallGapMs === undefined ? {} : { minGapMs: deps.config.minCallGapMs }),
          })
        : null;
  }

  /** Loads durable state (lockout, last code step, seen calls), then follows snapshots. */
  async start(): Promise<void> {
    await this.gate.load();
    await this.seen.load();
    await this.outbound?.load();
    this.unsubscribe = this.deps.backend.on('snapshot', (s) => {
      this.sitrep.update(s);
      void this.outbound?.consider(s);
    });
    const first = await this.deps.backend.getSnapshot();
    this.sitrep.update(first);
    this.reportState();
    await this.outbound?.consider(first);
  }

  /**
   * Stops taking requests (Twilio hears 503 and retries or fails over), waits up to 10 s for those in
   * progress, then stops the gate and the caller. A restart after a setting changed starts the next
   * bridge only then, so it reads the lockout and the last code step this one wrote.
   */
  async stop(): Promise<void> {
    this.inFlight.close(this.deps.clock.now());
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.outbound?.stop();
    if (!(await this.inFlight.drained(this.deps.clock, STOP_WAIT_MS)))
      await this.audit('phone-stop-timeout', { waitedMs: STOP_WAIT_MS });
    this.gate.stop();
    const { lastActivityAt } = this;
    this.deps.report({ id: 'phone', state: 'off', detail: null, reason: 'stopped', lastActivityAt });
  }

  /** Lifts a TOTP lockout early (the owner at the Mac; never a remote channel). See TotpGate.unlock. */
  async unlock(by: string): Promise<number | null> {
    const until = await this.gate.unlock(by);
    this.reportState();
    return until;
  }

  /** When the TOTP lockout ends, or null (for status lines and tests). */
  lockedUntil(): number | null {
    return this.gate.lockedUntil();
  }

  /** Serves one webhook request; refused once the bridge is stopping. */
  handle(req: PhoneRequest): Promise<PhoneResponse> {
    if (this.inFlight.closed) return Promise.resolve({ status: 503, reason: 'the phone line is restarting' });
    return this.inFlight.run(() => this.serve(req));
  }

  private async serve(req: PhoneRequest): Promise<PhoneResponse> {
    if (req.method !== 'POST') return { status: 405, reason: 'POST only' };
    if (req.signature === null || req.signature === '') return this.refuse(req, 'unsigned');
    if (!this.deps.signature.valid(req.url, req.params, req.signature)) return this.refuse(req, 'forged');
    const callSid = param(req, 'CallSid');
    if (!CALL_SID.test(callSid)) return this.refuse(req, 'bad-call-sid', 400);
    this.touch();
    this.expireOldCalls();
    switch (req.path) {
      case '/voice/answer':
        return this.serial(callSid, () => this.answer(req, callSid));
      case '/voice/outbound':
        return this.serial(callSid, () => this.answerOutbound(req, callSid));
      case '/voice/step':
        // Spent synchronously, before any await: two copies of one request cannot both pass.
        if (!this.nonces.consume(req.nonce, callSid, this.deps.clock.now()) || !this.calls.has(callSid))
          return this.refuse(req, 'replayed');
        return this.serial(callSid, () => this.onStep(req, callSid));
      case '/voice/status':
        return this.onStatus(req, callSid);
      default:
        return this.refuse(req, 'unknown-path', 404);
    }
  }

  private async answer(req: PhoneRequest, callSid: string): Promise<PhoneResponse> {
    if (!(await this.seen.first(callSid, this.deps.clock.now()))) return this.refuse(req, 'replayed');
    const caller = param(req, 'From');
    return this.open({ sid: callSid, caller, direction: 'inbound', approvalId: null });
  }

  private async answerOutbound(req: PhoneRequest, callSid: string): Promise<PhoneResponse> {
    const placed = this.outbound?.claim(req.nonce, callSid) ?? null;
    if (!placed || !(await this.seen.first(callSid, this.deps.clock.now())))
      return this.refuse(req, 'replayed');
    const answeredBy = param(req, 'AnsweredBy');
    if (/^(machine|fax)/.test(answeredBy)) {
      // Voicemail hears nothing at all; the approval stays pending for the next rung.
      await this.audit('phone-call-voicemail', { callSid, approval: placed.approvalId, answeredBy });
      this.outbound?.ended(callSid, () => this.deps.backend.getSnapshot());
      return { status: 200, reply: { say: [], next: { kind: 'hangup' } } };
    }
    return this.open({
      sid: callSid,
      caller: param(req, 'To'),
      direction: 'outbound',
      approvalId: placed.approvalId,
    });
  }

  private async open(
    who: Pick<CallState, 'sid' | 'caller' | 'direction' | 'approvalId'>,
  ): Promise<PhoneResponse> {
    const allowed = this.deps.config.allowedCallers;
    await this.audit('phone-call-started', {
      callSid: who.sid,
      caller: who.caller,
      direction: who.direction,
      approval: who.approvalId,
    });
    if (who.direction === 'inbound' && allowed !== null && !allowed.includes(who.caller)) {
      await this.audit('phone-caller-refused', { callSid: who.sid, caller: who.caller });
      return this.hangup(who.sid, ['This number is not available. Goodbye.']);
    }
    if (this.gate.lockedUntil() !== null) {
      await this.audit('phone-call-refused-locked', { callSid: who.sid, caller: who.caller });
      return this.hangup(who.sid, ['This line is not available right now. Goodbye.']);
    }
    const call: CallState = {
      ...who,
      startedAt: this.deps.clock.now(),
      stage: 'code',
      codeTries: 0,
      silences: 0,
      turns: 0,
      pending: null,
      back: 'menu',
    };
    this.calls.set(call.sid, call);
    return this.reply(call, greeting(call));
  }

  private async onStep(req: PhoneRequest, callSid: string): Promise<PhoneResponse> {
    const call = this.calls.get(callSid);
    if (!call) return this.refuse(req, 'replayed');
    const now = this.deps.clock.now();
    if (call.turns >= MAX_TURNS || now - call.startedAt > (this.deps.config.maxCallMs ?? DEFAULT_MAX_CALL_MS))
      return this.hangup(callSid, ['This call has reached its time limit. Goodbye.']);
    const confidence = Number.parseFloat(param(req, 'Confidence'));
    const input = {
      digits: optional(req, 'Digits'),
      speech: optional(req, 'SpeechResult'),
      confidence: Number.isFinite(confidence) ? confidence : null,
    };
    return this.reply(call, await step(call, input, this.flowContext()));
  }

  private async onStatus(req: PhoneRequest, callSid: string): Promise<PhoneResponse> {
    const status = param(req, 'CallStatus');
    await this.audit('phone-call-status', {
      callSid,
      status,
      answeredBy: optional(req, 'AnsweredBy'),
      duration: optional(req, 'CallDuration'),
    });
    if (ENDED_STATUSES.has(status)) {
      const approvalId = this.outbound?.approvalFor(callSid) ?? null;
      if (approvalId !== null) {
        const snapshot = await this.deps.backend.getSnapshot();
        const decided = snapshot.approvals.some((a) => a.id === approvalId && a.status !== 'pending');
        if (!decided)
          await this.audit('phone-approval-left-pending', { callSid, approval: approvalId, status });
        this.outbound?.ended(callSid, () => this.deps.backend.getSnapshot());
      }
      const call = this.calls.get(callSid);
      if (call) await this.end(call.sid, `status ${status}`);
    }
    return { status: 200, reply: { say: [], next: { kind: 'none' } } };
  }

  private async reply(call: CallState, flow: FlowStep): Promise<PhoneResponse> {
    if (flow.next === 'hangup') return this.hangup(call.sid, flow.say);
    call.stage = flow.next;
    const action = `${this.deps.config.publicBaseUrl}/voice/step?n=${this.nonces.issue(call.sid, this.deps.clock.now())}`;
    const reply: PhoneReply = { say: flow.say.filter((s) => s !== ''), next: gatherFor(flow, action) };
    return Promise.resolve({ status: 200, reply });
  }

  private async hangup(callSid: string, say: readonly string[]): Promise<PhoneResponse> {
    await this.end(callSid, 'hung up');
    return { status: 200, reply: { say, next: { kind: 'hangup' } } };
  }

  private async end(callSid: string, why: string): Promise<void> {
    const call = this.calls.get(callSid);
    this.calls.delete(callSid);
    this.nonces.dropCall(callSid);
    if (call) {
      await this.audit('phone-call-ended', {
        callSid,
        caller: call.caller,
        why,
        turns: call.turns,
        seconds: Math.round((this.deps.clock.now() - call.startedAt) / 1000),
      });
      if (call.direction === 'outbound') this.outbound?.ended(callSid, () => this.deps.backend.getSnapshot());
    }
  }

  private expireOldCalls(): void {
    const limit = (this.deps.config.maxCallMs ?? DEFAULT_MAX_CALL_MS) * 2;
    for (const call of [...this.calls.values()]) {
      if (this.deps.clock.now() - call.startedAt > limit) void this.end(call.sid, 'expired');
    }
  }

  private flowContext(): FlowContext {
    return {
      backend: this.deps.backend,
      gate: this.gate,
      clock: this.deps.clock,
      audit: this.deps.audit,
      redact: this.deps.redact,
      sitrep: () => this.sitrep.current().text,
    };
  }

  private serial(callSid: string, run: () => Promise<PhoneResponse>): Promise<PhoneResponse> {
    const next = (this.chains.get(callSid) ?? Promise.resolve()).then(run);
    const settled = next.catch(() => undefined);
    this.chains.set(callSid, settled);
    void settled.then(() => {
      if (this.chains.get(callSid) === settled) this.chains.delete(callSid);
    });
    return next;
  }

  private async refuse(
    req: PhoneRequest,
    reason: string,
    status: 400 | 403 | 404 = 403,
  ): Promise<PhoneResponse> {
    // A flood of junk must not fill the disk: at most REFUSALS_PER_MINUTE records a minute, then a count.
    const minute = Math.floor(this.deps.clock.now() / 60_000);
    if (minute !== this.refusals.minute) {
      if (this.refusals.suppressed > 0)
        await this.audit('phone-webhook-refused-suppressed', { count: this.refusals.suppressed });
      this.refusals = { minute, logged: 0, suppressed: 0 };
    }
    if (this.refusals.logged >= REFUSALS_PER_MINUTE) {
      this.refusals.suppressed += 1;
      return { status, reason };
    }
    this.refusals.logged += 1;
    await this.audit('phone-webhook-refused', {
      reason,
      path: req.path.slice(0, 100),
      callSid: param(req, 'CallSid').slice(0, 40),
      from: param(req, 'From').slice(0, 32),
    });
    return { status, reason };
  }

  private touch(): void {
    this.lastActivityAt = this.deps.clock.now();
    this.reportState();
  }

  private reportState(problem: string | null = null): void {
    // A stopped bridge is silent: its late reports would cover the view of the one that replaced it.
    if (this.inFlight.closed) return;
    const { publicBaseUrl } = this.deps.config;
    this.deps.report(
      lineView(publicBaseUrl, this.outbound !== null, this.gate.lockedUntil(), problem, this.lastActivityAt),
    );
  }

  private async audit(kind: string, detail: Record<string, unknown>): Promise<void> {
    await this.deps.audit.append({ at: this.deps.clock.now(), kind, channel: 'phone', detail });
  }
}
