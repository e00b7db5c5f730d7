/**
 * One pool step, decided from the state and the sessions as scanned: which tasks are done, which
 * idle agent gets the next task, how many agents to open, which idle agent to close. Pure: the
 * AgentPool carries the actions out (through the Typist and the open/close paths).
 */
import type { SessionState } from '../../contract/dto';
import type { Session } from '../sessions/session';
import { updateTask, type LaunchRecord, type PoolState } from './pool-state';

/** Something the pool does. */
export type PoolAction =
  | { readonly kind: 'hand'; readonly session: string; readonly task: string }
  | { readonly kind: 'open'; readonly count: number }
  | { readonly kind: 'close'; readonly session: string; readonly why: string };

/** A step's outcome: the state with observations folded in, and the actions to take. */
export interface PoolPlan {
  readonly state: PoolState;
  readonly actions: readonly PoolAction[];
  /** Tasks that finished in this step. */
  readonly finished: readonly string[];
}

const BUSY: ReadonlySet<SessionState> = new Set(['working', 'permission', 'question', 'stalled']);
const PENDING: ReadonlySet<SessionState> = new Set(['starting', 'unknown', 'question']);
/** With no busy state seen (a very fast answer between two scans), idle this long after a changed screen means done. */
export const QUIET_DONE_MS = 5_000;

/** Plans one step. Frozen (LOCKDOWN, paused, or no command) pools only record finished tasks. */
export function planPool(
  state: PoolState,
  sessions: ReadonlyMap<string, Session>,
  now: number,
  locked: boolean,
): PoolPlan {
  let next = state;
  const finished: string[] = [];
  const actions: PoolAction[] = [];
  const agents: LaunchRecord[] = [];
  for (const launch of state.launches) {
    if (!launch.pool) continue;
    const session = sessions.get(launch.session);
    if (!session || session.goneAt !== null || session.state === 'exited') continue; // recovery's business
    let current = launch;
    if (current.task !== null) {
      if (BUSY.has(session.state) && !current.sawBusy) current = { ...current, sawBusy: true };
      if (session.state === 'idle' && isDone(current, session, now)) {
        next = updateTask(next, current.task as string, { status: 'done', doneAt: now });
        finished.push(current.task as string);
        current = { ...current, task: null, handedAt: null, sawBusy: false, freeSince: now };
      }
    }
    if (current !== launch) next = replaceLaunch(next, current);
    agents.push(current);
  }
  const frozen = locked || next.settings.paused;
  if (frozen) return { state: next, actions, finished };

  const queued = next.tasks.filter((t) => t.status === 'queued').map((t) => t.id);
  const free = agents.filter((a) => a.task === null);
  const ready = free.filter((a) => sessions.get(a.session)?.state === 'idle');
  for (const agent of ready) {
    const task = queued.shift();
    if (task === undefined) break;
    actions.push({ kind: 'hand', session: agent.session, task });
  }
  // Agents still starting will take the next tasks; open more only for what is left beyond them. A
  // free agent stuck on an error or a limit is not counted: it would hold the queue back.
  const starting = free.filter((a) => PENDING.has(sessions.get(a.session)?.state ?? 'unknown')).length;
  const wanted = Math.min(queued.length - starting, next.settings.maxAgents - agents.length);
  if (wanted > 0 && next.settings.command !== null) actions.push({ kind: 'open', count: wanted });
  if (queued.length === 0) {
    for (const agent of ready) {
      if (actions.some((a) => a.kind === 'hand' && a.session === agent.session)) continue;
      if (now - agent.freeSince >= next.settings.cooldownMs)
        actions.push({ kind: 'close', session: agent.session, why: 'idle past the cooldown, queue empty' });
    }
  }
  // Over the limit (max lowered): close idle agents first.
  const excess = agents.length - next.settings.maxAgents;
  for (const agent of ready.slice(0, Math.max(0, excess))) {
    if (!actions.some((a) => a.kind !== 'open' && a.session === agent.session))
      actions.push({ kind: 'close', session: agent.session, why: 'more agents than max_agents' });
  }
  return { state: next, actions, finished };
}

function isDone(launch: LaunchRecord, session: Session, now: number): boolean {
  if (launch.sawBusy) return true;
  const answered = session.tail.join('\n') !== launch.tailAtHandoff;
  return answered && launch.handedAt !== null && now - launch.handedAt >= QUIET_DONE_MS;
}

function replaceLaunch(state: PoolState, launch: LaunchRecord): PoolState {
  return { ...state, launches: state.launches.map((l) => (l.session === launch.session ? launch : l)) };
}
