/**
 * The system process table, read from /proc on Linux and from `ps` elsewhere (macOS). Never
 * through a shell.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import type { ProcessFact } from '../../../core/ports';

const execFileAsync = promisify(execFile);

/** One row of the system process table. */
export interface ProcessRow extends ProcessFact {
  readonly ppid: number;
  /** Session id (Linux): a terminal's processes keep its session even when re-parented. */
  readonly session?: number | undefined;
  /** Kernel start time (Linux), so a pid seen twice can be told apart from a reused one. */
  readonly startTime?: string | undefined;
  /** Exited but not yet reaped (Linux); such a process no longer runs anything. */
  readonly zombie?: boolean | undefined;
}

/** Parses one /proc/<pid>/stat line: the command sits in parentheses and may itself contain ")". */
export function parseProcStat(stat: string): {
  readonly comm: string;
  readonly ppid: number;
  readonly session: number;
  readonly startTime: string;
  readonly zombie: boolean;
} | null {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // Fields after ")" start at field 3 (state); ppid is 4, session 6, starttime 22 (proc(5)).
  const fields = stat.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const session = Number(fields[3]);
  const startTime = fields[19] ?? '';
  const zombie = fields[0] === 'Z';
  if (!Number.isInteger(ppid) || !Number.isInteger(session)) return null;
  return { comm: stat.slice(open + 1, close), ppid, session, startTime, zombie };
}

async function readProcRow(pid: number): Promise<ProcessRow | null> {
  try {
    const [stat, cmdline] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/cmdline`, 'utf8'),
    ]);
    const parsed = parseProcStat(stat);
    if (!parsed) return null;
    // cmdline is NUL-separated argv; kernel threads and zombies have an empty one.
    const args = cmdline.replace(/\0+$/, '').split('\0').join(' ');
    return {
      pid,
      ppid: parsed.ppid,
      command: parsed.comm,
      args: args || parsed.comm,
      session: parsed.session,
      startTime: parsed.startTime,
    };
  } catch {
    // The process exited between readdir and read: not an error, it is simply gone.
    return null;
  }
}

async function procTable(): Promise<ProcessRow[]> {
  const entries = await readdir('/proc');
  const pids = entries.filter((name) => /^\d+$/.test(name)).map(Number);
  const rows = await Promise.all(pids.map(readProcRow));
  return rows.filter((row): row is ProcessRow => row !== null);
}

/**
 * Joins `ps -A -o pid=,ppid=,args=` and `ps -A -o pid=,comm=` output. Each free-text column is
 * last in its own listing, so spaces in either (macOS app paths) cannot shift the fields.
 */
export function parsePsTables(argsText: string, commText: string): ProcessRow[] {
  const comms = new Map<number, string>();
  for (const line of commText.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match) comms.set(Number(match[1]), basename((match[2] ?? '').trim()));
  }
  const rows: ProcessRow[] = [];
  for (const line of argsText.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const pid = Number(match[1]);
    const args = (match[3] ?? '').trim();
    const command = comms.get(pid) ?? basename(args.split(' ')[0] ?? '');
    rows.push({ pid, ppid: Number(match[2]), command, args: args || command });
  }
  return rows;
}

async function ps(columns: string): Promise<string> {
  const { stdout } = await execFileAsync('ps', ['-A', '-o', columns], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

async function psTable(): Promise<ProcessRow[]> {
  const [argsText, commText] = await Promise.all([ps('pid=,ppid=,args='), ps('pid=,comm=')]);
  return parsePsTables(argsText, commText);
}

/** Reads the whole process table once, from /proc when present. */
export async function readProcessTable(): Promise<ProcessRow[]> {
  if (process.platform === 'linux') return procTable();
  return psTable();
}
