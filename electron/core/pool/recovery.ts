/**
 * The restart policy: what supervision does about a session's trouble. Pure.
 *
 * - crash (non-zero exit or a signal): restart with the same argv while restarts < max_restarts,
 *   then escalate to the owner; an agent that ran HEALTHY_RUN_MS since its last start has its budget
 *   back (a crash loop escalates, one crash a day never does);
 * - context limit: respawn with the agent's continue flag (checkpoint-respawn), same budget;
 * - usage limit: wait for the reset and type "continue" when the owner enabled it, else escalate;
 * - stall: escalate with its cause (Tower never kills an agent that may be doing something);
 * - clean exit of a pool agent: forget it (its unfinished task goes back to the queue).
 * Under LOCKDOWN nothing is restarted or typed: the incident is recorded as frozen.
 * Only terminals Tower opened can be restarted: for others Tower does not know the argv.
 */
import type { IncidentView, TroubleView } from '../../contract/dto';
import type { Session } from '../sessions/session';
import type { LaunchRecord, PoolSettings } from './pool-state';

/** What to do about one trouble. */
export type Recovery =
  | { readonly kind: 'restart'; readonly resume: boolean }
  | { readonly kind: 'wait-reset'; readonly at: number }
  | { readonly kind: 'resume' }
  | { readonly kind: 'forget' }
  | { readonly kind: 'escalate'; readonly why: string }
  | { readonly kind: 'frozen' }
  | { readonly kind: 'none' };

/** Decides what supervision does about `session`'s trouble now. */
export function planRecovery(
  session: Session,
  trouble: TroubleView,
  launch: LaunchRecord | undefined,
  settings: PoolSettings,
  now: number,
  locked: boolean,
): Recovery {
  switch (trouble.kind) {
    case 'exit':
      return launch?.pool ? { kind: 'forget' } : { kind: 'none' };
    case 'crash':
    case 'context-limit': {
      // A resumed conversation shows the limit it was respawned for until the agent works again.
      if (trouble.kind === 'context-limit' && launch?.resumed && !launch.busySinceOpen)
        return { kind: 'none' };
      if (!launch)
        return { kind: 'escalate', why: 'Tower did not open this terminal, so it cannot restart it' };
      // Run time is counted up to the crash (the state's start), not up to now: a dead terminal does not age.
      const restarts = restartsCounted(launch, session.stateSince);
      if (restarts >= settings.maxRestarts)
        return {
          kind: 'escalate',
          why: `restarted ${restarts} times already (max ${settings.maxRestarts}), each within ${HEALTHY_RUN_MS / 60_000} min of the last`,
        };
      if (locked) return { kind: 'frozen' };
      return { kind: 'restart', resume: trouble.kind === 'context-limit' };
    }
    case 'usage-limit': {
      if (!settings.resumeAfterLimit) return { kind: 'escalate', why: 'resume after a usage limit is off' };
      if (trouble.resetsAt === null)
        return { kind: 'escalate', why: 'the screen does not say when the limit resets' };
      if (now < trouble.resetsAt + RESET_GRACE_MS)
        return { kind: 'wait-reset', at: trouble.resetsAt + RESET_GRACE_MS };
      if (locked) return { kind: 'frozen' };
      return session.agent ? { kind: 'resume' } : { kind: 'escalate', why: 'no agent recognised to resume' };
    }
    case 'stall':
      return { kind: 'escalate', why: `stalled: ${trouble.cause ?? 'unknown cause'}` };
  }
}

/** A terminal that ran this long since it was (re)started has its restart budget back. */
export const HEALTHY_RUN_MS = 10 * 60_000;

/** A pool agent that exits sooner than this after opening is a broken command, not a finished one. */
export const QUICK_EXIT_MS = 30_000;

/** How long the terminal has run since it was (re)started (0 when unknown). */
export function ranFor(launch: LaunchRecord, now: number): number {
  return launch.openedAt === undefined ? 0 : now - launch.openedAt;
}

/** The restarts that count against max_restarts now: none once the terminal has run HEALTHY_RUN_MS. */
export function restartsCounted(launch: LaunchRecord, now: number): number {
  return ranFor(launch, now) >= HEALTHY_RUN_MS ? 0 : launch.restarts;
}

/** Resuming a minute after the announced reset, so the agent's own clock has surely passed it. */
export const RESET_GRACE_MS = 60_000;

/** The incident action a recovery is shown as. */
export function incidentAction(recovery: Recovery): IncidentView['action'] | null {
  switch (recovery.kind) {
    case 'restart':
      return recovery.resume ? 'respawned' : 'restarted';
    case 'wait-reset':
      return 'waiting';
    case 'resume':
      return 'resumed';
    case 'escalate':
      return 'escalated';
    case 'frozen':
      return 'frozen';
    case 'forget':
    case 'none':
      return null;
  }
}

/** argv that resumes the agent's last conversation in the same project (checkpoint-respawn). */
export function continueCommand(command: readonly string[], agent: string | null): readonly string[] {
  const isAgent = (word: string, name: string) => new RegExp(`(?:^|/)${name}(?:\\.js)?$`, 'u').test(word);
  if (agent === 'codex' || command.some((w) => isAgent(w, 'codex'))) {
    const at = command.findIndex((w) => isAgent(w, 'codex'));
    if (at >= 0 && command[at + 1] !== 'resume')
      return [...command.slice(0, at + 1), 'resume', '--last', ...command.slice(at + 1)];
    return command;
  }
  // Claude Code (and most others): `--continue` resumes the most recent conversation in this cwd.
  return command.includes('--continue') || command.includes('-c') ? command : [...command, '--continue'];
}
