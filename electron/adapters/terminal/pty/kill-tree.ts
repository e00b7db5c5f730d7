/**
 * Ending a pty's processes: hang up its process group, and later kill whatever survived.
 *
 * Closing a Tower terminal must not leave an agent running unsupervised (a process that ignores
 * SIGHUP, or a job bash moved to its own process group), so survivors are killed by identity:
 * a pid counts only if it still has the start time (or argv) recorded before the hang-up, which
 * keeps a reused pid safe.
 */
import type { ProcessRow } from '../process-table';

/**
 * Sends `signal` to the process group led by `pid`, and to `pid` itself while it is unreaped
 * (`leaderAlive`); a reaped pid may belong to someone else by now. Missing targets are fine.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals, leaderAlive: boolean): void {
  // forkpty makes the child a session and group leader, so -pid addresses its whole group; the
  // kernel does not hand out a pid that is still some group's id, so -pid stays ours while used.
  for (const target of leaderAlive ? [-pid, pid] : [-pid]) {
    try {
      process.kill(target, signal);
    } catch {
      // ESRCH: already gone. EPERM cannot happen for our own children.
    }
  }
}

/** True when two snapshots describe the same process, not just the same (possibly reused) pid. */
export function sameProcess(a: ProcessRow, b: ProcessRow): boolean {
  if (a.pid !== b.pid) return false;
  if (a.startTime !== undefined && b.startTime !== undefined) return a.startTime === b.startTime;
  return a.args === b.args;
}

/** The processes of `now` that are the very processes recorded in `before`, and not zombies. */
export function survivors(before: readonly ProcessRow[], now: readonly ProcessRow[]): ProcessRow[] {
  return now.filter((row) => row.zombie !== true && before.some((old) => sameProcess(old, row)));
}

/** SIGKILLs every process of `before` that is still alive as the same process; returns how many. */
export function killSurvivors(before: readonly ProcessRow[], now: readonly ProcessRow[]): number {
  let killed = 0;
  for (const row of survivors(before, now)) {
    try {
      process.kill(row.pid, 'SIGKILL');
      killed++;
    } catch {
      // Exited between the snapshot and the signal.
    }
  }
  return killed;
}
