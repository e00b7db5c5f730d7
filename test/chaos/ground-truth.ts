/**
 * Ground truth for the chaos suite: what the private tmux server and the pty driver really hold,
 * compared with the sessions Tower publishes.
 */
import { execFile } from 'node:child_process';
import type { Snapshot } from '../../electron/contract/dto';
import { resolveSocket } from '../../electron/adapters/terminal/tmux/tmux-sockets';

/** Runs tmux on the private socket; resolves with stdout, or '' when the server is gone. */
export function tmuxOn(socket: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve) =>
    execFile('tmux', ['-u', '-S', resolveSocket(socket), '-f', '/dev/null', ...args], (error, stdout) =>
      resolve(error ? '' : stdout),
    ),
  );
}

/** `<server pid>|%N|<dead 0/1>` for every pane tmux lists (dead ones too: remain-on-exit keeps them). */
export async function tmuxPanes(socket: string): Promise<Set<string>> {
  const out = await tmuxOn(socket, ['list-panes', '-a', '-F', '#{pid}|#{pane_id}|#{pane_dead}']);
  return new Set(out.split('\n').filter((l) => l !== ''));
}

/** The same key for Tower's live tmux sessions (terminal ids are `tmux|<socket>|<pid>|<start>|%N`). */
export function towerTmuxPanes(snapshot: Snapshot): Set<string> {
  const keys = snapshot.sessions
    .filter((s) => s.provider === 'tmux' && !s.gone)
    .map((s) => {
      const parts = s.terminalId.split('|');
      return `${parts[2] ?? ''}|${parts.at(-1) ?? ''}|${s.state === 'exited' ? 1 : 0}`;
    });
  return new Set(keys);
}

/** Set equality. */
export function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
