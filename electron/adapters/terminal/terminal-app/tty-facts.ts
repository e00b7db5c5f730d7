/**
 * Process facts for a terminal tab from its tty: which processes run there (shared with the tmux
 * driver's `ttyProcesses`), which one is in the foreground, and the tty's session leader, whose pid
 * tells a tab apart from a later tab that reuses the same tty.
 */
import { execFile } from 'node:child_process';
import type { ProcessFact } from '../../../core/ports';
import { ttyProcesses } from '../tmux/tty-processes';

/** One `ps -o pid=,ppid=,pgid=,tpgid=` row: all numbers, so one call parses safely. */
export interface PsRow {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly tpgid: number;
}

/** What a tty tells about its tab. */
export interface TtyFacts {
  readonly processes: readonly ProcessFact[];
  /** The root of the tty's processes (`login`, or the shell); null when nothing runs there. */
  readonly leaderPid: number | null;
  /** The shell (the leader's child, or the leader itself when it is the shell). */
  readonly shellPid: number | null;
  /** The foreground process group's leader: what the owner sees running. */
  readonly foreground: ProcessFact | null;
}

/** Reads facts for a tty; injectable so Linux tests can stand in for macOS `ps`. */
export type TtyFactsSource = (tty: string) => Promise<TtyFacts>;

/** Parses `ps -o pid=,ppid=,pgid=,tpgid=` output. */
export function parsePsRows(stdout: string): PsRow[] {
  const rows: PsRow[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(-?\d+)\s*$/u.exec(line);
    if (m) rows.push({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), tpgid: Number(m[4]) });
  }
  return rows;
}

const basename = (path: string): string => path.split('/').at(-1) ?? path;

/** Combines the numeric rows with the named processes into a tab's facts. Pure. */
export function summarizeTty(rows: readonly PsRow[], processes: readonly ProcessFact[]): TtyFacts {
  const onTty = new Set(rows.map((r) => r.pid));
  // Roots: parents off this tty. An orphan that kept the tty has ppid 1; Terminal's login does not.
  const roots = rows.filter((r) => !onTty.has(r.ppid)).sort((a, b) => a.pid - b.pid);
  const leader = roots.find((r) => r.ppid !== 1) ?? roots[0] ?? null;
  const named = new Map(processes.map((p) => [p.pid, p]));
  let shellPid: number | null = null;
  if (leader) {
    const leaderName = basename(named.get(leader.pid)?.command ?? '');
    const child = rows.filter((r) => r.ppid === leader.pid).sort((a, b) => a.pid - b.pid)[0];
    shellPid = leaderName === 'login' && child ? child.pid : leader.pid;
  }
  const group = rows.filter((r) => r.tpgid > 0 && r.pgid === r.tpgid);
  const front = group.find((r) => r.pid === r.pgid) ?? group.sort((a, b) => b.pid - a.pid)[0] ?? null;
  return {
    processes: [...processes],
    leaderPid: leader?.pid ?? null,
    shellPid,
    foreground: front ? (named.get(front.pid) ?? null) : null,
  };
}

function psRows(name: string): Promise<PsRow[]> {
  return new Promise((resolve) => {
    execFile(
      'ps',
      ['-t', name, '-o', 'pid=,ppid=,pgid=,tpgid='],
      { encoding: 'utf8', timeout: 5_000 },
      // ps exits 1 when nothing matches: an empty answer.
      (_error, stdout) => resolve(parsePsRows(stdout ?? '')),
    );
  });
}

/** The real source: `ps -t` (macOS ps takes tty names without `/dev/`). */
export const psTtyFacts: TtyFactsSource = async (tty) => {
  const name = tty.replace(/^\/dev\//u, '');
  if (!/^[A-Za-z0-9/._-]+$/u.test(name)) return summarizeTty([], []);
  const [rows, processes] = await Promise.all([psRows(name), ttyProcesses(tty)]);
  return summarizeTty(rows, processes);
};
