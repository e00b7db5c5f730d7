/**
 * Processes on a terminal's tty, so an agent started through node or a wrapper is recognisable.
 * Taken from one shared process table (process-table.ts) grouped by controlling terminal, not from
 * a `ps -t` per tty.
 */
import { statSync } from 'node:fs';
import type { ProcessFact } from '../../../core/ports';
import type { ProcessRow } from '../process-table';
import { inheritTty } from '../inherit-tty';
import { readProcessTable } from '../process-table';

/** The processes of a table grouped by controlling terminal, each group ordered by pid. */
export type TtyIndex = ReadonlyMap<number | string, readonly ProcessRow[]>;

/**
 * Groups `rows` by their controlling terminal, inherited from the nearest ancestor that has one
 * (inherit-tty.ts: an agent's tty-less tool children count); the rest are left out.
 */
export function indexByTty(rows: readonly ProcessRow[]): TtyIndex {
  const index = new Map<number | string, ProcessRow[]>();
  for (const row of inheritTty(rows)) {
    if (row.tty === undefined || row.tty === 0 || row.tty === '?' || row.tty === '??') continue;
    const list = index.get(row.tty) ?? [];
    list.push(row);
    index.set(row.tty, list);
  }
  for (const list of index.values()) list.sort((a, b) => a.pid - b.pid);
  return index;
}

/**
 * How the table names `tty` (`/dev/pts/3`): its device number on Linux (what /proc reports as
 * `tty_nr`), its name without `/dev/` elsewhere (what `ps -o tty` prints). Null for a bad name.
 */
export function ttyKey(tty: string): number | string | null {
  const path = tty.startsWith('/') ? tty : `/dev/${tty}`;
  if (!/^\/dev\/[A-Za-z0-9/._-]+$/.test(path) || path.includes('..')) return null;
  if (process.platform !== 'linux') return path.slice('/dev/'.length);
  try {
    return statSync(path).rdev;
  } catch {
    return null; // the tty closed: nothing runs on it
  }
}

/** The processes on `tty` according to `index`, as facts. */
export function processesOn(index: TtyIndex, tty: string): ProcessFact[] {
  const key = ttyKey(tty);
  const rows = key === null ? [] : (index.get(key) ?? []);
  return rows.map((row) => ({ pid: row.pid, command: row.command, args: row.args, cpuMs: row.cpuMs }));
}

/** The processes whose controlling terminal is `tty` (e.g. `/dev/pts/3`), by pid. */
export async function ttyProcesses(tty: string): Promise<ProcessFact[]> {
  if (ttyKey(tty) === null) return [];
  return processesOn(indexByTty(await readProcessTable()), tty);
}
