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
  TowerEvents,
} from '../contract/api';
import { TowerError } from '../contract/api';
import type { AnswerOutcome, BridgeView, PoolView, SessionView, Snapshot, TaskView } from '../contract/dto';
import { answerPrompt, sleep, type FreshLook } from './answers/answer-prompt';
import { ApprovalQueue } from './approvals/approval-queue';
import { DEFAULT_ESCALATION, type EscalationConfig } from './approvals/escalation';
import { isLocalChannel, stateProblem } from './approvals/lockdown-rules';
import type { AgentHint, Detection } from './detection/types';
import type { AuditSink, Clock, ScreenCapture, Store, TerminalDriver, TerminalInfo } from './ports';
import { AutoApprover } from './policy/auto-approver';
import { fuseState, hookEvidence } from './hooks/fusion';
import { HookDesk } from './hooks/hook-desk';
import type { HookWiring } from './hooks/launcher';
import { AgentPool } from './pool/agent-pool';
import type { PolicyProvider } from './policy/types';
import { Emitter } from './util/emitter';
import { checkOpenSpec, openTerminal } from './open-terminal';
import { Scanner, type Detector } from './scanner';
import type { Session } from './sessions/session';
import { sessionView } from './sessions/view';
import { Typist } from './typing/typist';
import { policyInForce } from './policy/in-force-view';
import { SecretSettings } from './settings/secret-settings';
import type { SecretInfo, SecretNameArgs, SetSecretArgs } from '../contract/settings';
import type { SecretStore } from './ports';

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
  /**
   * In a session with Claude Code hooks, how long a screen prompt waits for its hook before the owner
   * is asked: Claude draws the dialog while its PermissionRequest hook is still on its way, and a
   * hook that answers closes it again within this time (no badge, no notification for nothing).
   */
  readonly hookGraceMs: number;
}

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = {
  fullScanEveryMs: 2_000,
  activityCoalesceMs: 40,
  stallAfterMs: 120_000,
  startingGraceMs: 20_000,
  settleMs: 400,
  confirmTimeoutMs: 4_000,
  confirmPollMs: 100,
  submitDelayMs: 200,
  hookGraceMs: 1_500,
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
  /** Where settings put the owner's secrets; without it the settings calls are refused. */
  readonly secrets?: SecretStore;
  /** The approvals' escalation ladder; default: the policy file's `escalation:`, else the built-in one. */
  readonly escalation?: EscalationConfig;
  readonly options?: Partial<SupervisorOptions>;
  /** Claude Code hooks / Codex notify: per-launch install and terminal matching (see core/hooks). */
  readonly hooks?: HookWiring;
}

const LOCKDOWN_KEY = 'lockdown';

/** Tower's core service. Implements the contract every UI talks to. */
export class Supervisor implements TowerApi {
  private readonly options: SupervisorOptions;
  private readonly events = new Emitter<TowerEvents>();
  private readonly scanner: Scanner;
  private readonly typist: Typist;
  private readonly approvals: ApprovalQueue;
  /** Why Tower locked itself down (an unreadable state file); null when the owner did, or no LOCKDOWN. */
  private lockdownReason: string | null = null;
  /** Counts LOCKDOWN engagements: an answer sent before one is cancelled, even if it was lifted since. */
  private lockdownEpoch = 0;
  private readonly auto: AutoApprover | null;
  private locked = false;
  private started = false;
  private version = 0;
  private cancelTimer: (() => void) | null = null;
  private readonly unsubscribers: (() => void)[] = [];
  private readonly bridges = new Map<BridgeView['id'], BridgeView>();
  private readonly pool: AgentPool;
  /** Where authenticated hook posts land (the local server's `/hooks/*` route calls `hooks.handle`). */
  readonly hooks: HookDesk;

