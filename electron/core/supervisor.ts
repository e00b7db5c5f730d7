/**
 * The Supervisor: observations → detect state → registry → decisions → audit, behind the TowerApi.
 *
 * Scans are driven by the drivers' activity signals (a changed terminal is re-read within one
 * coalescing delay) plus a slow periodic full scan that keeps ground truth honest. Every mutating call
 * goes through one path: the Typist for keys, the driver for open/close, the audit log for the record.
 */
import type {
  AddTaskArgs,
  AnswerPromptArgs,
  BroadcastArgs,
  ConfigurePoolArgs,
  LockdownArgs,
  OpenAgentArgs,
  SendTextArgs,
  SessionArgs,
  TaskArgs,
  TowerApi,
  UnlockPhoneArgs,
  TowerEvents,
} from '../contract/api';
import { TowerError } from '../contract/api';
import type { AnswerOutcome, BridgeView, PoolView, SessionView, Snapshot, TaskView } from '../contract/dto';
import { answerPrompt, sleep } from './answers/answer-prompt';
import { refuseLateAnswer } from './answers/refuse-late-answer';
import { BridgeBoard } from './bridge-board';
import { driverFor, driverToOpenIn, focusTerminal } from './driver-choice';
import { ApprovalQueue } from './approvals/approval-queue';
import { DEFAULT_ESCALATION } from './approvals/escalation';
import { LockdownSwitch } from './approvals/lockdown-switch';
import { PromptRouter } from './approvals/prompt-router';
import type { AgentHint, Detection } from './detection/types';
import type { ScreenCapture, TerminalInfo } from './ports';
import { AutoApprover } from './policy/auto-approver';
import { withHookSignal } from './hooks/fusion';
import { HookDesk } from './hooks/hook-desk';
import { AgentPool } from './pool/agent-pool';
import { Emitter } from './util/emitter';
import { adoptOpened, checkOpenSpec, openTerminal } from './open-terminal';
import { Scanner } from './scanner';
import type { Session } from './sessions/session';
import { sessionView } from './sessions/view';
import { checkTextTarget, Typist } from './typing/typist';
import { policyInForce } from './policy/in-force-view';
import { SecretSettings } from './settings/secret-settings';
import type { SecretInfo, SecretNameArgs, SetSecretArgs } from '../contract/settings';

export type { Detector } from './scanner';
export type { AgentHint, Detection, ScreenCapture, TerminalInfo };

import { DEFAULT_SUPERVISOR_OPTIONS, settleFor } from './supervisor-deps';
import type { SupervisorDeps, SupervisorOptions } from './supervisor-deps';
export { DEFAULT_SUPERVISOR_OPTIONS };
export type { SupervisorDeps, SupervisorOptions };

/** Tower's core service. Implements the contract every UI talks to. */
export class Supervisor implements TowerApi {
  private readonly options: SupervisorOptions;
  private readonly events = new Emitter<TowerEvents>();
  private readonly scanner: Scanner;
  private readonly typist: Typist;
  private readonly approvals: ApprovalQueue;
  private readonly auto: AutoApprover | null;
  private readonly lock: LockdownSwitch;
  private readonly router: PromptRouter;
  private readonly secretSettings: SecretSettings;
  private started = false;
  private version = 0;
  private cancelTimer: (() => void) | null = null;
  private readonly unsubscribers: (() => void)[] = [];
  /** Bridge views; the composition root attaches the running phone line here (for unlockPhone). */
  readonly bridges: BridgeBoard;
  private readonly pool: AgentPool;
  /** Where authenticated hook posts land (the local server's `/hooks/*` route calls `hooks.handle`). */
  readonly hooks: HookDesk;

