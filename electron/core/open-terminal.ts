/**
 * Opening a terminal for `openAgent`: arguments a driver would refuse are refused here first with
 * `invalid-arguments`, and a driver that still fails (missing directory, unknown program, dead
 * server) ends the call with `terminal-failed` and the driver's reason, never an anonymous `internal`.
 */
import { TowerError } from '../contract/api';
import type { OpenSpec, TerminalDriver, TerminalInfo } from './ports';

/** Throws `invalid-arguments` for a spec no driver can open; the directory's existence is the driver's to check. */
export function checkOpenSpec(spec: OpenSpec): void {
  if (spec.command.length === 0 || spec.command[0] === '') {
    throw new TowerError('invalid-arguments', 'command is empty: give the program to run and its arguments');
  }
  // Relative to what? Tower's own directory is meaningless to the user, and differs per provider.
  if (spec.cwd !== undefined && !spec.cwd.startsWith('/')) {
    throw new TowerError(
      'invalid-arguments',
      `cwd must be an absolute path (starting with /), got ${JSON.stringify(spec.cwd)}`,
    );
  }
}

/** Opens through `driver`, mapping its refusal to `terminal-failed` with the reason it gave. */
export async function openTerminal(driver: TerminalDriver, spec: OpenSpec): Promise<TerminalInfo> {
  checkOpenSpec(spec);
  try {
    return await driver.open(spec);
  } catch (error) {
    if (error instanceof TowerError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TowerError('terminal-failed', `${driver.provider} could not open the terminal: ${reason}`);
  }
}

/**
 * The session of a terminal just opened. One scan can miss it — the tmux driver leaves out a server
 * whose `list-panes` fails, and right after a tmux server restart (the chaos test, under CI load) one
 * listing did — so up to three scans, 100 and 300 ms apart, before the open is reported as failed.
 */
export async function adoptOpened<T>(
  id: string,
  scan: () => Promise<void>,
  get: (id: string) => T | undefined,
  wait: (ms: number) => Promise<void>,
): Promise<T> {
  for (const pause of [0, 100, 300]) {
    if (pause > 0) await wait(pause);
    await scan();
    const found = get(id);
    if (found !== undefined) return found;
  }
  throw new TowerError('terminal-failed', 'the new terminal did not appear in its provider');
}
