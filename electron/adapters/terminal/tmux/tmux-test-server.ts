/**
 * Test support: a private tmux server socket per test file (`-L tower-test-…`), so tests never
 * touch the user's tmux, and its clean-up.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { TmuxTerminalDriver } from './tmux-terminal-driver';
import type { TmuxTerminalDriverOptions } from './tmux-terminal-driver';
import { resolveSocket } from './tmux-sockets';

/** A unique private socket name for tests. */
export function testSocketName(label: string): string {
  return `tower-test-${label}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Runs tmux on the private socket (argv only); resolves with stdout, or null on failure. */
export function tmuxOn(socketName: string, args: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('tmux', ['-u', '-S', resolveSocket(socketName), '-f', '/dev/null', ...args], (error, stdout) =>
      resolve(error ? null : stdout),
    );
  });
}

/** Kills the private server (ignores "no server running"). */
export async function killTestServer(socketName: string): Promise<void> {
  await tmuxOn(socketName, ['kill-server']);
}

/** Kills the private server and deletes the socket file tmux leaves behind (end of a test file). */
export async function removeTestServer(socketName: string): Promise<void> {
  await killTestServer(socketName);
  await rm(resolveSocket(socketName), { force: true });
}

/** A driver watching only the private socket, with no user config. */
export function testDriver(socketName: string, extra: TmuxTerminalDriverOptions = {}): TmuxTerminalDriver {
  return new TmuxTerminalDriver({
    sockets: [socketName],
    configFile: '/dev/null',
    reconcileMs: 200,
    ...extra,
  });
}
