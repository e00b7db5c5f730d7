/**
 * The system process table, read once per listing and shared by every terminal of a provider:
 * from /proc on Linux, from two `ps -A` calls elsewhere (macOS). Never through a shell.
 *
 * One table per scan replaces a `ps -t` per pane: with 50 panes that was 100 processes spawned
 * every two seconds. On Linux each process costs one small synchronous read of /proc/<pid>/stat
 * (which takes no lock a stuck process could hold); argv (/proc/<pid>/cmdline, which can block on
 * a process's memory lock) is read asynchronously, and only once per process instance.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import type { ProcessFact } from '../../core/ports';

const execFileAsync = promisify(execFile);

// utime and stime count clock ticks; Linux has used USER_HZ = 100 on every mainstream platform.
const TICKS_PER_SECOND = 100;

/** One row of the system process table. */
export interface ProcessRow extends ProcessFact {
  readonly ppid: number;
  /** Session id (Linux): a terminal's processes keep its session even when re-parented. */
  readonly session?: number | undefined;
  /** Kernel start time (Linux), so a pid seen twice can be told apart from a reused one. */
  readonly startTime?: string | undefined;
  /** Exited but not yet reaped (Linux); such a process no longer runs anything. */
  readonly zombie?: boolean | undefined;
  /**
   * Controlling terminal: the device number on Linux (`tty_nr`, 0 for none), the name without
   * `/dev/` elsewhere (`ttys003`, `?` for none).
   */
  readonly tty?: number | string | undefined;
}

/** The fields of one /proc/<pid>/stat line that Tower uses. */
export interface ProcStat {
  readonly comm: string;
  readonly ppid: number;
  readonly session: number;
  readonly ttyNr: number;
  readonly startTime: string;
  readonly zombie: boolean;
  /** user + system CPU time, ms. */
  readonly cpuMs: number;
}

/** Parses one /proc/<pid>/stat line: the command sits in parentheses and may itself contain ")". */
export function parseProcStat(stat: string): ProcStat | null {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // Fields after ")" start at field 3 (state); ppid is 4, session 6, tty_nr 7, utime 14, stime 15,
  // starttime 22 (proc(5)).
  const fields = stat.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const session = Number(fields[3]);
  const ttyNr = Number(fields[4]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  const startTime = fields[19] ?? '';
  if (!Number.isInteger(ppid) || !Number.isInteger(session)) return null;
  return {
    comm: stat.slice(open + 1, close),
    ppid,
    session,
    ttyNr: Number.isInteger(ttyNr) ? ttyNr : 0,
    startTime,
    zombie: fields[0] === 'Z',
    cpuMs: Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : 0,
  };
}

// argv of a process instance (pid + start time + comm: an exec or a title change alters comm).
const argvCache = new Map<string, string>();

async function argvOf(pid: number, key: string, comm: string): Promise<string> {
  const cached = argvCache.get(key);
  if (cached !== undefined) return cached;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  // cmdline is NUL-separated argv; kernel threads and zombies have an empty one (not cached).
  const args = cmdline.replace(/\0+$/, '').split('\0').join(' ');
  if (args === '') return comm;
  argvCache.set(key, args);
  return args;
}

function readStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return null; // exited between readdir and read: simply gone
  }
}

async function procTable(): Promise<ProcessRow[]> {
  const pids = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const live = new Set<string>();
  const rows = await Promise.all(
    pids.map(async (pid): Promise<ProcessRow | null> => {
      const stat = readStat(pid);
      if (!stat) return null;
      const key = `${pid}|${stat.startTime}|${stat.comm}`;
      live.add(key);
      return {
        pid,
        ppid: stat.ppid,
        command: stat.comm,
        args: await argvOf(pid, key, stat.comm),
        cpuMs: stat.cpuMs,
        session: stat.session,
        startTime: stat.startTime,
        zombie: stat.zombie,
        tty: stat.ttyNr,
      };
    }),
  );
  for (const key of argvCache.keys()) if (!live.has(key)) argvCache.delete(key);
  return rows.filter((row): row is ProcessRow => row !== null);
}

/** CPU ms from `ps -o time=` (`[[dd-]hh:]mm:ss[.hh]`), or undefined. */
export function parsePsCpu(text: string): number | undefined {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text);
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return (((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

/**
 * Joins `ps -A -o pid=,ppid=,tty=,time=,args=` and `ps -A -o pid=,comm=` output. Each free-text
 * column is last in its own listing, so spaces in either (macOS app paths) cannot shift the fields.
 */
export function parsePsTables(argsText: string, commText: string): ProcessRow[] {
  const comms = new Map<number, string>();
  for (const line of commText.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match) comms.set(Number(match[1]), basename((match[2] ?? '').trim()));
  }
  const rows: ProcessRow[] = [];
  for (const line of argsText.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const pid = Number(match[1]);
    const args = (match[5] ?? '').trim();
    const command = comms.get(pid) ?? basename(args.split(' ')[0] ?? '');
    const tty = match[3] ?? '?';
    const cpuMs = parsePsCpu(match[4] ?? '');
    rows.push({ pid, ppid: Number(match[2]), command, args: args || command, cpuMs, tty });
  }
  return rows;
}

async function ps(columns: string): Promise<string> {
  const { stdout } = await execFileAsync('ps', ['-A', '-o', columns], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

async function psTable(): Promise<ProcessRow[]> {
  const [argsText, commText] = await Promise.all([ps('pid=,ppid=,tty=,time=,args='), ps('pid=,comm=')]);
  return parsePsTables(argsText, commText);
}

// Listings of several providers in one scan share one read.
let inFlight: Promise<ProcessRow[]> | null = null;

/** Reads the whole process table once, from /proc when present; concurrent callers share one read. */
export function readProcessTable(): Promise<ProcessRow[]> {
  inFlight ??= (process.platform === 'linux' ? procTable() : psTable()).finally(() => {
    inFlight = null;
  });
  return inFlight;
}
