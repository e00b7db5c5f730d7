/**
 * The agent pool and supervision's restart policy, carried out: it keeps the durable task queue,
 * opens agents while the queue is deeper than the free agents (up to max_agents), hands the next
 * task to an agent that went idle, closes idle agents after the cooldown, and acts on trouble
 * (crash → restart, context limit → respawn with continue, usage limit → resume at reset, stall →
 * escalate). Typing goes through the Typist, opening and closing through the Supervisor's own
 * paths, so LOCKDOWN stops all of it; every action is audited.
 */
import type { AddTaskArgs, BroadcastArgs, ConfigurePoolArgs, OpenAgentArgs } from '../../contract/api';
import { TowerError } from '../../contract/api';
import type { IncidentView, PoolView, SessionView, TaskView, TroubleView } from '../../contract/dto';
import type { AuditSink, Clock, Store } from '../ports';
import type { Session } from '../sessions/session';
import { planPool } from './plan';
import {
  addTask,
  dropLaunch,
  POOL_KEY,
  poolView,
  pruneDone,
  putLaunch,
  requeue,
  restorePool,
  updateTask,
  type LaunchRecord,
  type PoolState,
} from './pool-state';
import {
  continueCommand,
  incidentAction,
  planRecovery,
  QUICK_EXIT_MS,
  ranFor,
  restartsCounted,
  type Recovery,
} from './recovery';

/** What the pool needs from the Supervisor. */
export interface AgentPoolDeps {
  readonly store: Store;
  readonly audit: AuditSink;
  readonly clock: Clock;
  readonly sessions: () => readonly Session[];
  readonly isLockedDown: () => boolean;
  /** Opens a terminal through the Supervisor's open path (refused under LOCKDOWN). */
  readonly open: (args: OpenAgentArgs) => Promise<SessionView>;
  readonly close: (session: string) => Promise<void>;
  /** Types a line and submits it, through the Typist. */
  readonly typeLine: (session: Session, text: string, why: string) => Promise<void>;
  readonly changed: () => void;
  readonly escalate: (message: string) => void;
}

const MAX_INCIDENTS = 30;
const BUSY_STATES: ReadonlySet<string> = new Set(['working', 'permission', 'question']);

/** Tower's agent pool. */
export class AgentPool {
  private state: PoolState = restorePool(undefined);
  private incidents: IncidentView[] = [];
  /** Trouble already acted on, by session: one action per episode, not one per scan. */
  private readonly handled = new Map<string, string>();
  private ticking = false;

  constructor(private readonly deps: AgentPoolDeps) {}

  /** Reads the durable state (queue, settings, restart counters). */
  async load(): Promise<void> {
    this.state = restorePool(await this.deps.store.get<PoolState>(POOL_KEY));
  }

  view(): PoolView {
    return poolView(this.state, this.incidents);
  }

  async addTask(args: AddTaskArgs): Promise<TaskView> {
    const [state, task] = addTask(this.state, args.text, this.deps.clock.now());
    await this.save(state);
    await this.record('task-added', undefined, { task: task.id, text: task.text });
    this.deps.changed();
    return task;
  }

  listTasks(): readonly TaskView[] {
    return this.state.tasks;
  }

  async removeTask(id: string): Promise<{ readonly removed: true }> {
    const task = this.state.tasks.find((t) => t.id === id);
    if (!task) throw new TowerError('invalid-arguments', `no task "${id}"`);
    if (task.status === 'running')
      throw new TowerError(
        'not-allowed',
        `task ${id} is running in ${task.session ?? 'an agent'}; only queued tasks can be removed`,
      );
    await this.save({ ...this.state, tasks: this.state.tasks.filter((t) => t.id !== id) });
    await this.record('task-removed', undefined, { task: id });
    this.deps.changed();
    return { removed: true };
  }

  async configure(args: ConfigurePoolArgs): Promise<PoolView> {
    const change = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    await this.save({ ...this.state, settings: { ...this.state.settings, ...change } });
    await this.record('pool-configured', undefined, change);
    this.deps.changed();
    return this.view();
  }

  /** Types one message into the pool's agents (or every agent), skipping any showing a prompt. */
  async broadcast(args: BroadcastArgs): Promise<{ delivered: string[]; skipped: string[] }> {
    if (this.deps.isLockedDown())
      throw new TowerError('lockdown', 'LOCKDOWN is engaged: Tower types nothing until it is lifted');
    const poolIds = new Set(this.state.launches.filter((l) => l.pool).map((l) => l.session));
    const targets = this.deps
      .sessions()
      .filter((s) => s.goneAt === null && s.agent !== null && s.state !== 'exited')
      .filter((s) => args.scope === 'all' || poolIds.has(s.id));
    const delivered: string[] = [];
    const skipped: string[] = [];
    for (const session of targets) {
      if (session.state === 'permission' || session.state === 'question') {
        skipped.push(session.id);
        continue;
      }
      try {
        await this.deps.typeLine(session, args.text, 'broadcast');
        delivered.push(session.id);
      } catch (error) {
        if (error instanceof TowerError && error.code === 'lockdown') throw error;
        skipped.push(session.id);
      }
    }
    await this.record('broadcast', undefined, { delivered, skipped, length: args.text.length });
    return { delivered, skipped };
  }

