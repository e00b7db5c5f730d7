/**
 * Removes an agent's temporary root (its HOME, config, project) after a test.
 *
 * A closed agent can still be flushing its session files for a moment (Claude Code writes under
 * `~/.claude` as it exits), so a plain recursive delete can race it and fail with ENOTEMPTY. The
 * delete retries for a few seconds; a temp dir that still resists is reported, never a test failure:
 * the test's subject is the agent, not the cleanup.
 */
import { rmSync } from 'node:fs';

export function removeLaunchRoot(root: string): void {
  try {
    rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
  } catch (error) {
    console.warn(`left ${root} behind: ${error instanceof Error ? error.message : String(error)}`);
  }
}