  constructor(private readonly deps: SupervisorDeps) {
    this.options = { ...DEFAULT_SUPERVISOR_OPTIONS, ...deps.options };
    this.bridges = new BridgeBoard({ audit: deps.audit, clock: deps.clock });
    this.lock = new LockdownSwitch({
      store: deps.store,
      audit: deps.audit,
      clock: deps.clock,
      changed: () => this.approvals.lockdownChanged(),
    });
    this.scanner = new Scanner({
      drivers: deps.drivers,
      detector: deps.detector,
      clock: deps.clock,
      audit: deps.audit,
      options: this.options,
      onPromptGone: (sessionId, current) => this.approvals.promptGone(sessionId, current),
      onNewPrompt: (session, lines) => this.router.onNewPrompt(session, lines),
    });
    this.approvals = new ApprovalQueue({
      store: deps.store,
      audit: deps.audit,
      clock: deps.clock,
      config: () => deps.escalation ?? deps.policy?.current().escalation ?? DEFAULT_ESCALATION,
      isLockedDown: () => this.lock.locked,
      changed: () => this.publish(),
      failed: (message) => this.events.emit('toast', { level: 'error', message }),
    });
    this.typist = new Typist({
      driverFor: (session) => driverFor(this.deps.drivers, session.terminal.provider),
      audit: deps.audit,
      clock: deps.clock,
      isLockedDown: () => this.lock.locked,
    });
    this.auto = deps.policy
      ? new AutoApprover({
          provider: deps.policy,
          audit: deps.audit,
          clock: deps.clock,
          isLockedDown: () => this.lock.locked,
          answer: (args) => this.answerPrompt(args),
          changed: () => {
            this.router.raiseRevisedAsks();
            this.publish();
          },
          gate: (session, decision) => this.hooks.gate(session, decision),
        })
      : null;
    this.hooks = new HookDesk({
      clock: deps.clock,
      audit: deps.audit,
      sessions: () => this.scanner.registry.all(),
      policy: deps.policy ?? null,
      isLockedDown: () => this.lock.locked,
      matchTerminal: deps.hooks?.matchTerminal,
      changed: () => this.publish(),
      rescan: () => this.scanNow(true),
      activity: (sessionId) => this.noteAgentActivity(sessionId),
    });
    this.pool = new AgentPool({
      store: deps.store,
      audit: deps.audit,
      clock: deps.clock,
      sessions: () => this.scanner.registry.all(),
      isLockedDown: () => this.lock.locked,
      open: (args) => this.openAgent(args),
      close: async (session) => void (await this.closeAgent({ session })),
      typeLine: (session, text, why) =>
        this.typist.typeLine(session, text, { channel: 'pool', why }, this.options.submitDelayMs),
      changed: () => this.publish(),
      escalate: (message) => this.events.emit('toast', { level: 'warn', message }),
    });
    this.secretSettings = new SecretSettings({
      secrets: deps.secrets ?? null,
      audit: deps.audit,
      clock: deps.clock,
    });
    this.router = new PromptRouter({
      approvals: this.approvals,
      auto: this.auto,
      clock: deps.clock,
      hookGraceMs: this.options.hookGraceMs,
      current: (id) => this.scanner.registry.get(id),
      live: () => this.scanner.registry.live(),
      running: () => this.started,
      toast: (message) => this.events.emit('toast', { level: 'error', message }),
    });
  }

  /** Restores LOCKDOWN, subscribes to activity and runs the first scan. LOCKDOWN is read before anything can type. */
  async start(): Promise<void> {
    await this.lock.restore(() => this.approvals.restore());
    // An unreadable state file already locked Tower down; the pool's share of it cannot be read either.
    if (this.lock.reason === null) await this.pool.load();
    this.started = true;
    for (const driver of this.deps.drivers) {
      this.unsubscribers.push(driver.onActivity((id) => this.scanner.markDirty(driver.provider, id)));
    }
    this.scanner.onDirty(() => this.scheduleScan(this.options.activityCoalesceMs));
    // A reloaded policy.yaml shows at once, and pending approvals climb by its ladder from now on.
    const offPolicy = this.deps.policy?.onChange?.(() => {
      this.approvals.configChanged();
      this.publish();
    });
    if (offPolicy) this.unsubscribers.push(offPolicy);
    await this.scanNow();
    // Saved approvals and answer claims are matched to the screens the first scan read.
    await this.approvals.rebind(this.scanner.registry.all());
    this.scheduleScan(this.options.fullScanEveryMs, true);
  }

  /** Stops scanning. Drivers are disposed by whoever created them. */
  stop(): void {
    this.started = false;
    this.approvals.stop();
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
    this.approvals.reconcile(this.scanner.registry.all());
    if (changed) this.publish();
    // The pool and the restart policy act on what the scan saw (a step already running is not repeated).
    await this.pool.tick();
  }

  /** An agent reported an event (a hook fired): it counts as progress for stall detection. */
  noteAgentActivity(sessionId: string): void {
    this.scanner.noteAgentEvent(sessionId, this.deps.clock.now());
  }

  async getSnapshot(): Promise<Snapshot> {
    return Promise.resolve(this.snapshot());
  }

  async answerPrompt(args: AnswerPromptArgs): Promise<AnswerOutcome> {
    const session = this.resolve(args.session);
    await refuseLateAnswer(session, args, {
      approvals: this.approvals,
      audit: this.deps.audit,
      clock: this.deps.clock,
    });
    const epoch = this.lock.epoch;
    const outcome = await answerPrompt(session, args, this.approvals, {
      lookNow: (s) => this.scanner.lookNow(s),
      typist: this.typist,
      audit: this.deps.audit,
      clock: this.deps.clock,
      settleMs: settleFor(this.options, session.agent?.kind ?? null),
      confirmTimeoutMs: this.options.confirmTimeoutMs,
      confirmPollMs: this.options.confirmPollMs,
      isLockedDown: () => this.lock.locked || this.lock.epoch !== epoch,
    });
    await this.scanNow(false);
    return outcome;
  }

  async sendText(args: SendTextArgs): Promise<{ readonly delivered: true }> {
    const session = this.resolve(args.session);
    checkTextTarget(session);
    const submitAfterMs = args.submit === false ? null : this.options.submitDelayMs;
    await this.typist.typeLine(session, args.text, { channel: 'api', why: 'send text' }, submitAfterMs);
    return { delivered: true };
  }

