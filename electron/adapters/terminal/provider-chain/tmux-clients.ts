/**
 * Every tmux client on the owner's tmux servers: the tty it draws in and the session it shows, for
 * the "tmux inside a Terminal tab is one session" merge. argv only; a server that does not answer
 * is skipped, and null means no server could be asked (the merge then uses process facts).
 */
import { execFile } from 'node:child_process';
import type { TmuxClient } from '../../../core/sessions/merge-nested';
import { discoverSockets } from '../tmux/tmux-sockets';

const FORMAT = '#{client_tty}\x1f#{session_name}';

/** Parses `list-clients -F '#{client_tty}<US>#{session_name}'` output of one server. Pure. */
export function parseClients(stdout: string, server: string): TmuxClient[] {
  return stdout
    .split('\n')
    .map((line) => {
      const at = line.indexOf('\x1f');
      const tty = at < 0 ? '' : line.slice(0, at);
      return /^\/dev\/[A-Za-z0-9/]+$/u.test(tty) ? { tty, session: `${server}:${line.slice(at + 1)}` } : null;
    })
    .filter((c): c is TmuxClient => c !== null);
}

function listClients(tmux: string, socket: string): Promise<TmuxClient[] | null> {
  return new Promise((resolve) => {
    execFile(
      tmux,
      ['-u', '-S', socket, 'list-clients', '-F', FORMAT],
      { encoding: 'utf8', timeout: 3_000 },
      (error, stdout) => resolve(error ? null : parseClients(stdout, socket)),
    );
  });
}

/** Clients of every discovered server; null when no server answered. */
export async function tmuxClients(
  tmux = 'tmux',
  sockets: () => Promise<string[]> = () => discoverSockets(),
): Promise<TmuxClient[] | null> {
  const answers = await Promise.all((await sockets()).map((socket) => listClients(tmux, socket)));
  const ok = answers.filter((a): a is TmuxClient[] => a !== null);
  return ok.length === 0 ? null : ok.flat();
}
