/**
 * Terminal ids for tmux panes: `tmux|<socket path, URI-encoded>|<server pid>|<server start time>|%<pane>`.
 *
 * Pane ids restart at `%0` on a new server, so the id carries the server's identity (pid and start
 * time); a pane on a restarted server gets a different id and an old id never matches it.
 */

/** The parts of a tmux terminal id. */
export interface TmuxPaneRef {
  /** Absolute path of the server socket. */
  readonly socket: string;
  readonly serverPid: number;
  /** The server's `#{start_time}` (seconds since the epoch). */
  readonly serverStart: number;
  /** tmux pane id, `%N`. */
  readonly paneId: string;
}

/** Identity of one running tmux server. */
export interface TmuxServerIdentity {
  readonly serverPid: number;
  readonly serverStart: number;
}

const PREFIX = 'tmux';
const PANE_ID = /^%(0|[1-9][0-9]{0,9})$/;
const POSITIVE = /^[1-9][0-9]{0,9}$/;
const NON_NEGATIVE = /^(0|[1-9][0-9]{0,14})$/;

/** Builds the terminal id for a pane. */
export function encodeTmuxId(ref: TmuxPaneRef): string {
  if (!ref.socket.startsWith('/')) throw new Error(`tmux socket must be an absolute path: ${ref.socket}`);
  if (!PANE_ID.test(ref.paneId)) throw new Error(`not a tmux pane id: ${ref.paneId}`);
  return [PREFIX, encodeURIComponent(ref.socket), ref.serverPid, ref.serverStart, ref.paneId].join('|');
}

/** Parses a terminal id strictly; throws a clear error for anything this driver never issued. */
export function parseTmuxId(id: string): TmuxPaneRef {
  const parts = id.split('|');
  const invalid = (why: string) => new Error(`not a tmux terminal id (${why}): ${JSON.stringify(id)}`);
  if (parts.length !== 5) throw invalid('expected 5 fields');
  const [prefix, socketPart, pid, start, paneId] = parts as [string, string, string, string, string];
  if (prefix !== PREFIX) throw invalid('wrong provider');
  let socket: string;
  try {
    socket = decodeURIComponent(socketPart);
  } catch {
    throw invalid('bad socket encoding');
  }
  if (!socket.startsWith('/') || encodeURIComponent(socket) !== socketPart) throw invalid('bad socket');
  if (!POSITIVE.test(pid)) throw invalid('bad server pid');
  if (!NON_NEGATIVE.test(start)) throw invalid('bad server start time');
  if (!PANE_ID.test(paneId)) throw invalid('bad pane id');
  return { socket, serverPid: Number(pid), serverStart: Number(start), paneId };
}

/** Whether two server identities are the same running server. */
export function sameServer(a: TmuxServerIdentity, b: TmuxServerIdentity): boolean {
  return a.serverPid === b.serverPid && a.serverStart === b.serverStart;
}
