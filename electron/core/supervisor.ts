/**
 * The Supervisor: observations → detect state → registry → decisions → audit, behind the TowerApi.
 *
 * Scans are driven by the drivers' activity signals (a changed terminal is re-read within one
 * coalescing delay) plus a slow periodic full scan that keeps ground truth honest. Every mutating call
 * goes through one path: the Typist for keys, the driver for open/close, the audit log for the record.
 */
import type {
  AnswerPromptArgs,
  LockdownArgs,
  OpenAgentArgs,
  SendTextArgs,
  SessionArgs,
  TowerApi,
  TowerEvents,
} from '../contract/api';
import { TowerError } from '../contract/api';
import type { AnswerOutcome, BridgeView, SessionView, Snapshot } from '../contract/dto';
import { AnsweredLatch, answerPrompt, sleep, type FreshLook } from './answers/answer-prompt';
import type { AgentHint, Detection } from './detection/types';
import type { AuditSink, Clock, ScreenCapture, Store, TerminalDriver, TerminalInfo } from './ports';
import { AutoApprover } from './policy/auto-approver';
import type { PolicyProvider } from './policy/types';
import { Emitter } from './util/emitter';
import { Scanner, type Detector } from './scanner';
import type { Session } from './sessions/session';
import { sessionView } from './sessions/view';
import { Typist } from './typing/typist';

export type { Detector } from './scanner';
export type { AgentHint, Detection, ScreenCapture, TerminalInfo };

/** Tunables, with defaults suited to interactive use. */
export interface SupervisorOptions {
  readonly fullScanEveryMs: number;
  readonly activityCoalesceMs: number;
  readonly stallAfterMs: number;
  readonly startingGraceMs: number;
  readonly settleMs: number;
  readonly confirmTimeoutMs: number;
  readonly confirmPollMs: number;
  /** Pause between typed text and the Enter that submits it (Codex drops an Enter that follows text too fast). */
  readonly submitDelayMs: number;
}

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = {
  fullScanEveryMs: 2_000,
  activityCoalesceMs: 40,
  stallAfterMs: 180_000,
  startingGraceMs: 20_000,
  settleMs: 400,
  confirmTimeoutMs: 4_000,
  confirmPollMs: 100,
  submitDelayMs: 200,
};

/** What the Supervisor is built from. */
export interface SupervisorDeps {
  readonly drivers: readonly TerminalDriver[];
  readonly detector: Detector;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly store: Store;
  /** Policy for new prompts; without it Tower decides nothing on its own (every prompt waits for the owner). */
  readonly policy?: PolicyProvider;
  readonly options?: Partial<SupervisorOptions>;
}

const LOCKDOWN_KEY = 'lockdown';

/** Tower's core service. Implements the contract every UI talks to. */
export class Supervisor implements TowerApi {
  private readonly options: SupervisorOptions;
  private readonly events = new Emitter<TowerEvents>();
  private readonly scanner: Scanner;
  private readonly typist: Typist;
  private readonly latch = new AnsweredLatch();
  private readonly auto: AutoApprover | null;
  private locked = false;
  private started = false;
  private version = 0;
  private cancelTimer: (() => void) | null = null;
  private readonly unsubscribers: (() => void)[] = [];
  private readonly bridges = new Map<BridgeView['id'], BridgeView>();

  constructor(private readonly deps: SupervisorDeps) {
    this.options = { ...DEFAULT_SUPERVISOR_OPTIONS, ...deps.options };
    this.scanner = new Scanner({
      drivers: deps.drivers,
      detector: deps.detector,
      clock: deps.clock,
      audit: deps.audit,
      options: this.options,
      onPromptGone: (sessionId, current) => this.latch.release(sessionId, current),
      onNewPrompt: (session, lines) => this.onNewPrompt(session, lines),
    });
    this.typist = new Typist({
      driverFor: (session) => this.driverFor(session.terminal.provider),
      audit: deps.audit,
      clock: deps.clock,
      isLockedDown: () => this.locked,
    });
    this.auto = deps.policy
      ? new AutoApprover({
          provider: deps.policy,
          audit: deps.audit,
          clock: deps.clock,
          isLockedDown: () => this.locked,
          answer: (args) => this.answerPrompt(args),
          changed: () => this.publish(),
        })
      : null;
  }

  /** Restores LOCKDOWN, subscribes to activity and runs the first scan. LOCKDOWN is read before anything can type. */
  async start(): Promise<void> {
    this.locked = (await this.deps.store.get<boolean>(LOCKDOWN_KEY)) === true;
    this.started = true;
    for (const driver of this.deps.drivers) {
      this.unsubscribers.push(driver.onActivity((id) => this.scanner.markDirty(driver.provider, id)));
    }
    this.scanner.onDirty(() => this.scheduleScan(this.options.activityCoalesceMs));
    await this.scanNow();
    this.scheduleScan(this.options.fullScanEveryMs, true);
  }

