/**
 * Helpers for the pty tests: polling with a deadline and checking that a pid is gone.
 * Test support only.
 */
import { readFileSync } from 'node:fs';
import type { ScreenCapture, TerminalDriver } from '../../../core/ports';

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the screen of `id` satisfies `test` and returns that screen. */
export function screenWhere(
  driver: TerminalDriver,
  id: string,
  test: (screen: ScreenCapture) => boolean,
  what: string,
): Promise<ScreenCapture> {
  return eventually(async () => {
    const screen = await driver.readScreen(id);
    return test(screen) ? screen : undefined;
  }, what);
}

/** True while a process with this pid is running; a zombie awaiting its reaper counts as gone. */
export function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc (macOS): kill(0) succeeding is the best evidence available.
    return process.platform !== 'linux';
  }
}
