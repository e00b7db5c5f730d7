/**
 * Maps a hook's terminal tag to a terminal by provider facts: for tmux, `$TMUX` (socket path + server
 * pid) and `$TMUX_PANE` against the pane's terminal id; for Terminal.app, the agent's tty against the tab's. Socket paths are compared after resolving
 * links (macOS /tmp → /private/tmp), since tmux and the driver may spell them differently.
 */
import { realpathSync } from 'node:fs';
import type { TerminalTag } from '../../core/hooks/hook-event';
import type { TerminalInfo } from '../../core/ports';
import { parseTerminalAppId } from '../terminal/terminal-app/terminal-app-id';
import { parseTmuxId } from '../terminal/tmux/tmux-id';

/** Whether `tag` names `terminal`. */
export function matchTerminal(tag: TerminalTag, terminal: TerminalInfo): boolean {
  if (terminal.provider === 'terminal-app') return tag.tty !== null && ttyOf(terminal.id) === tag.tty;
  if (tag.tmux === null || terminal.provider !== 'tmux') return false;
  let ref;
  try {
    ref = parseTmuxId(terminal.id);
  } catch {
    return false;
  }
  return (
    ref.paneId === tag.tmux.pane &&
    ref.serverPid === tag.tmux.serverPid &&
    real(ref.socket) === real(tag.tmux.socket)
  );
}

// A Terminal.app tab's id carries its tty (`/dev/ttys004`); a tty is reused only after its tab closed.
function ttyOf(id: string): string | null {
  try {
    return parseTerminalAppId(id).tty;
  } catch {
    return null;
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