  /** Stops scanning. Drivers are disposed by whoever created them. */
  stop(): void {
    this.started = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const off of this.unsubscribers.splice(0)) off();
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof TowerEvents>(event: E, listener: (payload: TowerEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Runs one scan now (all dirty terminals, or every terminal when `full`). */
  async scanNow(full = true): Promise<void> {
    const changed = await this.scanner.scan(full);
    if (changed) this.publish();
  }

  async getSnapshot(): Promise<Snapshot> {
    return Promise.resolve(this.snapshot());
  }

  async answerPrompt(args: AnswerPromptArgs): Promise<AnswerOutcome> {
    const session = this.resolve(args.session);
    const outcome = await answerPrompt(session, args, this.latch, {
      lookNow: (s) => this.lookNow(s),
      typist: this.typist,
      audit: this.deps.audit,
      clock: this.deps.clock,
      settleMs: this.options.settleMs,
      confirmTimeoutMs: this.options.confirmTimeoutMs,
      confirmPollMs: this.options.confirmPollMs,
    });
    await this.scanNow(false);
    return outcome;
  }

  async sendText(args: SendTextArgs): Promise<{ readonly delivered: true }> {
    const session = this.resolve(args.session);
    if (!session.agent) {
      throw new TowerError(
        'not-allowed',
        `session ${session.number} runs no coding agent; Tower types only into agents`,
      );
    }
    if (session.state === 'permission' || session.state === 'question') {
      throw new TowerError(
        'not-allowed',
        `session ${session.number} is showing a prompt; answer it with approve or deny instead of typing`,
      );
    }
    const channel = 'api';
    await this.typist.type(session, { kind: 'text', text: args.text }, { channel, why: 'send text' });
    if (args.submit !== false) {
      await sleep(this.deps.clock, this.options.submitDelayMs);
      await this.typist.type(session, { kind: 'keys', keys: ['Enter'] }, { channel, why: 'submit text' });
    }
    return { delivered: true };
  }

  async openAgent(args: OpenAgentArgs): Promise<SessionView> {
    if (this.locked)
      throw new TowerError('lockdown', 'LOCKDOWN is engaged: Tower opens nothing until it is lifted');
    const driver = this.pickDriver(args.provider);
    const title = args.title ?? args.command.join(' ').slice(0, 60);
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'open',
      detail: { provider: driver.provider, command: args.command, title, cwd: args.cwd ?? null },
    });
    const info = await driver.open({ command: args.command, title, cwd: args.cwd });
    await this.scanNow(true);
    const session = this.scanner.registry.get(`${info.provider}:${info.id}`);
    if (!session) throw new TowerError('terminal-failed', 'the new terminal did not appear in its provider');
    return this.viewOf(session);
  }

  async closeAgent(args: SessionArgs): Promise<{ readonly closed: true }> {
    const session = this.resolve(args.session);
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'close',
      session: session.id,
      detail: {},
    });
    await this.driverFor(session.terminal.provider).close(session.terminal.id);
    await this.scanNow(true);
    return { closed: true };
  }

  async lockdown(args: LockdownArgs): Promise<{ readonly lockdown: boolean }> {
    // Set in memory first so typing stops at once, then persist so it survives a restart.
    this.locked = args.engaged;
    await this.deps.store.set(LOCKDOWN_KEY, args.engaged);
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: args.engaged ? 'lockdown-engaged' : 'lockdown-lifted',
      detail: {},
    });
    this.publish();
    return { lockdown: this.locked };
  }

  /** A bridge (Telegram, phone, hooks) reports whether it works; every UI shows it. */
  reportBridge(view: BridgeView): void {
    const before = this.bridges.get(view.id);
    this.bridges.set(view.id, view);
    if (JSON.stringify(before) !== JSON.stringify(view)) this.publish();
  }

  private snapshot(): Snapshot {
    const sessions = this.scanner.registry.all().map((s) => this.viewOf(s));
    return {
      sessions,
      approvals: [],
      bridges: [...this.bridges.values()],
      groundTruth: this.scanner.groundTruth(),
      lockdown: this.locked,
      version: this.version,
    };
  }

  private viewOf(session: Session): SessionView {
    return { ...sessionView(session), policy: this.auto?.viewFor(session) ?? null };
  }

  // Called inside a scan: the decision is made now (the snapshot shows it), the answer runs after.
  private onNewPrompt(session: Session, lines: readonly string[]): void {
    if (!this.auto) return;
    this.auto.decide(session, lines).catch((error: unknown) => {
      this.events.emit('toast', {
        level: 'error',
        message: `policy could not record its decision for session ${session.number}: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
  }

  private publish(): void {
    this.version += 1;
    this.events.emit('snapshot', this.snapshot());
  }

  private scheduleScan(delayMs: number, periodic = false): void {
    if (!this.started) return;
    if (periodic) {
      this.cancelTimer = this.deps.clock.after(delayMs, () => {
        void this.scanNow(true).finally(() => this.scheduleScan(this.options.fullScanEveryMs, true));
      });
      return;
    }
    this.deps.clock.after(delayMs, () => void this.scanNow(false));
  }

  private async lookNow(session: Session): Promise<FreshLook> {
    return this.scanner.lookNow(session);
  }

  private resolve(ref: string): Session {
    const session = this.scanner.registry.resolve(ref);
    if (!session) throw new TowerError('unknown-session', `no session "${ref}"`);
    if (session.goneAt !== null) throw new TowerError('unknown-session', `session ${session.number} is gone`);
    return session;
  }

  private driverFor(provider: string): TerminalDriver {
    const driver = this.deps.drivers.find((d) => d.provider === provider);
    if (!driver) throw new TowerError('terminal-failed', `no driver for provider ${provider}`);
    return driver;
  }

  private pickDriver(provider: OpenAgentArgs['provider']): TerminalDriver {
    if (provider) return this.driverFor(provider);
    const preferred = this.deps.drivers.find((d) => d.provider === 'tmux') ?? this.deps.drivers[0];
    if (!preferred) throw new TowerError('terminal-failed', 'no terminal provider is available');
    return preferred;
  }
}
