/**
 * Processes on a terminal's tty (`ps -t <tty>`), so an agent started through node or a wrapper is
 * recognisable. Two argv-only `ps` calls per tty: `comm` and `args` are both free text, so each is
 * asked for alone as the last column.
 */
import { execFile } from 'node:child_process';
import type { ProcessFact } from '../../../core/ports';

// Many panes must not mean hundreds of ps processes at once.
const MAX_RUNNING = 8;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function ps(tty: string, column: 'comm' | 'args'): Promise<Map<number, string>> {
  return limited(() => psNow(tty, column));
}

function psNow(tty: string, column: 'comm' | 'args'): Promise<Map<number, string>> {
  return new Promise((resolve) => {
    execFile(
      'ps',
      ['-t', tty, '-o', `pid=,${column}=`],
      { encoding: 'utf8', timeout: 5_000 },
      (error, stdout) => {
        const rows = new Map<number, string>();
        // ps exits 1 when no process matches: that is an empty answer, not a failure.
        if (error && stdout === '') return resolve(rows);
        for (const line of stdout.split('\n')) {
          const match = /^\s*([0-9]+)\s+(.*)$/.exec(line);
          if (match?.[1] !== undefined && match[2] !== undefined)
            rows.set(Number(match[1]), match[2].trimEnd());
        }
        resolve(rows);
      },
    );
  });
}

/** The processes whose controlling terminal is `tty` (e.g. `/dev/pts/3`), by pid. */
export async function ttyProcesses(tty: string): Promise<ProcessFact[]> {
  const name = tty.replace(/^\/dev\//, '');
  if (!/^[A-Za-z0-9/._-]+$/.test(name)) return [];
  const [comms, args] = await Promise.all([ps(name, 'comm'), ps(name, 'args')]);
  return [...comms.entries()]
    .map(([pid, command]) => ({ pid, command, args: args.get(pid) ?? command }))
    .sort((a, b) => a.pid - b.pid);
}