  /** Remembers how a terminal was opened, so it can be restarted. */
  async noteOpened(
    session: string,
    args: OpenAgentArgs,
    pool = false,
    restarts = 0,
    resumed = false,
  ): Promise<void> {
    const launch: LaunchRecord = {
      session,
      args,
      pool,
      restarts,
      openedAt: this.deps.clock.now(),
      task: null,
      handedAt: null,
      sawBusy: false,
      tailAtHandoff: '',
      freeSince: this.deps.clock.now(),
      resumed,
      busySinceOpen: false,
    };
    await this.save(putLaunch(this.state, launch));
  }

  /** One step after a scan. Not re-entrant: a step that opens terminals scans, and that scan does not step again. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      // Each phase reads the registry afresh: a restart in the phase before changes it.
      const sessions = () => new Map(this.deps.sessions().map((s) => [s.id, s]));
      await this.forgetVanished(sessions());
      await this.supervise(sessions());
      await this.runPool(sessions());
    } finally {
      this.ticking = false;
    }
  }

  private async runPool(sessions: ReadonlyMap<string, Session>): Promise<void> {
    const now = this.deps.clock.now();
    const plan = planPool(this.state, sessions, now, this.deps.isLockedDown());
    if (plan.state !== this.state) await this.save(pruneDone(plan.state));
    for (const task of plan.finished) await this.record('task-done', undefined, { task });
    for (const action of plan.actions) {
      if (action.kind === 'hand') await this.hand(sessions, action.session, action.task);
      else if (action.kind === 'open') await this.openAgents(action.count);
      else await this.closeAgent(action.session, action.why);
    }
    if (plan.finished.length > 0 || plan.actions.length > 0) this.deps.changed();
  }

  private async hand(sessions: ReadonlyMap<string, Session>, id: string, taskId: string): Promise<void> {
    const session = sessions.get(id);
    const task = this.state.tasks.find((t) => t.id === taskId);
    const launch = this.state.launches.find((l) => l.session === id);
    if (!session || !task || !launch) return;
    const now = this.deps.clock.now();
    // Durable first: a Tower killed mid-typing finds the task running, never typed twice.
    let state = updateTask(this.state, taskId, { status: 'running', session: id, startedAt: now });
    state = putLaunch(state, {
      ...launch,
      task: taskId,
      handedAt: now,
      sawBusy: false,
      tailAtHandoff: session.tail.join('\n'),
    });
    await this.save(state);
    await this.record('task-handed', id, { task: taskId });
    try {
      await this.deps.typeLine(session, task.text, `pool task ${taskId}`);
    } catch (error) {
      await this.save(putLaunch(requeue(this.state, taskId), { ...launch, task: null }));
      await this.record('task-hand-failed', id, { task: taskId, error: messageOf(error) });
    }
  }

  private async openAgents(count: number): Promise<void> {
    const { command, cwd } = this.state.settings;
    if (!command) return;
    for (let i = 0; i < count; i++) {
      const args: OpenAgentArgs = { command, cwd: cwd ?? undefined, title: 'tower pool agent' };
      try {
        const view = await this.deps.open(args);
        await this.noteOpened(view.id, args, true);
        await this.record('pool-opened', view.id, {
          queued: this.state.tasks.filter((t) => t.status === 'queued').length,
        });
      } catch (error) {
        this.deps.escalate(`the pool could not open an agent: ${messageOf(error)}`);
        return;
      }
    }
  }

  private async closeAgent(session: string, why: string): Promise<void> {
    await this.save(dropLaunch(this.state, session));
    await this.record('pool-closed', session, { why });
    await this.deps.close(session).catch(() => undefined);
  }

  /** Acts once on each new trouble episode (crash, limit, stall). */
  private async supervise(sessions: ReadonlyMap<string, Session>): Promise<void> {
    const now = this.deps.clock.now();
    for (const session of sessions.values()) {
      let launch = this.state.launches.find((l) => l.session === session.id);
      if (launch?.resumed && !launch.busySinceOpen && BUSY_STATES.has(session.state)) {
        launch = { ...launch, busySinceOpen: true };
        await this.save(putLaunch(this.state, launch));
      }
      // Only agents are supervised: a plain shell pane exiting with an error is not Tower's business.
      const watched = launch !== undefined || session.agent !== null;
      const trouble = session.goneAt === null && watched ? session.trouble : null;
      if (!trouble) {
        this.handled.delete(session.id);
        continue;
      }
      const recovery = planRecovery(
        session,
        trouble,
        launch,
        this.state.settings,
        now,
        this.deps.isLockedDown(),
      );
      const episode = `${trouble.kind}:${session.stateSince}:${recovery.kind}`;
      if (this.handled.get(session.id) === episode) continue;
      this.handled.set(session.id, episode);
      await this.recover(session, trouble, launch, recovery);
    }
  }

