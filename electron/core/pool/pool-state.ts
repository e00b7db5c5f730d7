/**
 * The pool's durable state: settings, the task queue, and what Tower launched (for restarts).
 * Saved whole under one Store key on every change, before the change is acknowledged. Pure.
 */
import type { OpenAgentArgs } from '../../contract/api';
import type { PoolView, TaskView } from '../../contract/dto';

/** Settings the owner changes with `configurePool`. */
export interface PoolSettings {
  readonly paused: boolean;
  readonly maxAgents: number;
  readonly cooldownMs: number;
  readonly command: readonly string[] | null;
  readonly cwd: string | null;
  readonly resumeAfterLimit: boolean;
  readonly maxRestarts: number;
}

/** A terminal Tower opened: how, so it can be restarted, and what the pool does with it. */
export interface LaunchRecord {
  readonly session: string;
  readonly args: OpenAgentArgs;
  /** Opened by the pool (it hands tasks to it and closes it when idle). */
  readonly pool: boolean;
  /** Restarts so far, carried over to the restarted terminal. */
  readonly restarts: number;
  /** When this terminal was opened (absent in state saved before it was kept: counted as just now). */
  readonly openedAt?: number | undefined;
  readonly task: string | null;
  readonly handedAt: number | null;
  /** The agent was seen busy after the task was handed over (so idle again means done). */
  readonly sawBusy: boolean;
  /** The screen tail when the task was handed over, to see that the agent answered at all. */
  readonly tailAtHandoff: string;
  /** Since when it has had no task (for the cooldown). */
  readonly freeSince: number;
  /**
   * Opened with the agent's continue flag: the resumed conversation replays its old screen, context
   * limit included, so that limit is not acted on again until the agent has been busy since.
   */
  readonly resumed?: boolean | undefined;
  readonly busySinceOpen?: boolean | undefined;
}

/** Everything the pool keeps across restarts. */
export interface PoolState {
  readonly settings: PoolSettings;
  readonly tasks: readonly TaskView[];
  readonly launches: readonly LaunchRecord[];
  readonly nextTask: number;
}

/** The Store key the pool lives under. */
export const POOL_KEY = 'pool';

/** Tasks finished longer ago than this are dropped from the list. */
export const DONE_RETENTION = 50;

export const DEFAULT_POOL_SETTINGS: PoolSettings = {
  paused: false,
  maxAgents: 8,
  cooldownMs: 60_000,
  command: null,
  cwd: null,
  resumeAfterLimit: false,
  maxRestarts: 3,
};

export const EMPTY_POOL: PoolState = {
  settings: DEFAULT_POOL_SETTINGS,
  tasks: [],
  launches: [],
  nextTask: 1,
};

/** A stored state read back, filling settings added since it was written. */
export function restorePool(stored: PoolState | undefined): PoolState {
  if (!stored) return EMPTY_POOL;
  return { ...EMPTY_POOL, ...stored, settings: { ...DEFAULT_POOL_SETTINGS, ...stored.settings } };
}

/** Adds a queued task; returns the new state and the task. */
export function addTask(state: PoolState, text: string, now: number): [PoolState, TaskView] {
  const task: TaskView = {
    id: `t${state.nextTask}`,
    text,
    status: 'queued',
    createdAt: now,
    session: null,
    startedAt: null,
    doneAt: null,
  };
  return [{ ...state, tasks: [...state.tasks, task], nextTask: state.nextTask + 1 }, task];
}

/** Replaces one task by id. */
export function updateTask(state: PoolState, id: string, change: Partial<TaskView>): PoolState {
  return { ...state, tasks: state.tasks.map((t) => (t.id === id ? { ...t, ...change } : t)) };
}

/** Replaces one launch by session (or adds it). */
export function putLaunch(state: PoolState, launch: LaunchRecord): PoolState {
  const others = state.launches.filter((l) => l.session !== launch.session);
  return { ...state, launches: [...others, launch] };
}

/** Drops a launch. */
export function dropLaunch(state: PoolState, session: string): PoolState {
  return { ...state, launches: state.launches.filter((l) => l.session !== session) };
}

/** Puts a task back at the front of the queue (its agent died or left). */
export function requeue(state: PoolState, id: string): PoolState {
  const task = state.tasks.find((t) => t.id === id);
  if (!task || task.status !== 'running') return state;
  const back: TaskView = { ...task, status: 'queued', session: null, startedAt: null };
  return { ...state, tasks: [back, ...state.tasks.filter((t) => t.id !== id)] };
}

/** Keeps the last finished tasks only. */
export function pruneDone(state: PoolState): PoolState {
  const done = state.tasks.filter((t) => t.status === 'done');
  if (done.length <= DONE_RETENTION) return state;
  const drop = new Set(done.slice(0, done.length - DONE_RETENTION).map((t) => t.id));
  return { ...state, tasks: state.tasks.filter((t) => !drop.has(t.id)) };
}

/** The pool as every UI shows it. */
export function poolView(state: PoolState, incidents: PoolView['incidents']): PoolView {
  return {
    ...state.settings,
    tasks: state.tasks,
    agents: state.launches.filter((l) => l.pool).map((l) => ({ session: l.session, task: l.task })),
    incidents,
  };
}
