/**
 * Where tmux servers live: `${TMUX_TMPDIR:-/tmp}/tmux-<uid>/<name>`, and which sockets exist there.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The directory holding the current user's tmux sockets (as tmux computes it, before realpath). */
export function tmuxSocketDir(env: NodeJS.ProcessEnv = process.env): string {
  const uid = process.getuid?.() ?? 0;
  return join(env.TMUX_TMPDIR || '/tmp', `tmux-${uid}`);
}

/** Resolves a socket name (`-L name`) or absolute path (`-S path`) to an absolute path. */
export function resolveSocket(nameOrPath: string, dir: string = tmuxSocketDir()): string {
  if (nameOrPath.startsWith('/')) return nameOrPath;
  if (nameOrPath === '' || nameOrPath.includes('/')) throw new Error(`bad tmux socket name: ${nameOrPath}`);
  return join(dir, nameOrPath);
}

/** Every socket file in `dir` (servers may be stale: callers handle "no server running"). */
export async function discoverSockets(dir: string = tmuxSocketDir()): Promise<string[]> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    return [];
  }
  const names = await readdir(real).catch(() => [] as string[]);
  const sockets: string[] = [];
  for (const name of names.sort()) {
    const path = join(real, name);
    const stat = await lstat(path).catch(() => null);
    if (stat?.isSocket()) sockets.push(path);
  }
  return sockets;
}

/** The socket path with its directory's symlinks resolved (e.g. macOS /tmp → /private/tmp). */
export async function canonicalSocket(path: string): Promise<string> {
  const dir = await realpath(dirname(path)).catch(() => null);
  return dir === null ? path : join(dir, basename(path));
}
