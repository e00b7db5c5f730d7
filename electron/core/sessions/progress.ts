/**
 * Stall detection: a "working" screen that stops changing, once volatile parts are masked.
 *
 * Spinner glyphs, elapsed seconds and token counters change every frame while an agent is stuck, so
 * they are masked before comparing screens; only real progress (new output) resets the clock.
 */

/** Per-session memory of the last meaningful screen. */
export interface Progress {
  readonly key: string;
  readonly since: number;
}

// Digits (timers, token counts) and the spinner glyph sets of Claude, Codex, Gemini and Cursor.
const VOLATILE = /[\d⠀-⣿·✢✳✶✻✽*•◦●○◐◓◑◒|/\\-]+/gu;

/** The screen reduced to what only changes when the agent makes progress. */
export function progressKey(lines: readonly string[]): string {
  return lines
    .map((line) => line.replace(VOLATILE, '#').trimEnd())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** Updates progress for a new screen; returns the new record. */
export function trackProgress(
  previous: Progress | undefined,
  lines: readonly string[],
  now: number,
): Progress {
  const key = progressKey(lines);
  if (previous && previous.key === key) return previous;
  return { key, since: now };
}

/** True when a working agent's screen has not progressed for `stallAfterMs`. */
export function isStalled(progress: Progress, now: number, stallAfterMs: number): boolean {
  return now - progress.since >= stallAfterMs;
}