  constructor(private readonly deps: SupervisorDeps) {
    this.options = { ...DEFAULT_SUPERVISOR_OPTIONS, ...deps.options };
    this.scanner = new Scanner({
      drivers: deps.drivers,
      detector: deps.detector,
      clock: deps.clock,
      audit: deps.audit,
      options: this.options,
      onPromptGone: (sessionId, current) => this.approvals.promptGone(sessionId, current),
      onNewPrompt: (session, lines) => this.onNewPrompt(session, lines),
    });
    this.approvals = new ApprovalQueue({
      store: deps.store,
      audit: deps.audit,
      clock: deps.clock,
      config: () => deps.escalation ?? deps.policy?.current().escalation ?? DEFAULT_ESCALATION,
      isLockedDown: () => this.locked,
      changed: () => this.publish(),
      failed: (message) => this.events.emit('toast', { level: 'error', message }),
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
          changed: () => {
            this.raiseRevisedAsks();
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
      isLockedDown: () => this.locked,
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
      isLockedDown: () => this.locked,
      open: (args) => this.openAgent(args),
      close: async (session) => void (await this.closeAgent({ session })),
      typeLine: (session, text, why) => this.typeLine(session, text, { channel: 'pool', why }),
      changed: () => this.publish(),
      escalate: (message) => this.events.emit('toast', { level: 'warn', message }),
    });
  }

  /** Restores LOCKDOWN, subscribes to activity and runs the first scan. LOCKDOWN is read before anything can type. */
  async start(): Promise<void> {
    await this.restoreState();
    // An unreadable state file already locked Tower down; the pool's share of it cannot be read either.
    if (this.lockdownReason === null) await this.pool.load();
    this.started = true;
    for (const driver of this.deps.drivers) {
      this.unsubscribers.push(driver.onActivity((id) => this.scanner.markDirty(driver.provider, id)));
    }
    this.scanner.onDirty(() => this.scheduleScan(this.options.activityCoalesceMs));
    await this.scanNow();
    // Saved approvals and answer claims are matched to the screens the first scan read.
    await this.approvals.rebind(this.scanner.registry.all());
    this.scheduleScan(this.options.fullScanEveryMs, true);
  }

  // Fail closed: state that cannot be read may have held LOCKDOWN or an answer in flight.
  private async restoreState(): Promise<void> {
    try {
      this.locked = (await this.deps.store.get<boolean>(LOCKDOWN_KEY)) === true;
      await this.approvals.restore();
    } catch (error) {
      this.locked = true;
      this.lockdownReason = stateProblem(error);
      await this.deps.audit.append({
        at: this.deps.clock.now(),
        kind: 'lockdown-engaged',
        channel: 'tower',
        detail: { reason: this.lockdownReason },
      });
    }
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
    await this.refuseLateAnswer(session, args);
    const epoch = this.lockdownEpoch;
    const outcome = await answerPrompt(session, args, this.approvals, {
      lookNow: (s) => this.lookNow(s),
      typist: this.typist,
      audit: this.deps.audit,
      clock: this.deps.clock,
      settleMs: this.options.settleMs,
      confirmTimeoutMs: this.options.confirmTimeoutMs,
      confirmPollMs: this.options.confirmPollMs,
      isLockedDown: () => this.locked || this.lockdownEpoch !== epoch,
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
    if (this.locked)
      throw new TowerError('lockdown', 'LOCKDOWN is engaged: Tower opens nothing until it is lifted');
    const driver = this.pickDriver(args.provider);
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
    await this.scanNow(true);
    const session = this.scanner.registry.get(`${info.provider}:${info.id}`);
    if (!session) throw new TowerError('terminal-failed', 'the new terminal did not appear in its provider');
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
    await this.driverFor(session.terminal.provider).close(session.terminal.id);
    await this.scanNow(true);
    return { closed: true };
  }

  async lockdown(args: LockdownArgs): Promise<{ readonly lockdown: boolean }> {
    const channel = args.channel ?? 'api';
    if (!args.engaged) await this.refuseRemoteLift(channel);
    // Set in memory first so typing stops at once (and the ladder freezes), then persist so it survives a restart.
    this.locked = args.engaged;
    if (args.engaged) this.lockdownEpoch += 1;
    this.approvals.lockdownChanged();
    await this.deps.store.set(LOCKDOWN_KEY, args.engaged);
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: args.engaged ? 'lockdown-engaged' : 'lockdown-lifted',
      channel,
      detail: {},
    });
    if (!args.engaged) this.lockdownReason = null;
    this.publish();
    return { lockdown: this.locked };
  }

  /** A bridge (Telegram, phone, hooks) reports whether it works; every UI shows it. */
  reportBridge(view: BridgeView): void {
    const before = this.bridges.get(view.id);
    this.bridges.set(view.id, view);
    if (JSON.stringify(before) !== JSON.stringify(view)) this.publish();
  }

  async focusAgent(args: SessionArgs): Promise<{ readonly focused: true }> {
    const session = this.resolve(args.session);
    const driver = this.driverFor(session.terminal.provider);
    if (!driver.focus)
      throw new TowerError('not-allowed', `${driver.provider} terminals have no window to bring forward`);
    try {
      await driver.focus(session.terminal.id);
    } catch (error) {
      throw new TowerError('terminal-failed', error instanceof Error ? error.message : String(error));
    }
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'focus',
      session: session.id,
      detail: {},
    });
    return { focused: true };
  }

  listSecrets(): Promise<readonly SecretInfo[]> {
    return this.secretSettings().list();
  }

  setSecret(args: SetSecretArgs): Promise<{ readonly set: true }> {
    return this.secretSettings().set(args);
  }

  deleteSecret(args: SecretNameArgs): Promise<{ readonly deleted: true }> {
    return this.secretSettings().delete(args);
  }

  private secretSettingsService: SecretSettings | null = null;
  private secretSettings(): SecretSettings {
    this.secretSettingsService ??= new SecretSettings({
      secrets: this.deps.secrets ?? null,
      audit: this.deps.audit,
      clock: this.deps.clock,
    });
    return this.secretSettingsService;
  }

  private snapshot(): Snapshot {
    const sessions = this.scanner.registry.all().map((s) => this.viewOf(s));
    return {
      sessions,
      approvals: this.approvals.views(),
      bridges: [...this.bridges.values()],
      policy: this.deps.policy ? policyInForce(this.deps.policy.current()) : null,
      pool: this.pool.view(),
      groundTruth: this.scanner.groundTruth(),
      lockdown: this.locked,
      lockdownReason: this.lockdownReason,
      version: this.version,
    };
  }

  private viewOf(session: Session): SessionView {
    const view = { ...sessionView(session), policy: this.auto?.viewFor(session) ?? null };
    const signal = this.hooks.signal(session.id);
    if (signal === null) return view;
    const now = this.deps.clock.now();
    return {
      ...view,
      state: fuseState(view.state, signal, now),
      evidence: [...view.evidence, hookEvidence(signal)],
    };
  }

  // Only the owner at the Mac lifts LOCKDOWN; an unreadable state file must be fixed first.
  private async refuseRemoteLift(channel: string): Promise<void> {
    const reason = !isLocalChannel(channel)
      ? `LOCKDOWN can only be lifted at the Mac (tray or CLI), not from ${channel}`
      : this.lockdownReason !== null
        ? `LOCKDOWN stays on: ${this.lockdownReason}`
        : null;
    if (reason === null) return;
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'lockdown-lift-refused',
      channel,
      detail: { reason },
    });
    throw new TowerError('not-allowed', reason);
  }

  // A late, duplicate or expired answer is refused with who answered, where and when; nothing is typed.
  private async refuseLateAnswer(session: Session, args: AnswerPromptArgs): Promise<void> {
    const late = this.approvals.lateAnswer(session.id, args.fingerprint, session.prompt?.fingerprint ?? null);
    if (late === null) return;
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'answer-refused',
      session: session.id,
      channel: args.channel ?? 'api',
      detail: { choice: args.choice, reason: late, expected: args.fingerprint ?? null },
    });
    throw new TowerError(session.prompt ? 'not-allowed' : 'no-prompt', `session ${session.number}: ${late}`);
  }

  // Called inside a scan: the decision is made now (the snapshot shows it), the answer runs after.
  // Every prompt policy does not answer itself (ask, shadow, no policy) becomes an approval.
  private onNewPrompt(session: Session, lines: readonly string[]): void {
    const prompt = session.prompt;
    // A prompt restored with an approval or an answer on record is the queue's, not policy's.
    if (!prompt || this.approvals.knows(session.id, prompt.fingerprint)) return;
    if (!this.auto) {
      this.raiseApproval(session, 'no policy: every prompt goes to the owner');
      return;
    }
    const work = this.auto.decide(session, lines);
    const view = this.auto.viewFor(session);
    if (view && (view.decision === 'ask' || view.shadow)) {
      const what = `${view.rule}: ${view.explanation}`;
      const reason = view.shadow ? `shadow mode (policy types nothing); ${what}` : what;
      if (view.rule === 'hook:no-request' || view.rule === 'hook:answered')
        this.raiseAfterHookGrace(session, prompt.fingerprint, reason);
      else this.raiseApproval(session, reason);
    }
    work.catch((error: unknown) => {
      this.events.emit('toast', {
        level: 'error',
        message: `policy could not record its decision for session ${session.number}: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
  }

  // Raised only if the same prompt still shows once the hook had its chance to answer it.
  private raiseAfterHookGrace(session: Session, fingerprint: string, reason: string): void {
    this.deps.clock.after(this.options.hookGraceMs, () => {
      const now = this.scanner.registry.get(session.id); // sessions are replaced on every scan
      if (!this.started || !now || now.goneAt !== null || now.prompt?.fingerprint !== fingerprint) return;
      this.raiseApproval(now, reason);
    });
  }

  private raiseApproval(session: Session, reason: string): void {
    this.approvals.raise(session, reason).catch((error: unknown) => {
      this.events.emit('toast', {
        level: 'error',
        message: `could not record the approval for session ${session.number}: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
  }

  // Policy revised a decision to ask (a link escape found on disk): that prompt needs the owner now.
  private raiseRevisedAsks(): void {
    for (const session of this.scanner.registry.live()) {
      const view = this.auto?.viewFor(session);
      if (view?.decision === 'ask' && !this.approvals.knows(session.id, view.fingerprint))
        this.raiseApproval(session, `${view.rule}: ${view.explanation}`);
    }
  }

  /** Types one line and submits it (text, a pause, Enter), through the Typist. */
  private async typeLine(
    session: Session,
    text: string,
    reason: { channel: string; why: string },
  ): Promise<void> {
    await this.typist.type(session, { kind: 'text', text }, reason);
    if (this.options.submitDelayMs > 0) await sleep(this.deps.clock, this.options.submitDelayMs);
    await this.typist.type(
      session,
      { kind: 'keys', keys: ['Enter'] },
      { ...reason, why: `submit ${reason.why}` },
    );
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
