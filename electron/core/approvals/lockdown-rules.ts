/**
 * LOCKDOWN's two rules that are not about typing: who may lift it, and what an unreadable state file
 * means (LOCKDOWN, with the reason, never a crash and never unlocked).
 */

/**
 * Channels at the Mac: the tray (Electron IPC), the CLI and the local API (loopback + token). The
 * transports only let callers name these; remote bridges run in-process and pass their own channel.
 */
export const LOCAL_CHANNELS: readonly string[] = ['tray', 'cli', 'api'];

/** Whether `channel` may lift LOCKDOWN. */
export function isLocalChannel(channel: string): boolean {
  return LOCAL_CHANNELS.includes(channel);
}

/** The LOCKDOWN reason for a state that could not be read. */
export function stateProblem(error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `Tower's saved state could not be read (${why}), so it may hold LOCKDOWN or answers in flight; fix or move the state file aside and restart Tower`;
}
