/**
 * Shared bits of the Mac-only suite: whether it can run here, and where the native scripts are.
 * Off macOS every file skips and prints why, so `npm run test:mac` on Linux explains itself.
 */
import { join } from 'node:path';

/** True on macOS. */
export const onMac = process.platform === 'darwin';

/** The repo's `native-scripts` folder. */
export const NATIVE_SCRIPTS = join(import.meta.dirname, '../../native-scripts');

/** Prints why a Mac file is skipped (once per file). */
export function explainSkip(what: string): void {
  if (!onMac) {
    console.log(
      `[test:mac] skipped ${what}: this is ${process.platform}, and it needs a real Mac (macOS + the app).`,
    );
  }
}
