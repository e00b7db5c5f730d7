/**
 * The TOTP policy of the phone line, durable through the Store port:
 *  - a code is single-use: the last accepted time step is stored and every later check refuses
 *    codes of that step or earlier (otplib's `afterTimeStep`);
 *  - wrong codes are counted across ALL calls (a new CallSid buys nothing) and after `maxFailures`
 *    the line locks for `lockoutMs`; while locked no code is even checked; each further lockout
 *    without an accepted code in between doubles (capped at `maxLockoutMs`), so a year of guessing
 *    gets a few hundred tries (≈1e-3 success with three valid codes at any time), not 175,000;
 *  - the count and the lock are written before the caller hears the result, so hanging up or a
 *    restart cannot reset them.
 * Checks run one at a time: two concurrent calls cannot both spend the same code.
 */
import type { AuditSink, Clock, Store } from '../ports';
import type { TotpVerifier } from './ports';

/** What is kept in the Store under {@link TOTP_STATE_KEY}. */
export interface TotpState {
  readonly lastStep: number | null;
  readonly failures: number;
  readonly lockedUntil: number | null;
  /** Lockouts since the last accepted code. */
  readonly lockouts: number;
}

export const TOTP_STATE_KEY = 'phone.totp';

/** Result of one check. `locked` also when this very failure locked the line. */
export type TotpCheck = 'accepted' | 'wrong' | 'locked';

/** Settings of the policy. */
export interface TotpPolicy {
  readonly maxFailures: number;
  /** The first lockout; each consecutive one doubles. */
  readonly lockoutMs: number;
  readonly maxLockoutMs: number;
}

export const DEFAULT_TOTP_POLICY: TotpPolicy = {
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
  maxLockoutMs: 7 * 24 * 3_600_000,
};

/** What the gate is built from. */
export interface TotpGateDeps {
  readonly store: Store;
  readonly verifier: TotpVerifier;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly policy?: Partial<TotpPolicy>;
  /** Told when the line locks (with the time it unlocks) and when it unlocks (null). */
  readonly onLockChange?: (lockedUntil: number | null) => void;
}

/** Single-use TOTP with a global failure count and lockout. */
export class TotpGate {
  private state: TotpState = { lastStep: null, failures: 0, lockedUntil: null, lockouts: 0 };
  private chain: Promise<unknown> = Promise.resolve();
  private readonly policy: TotpPolicy;
  private cancelUnlock: (() => void) | null = null;

  constructor(private readonly deps: TotpGateDeps) {
    this.policy = { ...DEFAULT_TOTP_POLICY, ...deps.policy };
  }

  /** Reads the durable state (a lock set before a restart still holds). */
  async load(): Promise<void> {
    const saved = await this.deps.store.get<TotpState>(TOTP_STATE_KEY);
    if (saved && typeof saved === 'object') {
      this.state = {
        lastStep: typeof saved.lastStep === 'number' ? saved.lastStep : null,
        failures: typeof saved.failures === 'number' ? saved.failures : 0,
        lockedUntil: typeof saved.lockedUntil === 'number' ? saved.lockedUntil : null,
        lockouts: typeof saved.lockouts === 'number' ? saved.lockouts : 0,
      };
    }
    const until = this.lockedUntil();
    if (until !== null) this.scheduleUnlock(until);
  }

  /** When the line unlocks, or null when it is open. */
  lockedUntil(): number | null {
    const until = this.state.lockedUntil;
    return until !== null && until > this.deps.clock.now() ? until : null;
  }

  /** Wrong codes since the last accepted one (or the last lock). */
  failures(): number {
    return this.state.failures;
  }

  /** Checks one code for one call; `who` names the call for the audit (never the code). */
  check(code: string, who: { readonly callSid: string; readonly caller: string }): Promise<TotpCheck> {
    const run = this.chain.then(() => this.checkNow(code, who));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Lifts a lockout early: the owner, at the Mac, says the wrong codes were theirs. The doubling count
   * stays (only an accepted code clears it), so guessing that goes on still meets longer lockouts.
   * Resolves with the time the line would have unlocked, or null when it was not locked.
   */
  unlock(by: string): Promise<number | null> {
    const run = this.chain.then(async () => {
      const until = this.lockedUntil();
      if (until === null) return null; // not locked: the wrong-code count stays as it is
      await this.save({ ...this.state, failures: 0, lockedUntil: null });
      this.cancelUnlock?.();
      this.cancelUnlock = null;
      await this.audit('phone-unlocked', { by, lockedUntil: until, lockouts: this.state.lockouts });
      this.deps.onLockChange?.(null);
      return until;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  stop(): void {
    this.cancelUnlock?.();
    this.cancelUnlock = null;
  }

  private async checkNow(code: string, who: { callSid: string; caller: string }): Promise<TotpCheck> {
    const now = this.deps.clock.now();
    const detail = { callSid: who.callSid, caller: who.caller };
    if (this.lockedUntil() !== null) {
      await this.audit('phone-auth-refused-locked', { ...detail, lockedUntil: this.state.lockedUntil });
      return 'locked';
    }
    const result = await this.deps.verifier.verify(code, now, this.state.lastStep);
    if (result.valid) {
      const before = this.state.failures;
      await this.save({ lastStep: result.timeStep, failures: 0, lockedUntil: null, lockouts: 0 });
      // Telling the owner about earlier failures is how a guessing attempt gets noticed.
      await this.audit('phone-auth-accepted', { ...detail, failuresBefore: before });
      return 'accepted';
    }
    const failures = this.state.failures + 1;
    if (failures < this.policy.maxFailures) {
      await this.save({ ...this.state, failures, lockedUntil: null });
      await this.audit('phone-auth-failed', { ...detail, failures });
      return 'wrong';
    }
    const lockouts = this.state.lockouts + 1;
    const lockoutMs = Math.min(
      this.policy.lockoutMs * 2 ** Math.min(lockouts - 1, 30),
      this.policy.maxLockoutMs,
    );
    const lockedUntil = now + lockoutMs;
    await this.save({ ...this.state, failures: 0, lockedUntil, lockouts });
    await this.audit('phone-auth-failed', { ...detail, failures });
    await this.audit('phone-lockout', { ...detail, failures, lockedUntil, lockoutMs, lockouts });
    this.scheduleUnlock(lockedUntil);
    this.deps.onLockChange?.(lockedUntil);
    return 'locked';
  }

  private scheduleUnlock(until: number): void {
    this.cancelUnlock?.();
    this.cancelUnlock = this.deps.clock.after(Math.max(0, until - this.deps.clock.now()), () => {
      this.cancelUnlock = null;
      void this.audit('phone-lockout-ended', { lockedUntil: until }).finally(() =>
        this.deps.onLockChange?.(null),
      );
    });
  }

  private async save(next: TotpState): Promise<void> {
    await this.deps.store.set(TOTP_STATE_KEY, next);
    this.state = next;
  }

  private async audit(kind: string, detail: Record<string, unknown>): Promise<void> {
    await this.deps.audit.append({ at: this.deps.clock.now(), kind, channel: 'phone', detail });
  }
}