  private async recover(
    session: Session,
    trouble: TroubleView,
    launch: LaunchRecord | undefined,
    recovery: Recovery,
  ): Promise<void> {
    const action = incidentAction(recovery);
    let detail = trouble.cause ?? trouble.kind;
    switch (recovery.kind) {
      case 'none':
        return;
      case 'forget':
        if (launch?.task) await this.save(requeue(this.state, launch.task));
        await this.closeAgent(session.id, 'agent exited');
        if (launch && ranFor(launch, session.stateSince) < QUICK_EXIT_MS)
          await this.pauseFor(
            `a pool agent exited ${Math.round(ranFor(launch, session.stateSince) / 1000)} s after it opened`,
          );
        return;
      case 'restart':
        if (launch) detail = await this.restart(session, launch, recovery.resume);
        break;
      case 'resume':
        await this.deps.typeLine(session, 'continue', 'usage limit reset').catch((error: unknown) => {
          detail = `could not resume: ${messageOf(error)}`;
        });
        break;
      case 'wait-reset':
        detail = `limit resets at ${new Date(recovery.at).toISOString()}; resuming then`;
        break;
      case 'escalate':
        detail = `${detail}: ${recovery.why}`;
        this.deps.escalate(`session ${session.number}: ${trouble.kind} (${detail})`);
        if (launch?.pool && trouble.kind === 'crash')
          await this.pauseFor(`a pool agent keeps crashing (${detail})`);
        break;
      case 'frozen':
        detail = `${detail}: LOCKDOWN, nothing restarted`;
        this.deps.escalate(`session ${session.number}: ${trouble.kind} under LOCKDOWN; nothing restarted`);
        break;
    }
    if (!action) return;
    const incident: IncidentView = {
      at: this.deps.clock.now(),
      session: session.id,
      sessionNumber: session.number,
      kind: trouble.kind,
      cause: trouble.cause,
      action,
      detail,
    };
    this.incidents = [incident, ...this.incidents].slice(0, MAX_INCIDENTS);
    await this.record(`supervision-${action}`, session.id, { trouble, detail, evidence: session.evidence });
    this.deps.changed();
  }

  /** Closes the dead terminal and opens the same argv again (with continue when respawning). */
  private async restart(session: Session, launch: LaunchRecord, resume: boolean): Promise<string> {
    const command = resume
      ? continueCommand(launch.args.command, session.agent?.kind ?? null)
      : launch.args.command;
    const args: OpenAgentArgs = { ...launch.args, command };
    let state = launch.task ? requeue(this.state, launch.task) : this.state;
    state = dropLaunch(state, session.id);
    await this.save(state);
    await this.deps.close(session.id).catch(() => undefined);
    try {
      const view = await this.deps.open(args);
      const restarts = restartsCounted(launch, session.stateSince) + 1;
      await this.noteOpened(view.id, launch.args, launch.pool, restarts, resume);
      return `restart ${restarts} of ${this.state.settings.maxRestarts} as session ${view.number}`;
    } catch (error) {
      this.deps.escalate(`session ${session.number}: restart failed: ${messageOf(error)}`);
      return `restart failed: ${messageOf(error)}`;
    }
  }

  /** Launch records whose terminal vanished (closed outside Tower) are dropped; their tasks go back to the queue. */
  private async forgetVanished(sessions: ReadonlyMap<string, Session>): Promise<void> {
    const vanished = this.state.launches.filter((l) => {
      const session = sessions.get(l.session);
      return session === undefined || session.goneAt !== null;
    });
    if (vanished.length === 0) return;
    let state = this.state;
    for (const launch of vanished) {
      if (launch.task) state = requeue(state, launch.task);
      state = dropLaunch(state, launch.session);
    }
    await this.save(state);
  }

  /**
   * Stops the pool from opening more agents: a broken agent command (crashing, or exiting at once) would
   * otherwise be opened again for the same queue forever. The owner resumes it (`tower pool resume`).
   */
  private async pauseFor(why: string): Promise<void> {
    if (this.state.settings.paused) return;
    await this.save({ ...this.state, settings: { ...this.state.settings, paused: true } });
    await this.record('pool-paused', undefined, { why });
    this.deps.escalate(`pool paused: ${why}; fix the agent command, then resume the pool`);
  }

  private async save(state: PoolState): Promise<void> {
    this.state = state;
    await this.deps.store.set(POOL_KEY, state);
  }

  private async record(
    kind: string,
    session: string | undefined,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.append({ at: this.deps.clock.now(), kind, session, channel: 'pool', detail });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
