/**
 * Children that dropped their controlling terminal still belong to it: Claude Code runs its Bash
 * tool as `bash -c …` with no tty (`ps` shows `?`), so a build or a hung command it started would
 * be invisible to a per-tty listing. Such a process is attributed to its nearest ancestor that has
 * a terminal, so stall detection can see the child's CPU. Daemons re-parented to init stay out.
 */
import type { ProcessRow } from './process-table';

const NO_TTY = new Set<unknown>([undefined, 0, '?', '??']);

/** `rows` with each tty-less process given the tty of its nearest ancestor that has one. */
export function inheritTty(rows: readonly ProcessRow[]): ProcessRow[] {
  const byPid = new Map(rows.map((row) => [row.pid, row]));
  const ttyOf = (row: ProcessRow): ProcessRow['tty'] => {
    let current: ProcessRow | undefined = row;
    // Bounded walk: a corrupt table with a ppid cycle must not hang a scan.
    for (let depth = 0; current && depth < 64; depth++) {
      if (!NO_TTY.has(current.tty)) return current.tty;
      if (current.ppid <= 1) return undefined;
      current = byPid.get(current.ppid);
    }
    return undefined;
  };
  return rows.map((row) => (NO_TTY.has(row.tty) ? { ...row, tty: ttyOf(row) } : row));
}
