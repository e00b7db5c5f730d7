/**
 * Works around a tmux bug: when tmux is built with libutempter (Debian's is), a pane process that
 * exits while utempter's own SIGCHLD handler is installed is never reaped, so the pane shows
 * `pane_dead` without an exit status forever (tmux/tmux#311, #4559; seen here on tmux 3.3a under
 * load). Sending the server a SIGCHLD makes it reap every exited child (`waitpid` loop, WNOHANG).
 */

/** Asks a tmux server to reap exited panes; harmless if there is nothing to reap. */
export function nudgeServerToReap(serverPid: number): void {
  if (!Number.isInteger(serverPid) || serverPid <= 1) return;
  try {
    process.kill(serverPid, 'SIGCHLD');
  } catch {
    // Another user's server, or already gone: nothing to do.
  }
}
