/**
 * Which processes belong to one pty: its own process, its descendants, and (Linux) every process
 * still in its session, which catches children re-parented after their parent exited.
 */
import type { ProcessFact } from '../../../core/ports';
import type { ProcessRow } from '../process-table';

/** Processes rooted at `rootPid` (root first, then descendants breadth-first). */
export function descendantsOf(rows: readonly ProcessRow[], rootPid: number): ProcessRow[] {
  const children = new Map<number, ProcessRow[]>();
  for (const row of rows) {
    const list = children.get(row.ppid) ?? [];
    list.push(row);
    children.set(row.ppid, list);
  }
  const root = rows.find((row) => row.pid === rootPid);
  if (!root) return [];
  const out: ProcessRow[] = [];
  const queue: ProcessRow[] = [root];
  const seen = new Set<number>();
  for (let row = queue.shift(); row; row = queue.shift()) {
    // pid 0 is its own parent on some systems; a seen-set keeps a bad table from looping.
    if (seen.has(row.pid)) continue;
    seen.add(row.pid);
    out.push(row);
    queue.push(...(children.get(row.pid) ?? []).sort((a, b) => a.pid - b.pid));
  }
  return out;
}

/**
 * The descendants of `rootPid` plus the other members of its session (ordered by pid). Only
 * meaningful while the root is unreaped: then no other process can hold its pid as a session id.
 */
export function terminalTree(rows: readonly ProcessRow[], rootPid: number): ProcessRow[] {
  const tree = descendantsOf(rows, rootPid);
  if (tree.length === 0) return tree;
  const inTree = new Set(tree.map((row) => row.pid));
  const strays = rows.filter((row) => row.session === rootPid && !inTree.has(row.pid));
  return [...tree, ...strays.sort((a, b) => a.pid - b.pid)];
}

/**
 * The processes of the terminal rooted at `rootPid`, or [] while its process has not exec'd yet:
 * between fork and exec the child is a copy of Tower (same command and argv), and listing it would
 * name Tower itself as the terminal's program.
 */
export function terminalProcesses(
  rows: readonly ProcessRow[],
  rootPid: number,
  selfPid: number,
): ProcessRow[] {
  const tree = terminalTree(rows, rootPid);
  const self = rows.find((row) => row.pid === selfPid);
  const root = tree[0];
  if (self && root && root.command === self.command && root.args === self.args) return [];
  return tree;
}

/** The public view of a row: what `TerminalInfo.processes` carries. */
export function toProcessFact(row: ProcessRow): ProcessFact {
  return { pid: row.pid, command: row.command, args: row.args, cpuMs: row.cpuMs };
}