  async addTask(args: AddTaskArgs): Promise<TaskView> {
    const task = await this.pool.addTask(args);
    this.scheduleScan(this.options.activityCoalesceMs); // the pool acts on the next scan
    return task;
  }

  async listTasks(): Promise<readonly TaskView[]> {
    return Promise.resolve(this.pool.listTasks());
  }

  async removeTask(args: TaskArgs): Promise<{ readonly removed: true }> {
    return this.pool.removeTask(args.id);
  }

  async configurePool(args: ConfigurePoolArgs): Promise<PoolView> {
    const view = await this.pool.configure(args);
    this.scheduleScan(this.options.activityCoalesceMs); // the pool acts on the next scan
    return view;
  }

  async broadcast(
    args: BroadcastArgs,
  ): Promise<{ readonly delivered: readonly string[]; readonly skipped: readonly string[] }> {
    return this.pool.broadcast(args);
  }

  async openAgent(args: OpenAgentArgs): Promise<SessionView> {
    if (this.lock.locked)
      throw new TowerError('lockdown', 'LOCKDOWN is engaged: Tower opens nothing until it is lifted');
    const driver = driverToOpenIn(this.deps.drivers, args.provider);
    const title = args.title ?? args.command.join(' ').slice(0, 60);
    checkOpenSpec({ command: args.command, title, cwd: args.cwd });
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'open',
      detail: { provider: driver.provider, command: args.command, title, cwd: args.cwd ?? null },
    });
    const prepared = await this.deps.hooks?.launcher?.prepare(args.command);
    const spec = { command: prepared?.command ?? args.command, title, cwd: args.cwd };
    const info = await openTerminal(driver, spec);
    // Bound before the first scan, so no prompt of this agent is ever seen without its hooks counted.
    if (prepared?.launch && prepared.agent)
      this.hooks.bindLaunch(prepared.launch, `${info.provider}:${info.id}`, prepared.agent);
    const session = await adoptOpened(
      `${info.provider}:${info.id}`,
      () => this.scanNow(true),
      (id) => this.scanner.registry.get(id),
      (ms) => sleep(this.deps.clock, ms),
    );
    await this.pool.noteOpened(session.id, args);
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
    await driverFor(this.deps.drivers, session.terminal.provider).close(session.terminal.id);
    await this.scanNow(true);
    return { closed: true };
  }

  async lockdown(args: LockdownArgs): Promise<{ readonly lockdown: boolean }> {
    // In memory first so typing stops at once (and the ladder freezes), then durable, then audited.
    const lockdown = await this.lock.set(args.engaged, args.channel ?? 'api');
    this.publish();
    return { lockdown };
  }

  /** A bridge (Telegram, phone, hooks) reports whether it works; every UI shows it. */
  reportBridge(view: BridgeView): void {
    if (this.bridges.report(view)) this.publish();
  }

  unlockPhone(
    args: UnlockPhoneArgs,
  ): Promise<{ readonly lifted: boolean; readonly lockedUntil: number | null }> {
    return this.bridges.unlockPhone(args);
  }

  async focusAgent(args: SessionArgs): Promise<{ readonly focused: true }> {
    const session = this.resolve(args.session);
    await focusTerminal(driverFor(this.deps.drivers, session.terminal.provider), session.terminal.id);
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'focus',
      session: session.id,
      detail: {},
    });
    return { focused: true };
  }

  listSecrets(): Promise<readonly SecretInfo[]> {
    return this.secretSettings.list();
  }

  setSecret(args: SetSecretArgs): Promise<{ readonly set: true }> {
    return this.secretSettings.set(args);
  }

  deleteSecret(args: SecretNameArgs): Promise<{ readonly deleted: true }> {
    return this.secretSettings.delete(args);
  }

  private snapshot(): Snapshot {
    const sessions = this.scanner.registry.all().map((s) => this.viewOf(s));
    return {
      sessions,
      approvals: this.approvals.views(),
      bridges: this.bridges.list(),
      policy: this.deps.policy ? policyInForce(this.deps.policy.current()) : null,
      pool: this.pool.view(),
      groundTruth: this.scanner.groundTruth(),
      lockdown: this.lock.locked,
      lockdownReason: this.lock.reason,
      version: this.version,
    };
  }

  private viewOf(session: Session): SessionView {
    const view = { ...sessionView(session), policy: this.auto?.viewFor(session) ?? null };
    return withHookSignal(view, this.hooks.signal(session.id), this.deps.clock.now());
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

  private resolve(ref: string): Session {
    const session = this.scanner.registry.resolve(ref);
    if (!session) throw new TowerError('unknown-session', `no session "${ref}"`);
    if (session.goneAt !== null) throw new TowerError('unknown-session', `session ${session.number} is gone`);
    return session;
  }
}
