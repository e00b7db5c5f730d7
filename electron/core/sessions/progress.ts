/**
 * Progress tracking for stall detection. An agent makes progress when its screen changes (once
 * volatile parts are masked), when it reports an event (hooks), or when a child process it runs
 * uses CPU: a long build with a busy compiler is working, not stalled.
 *
 * Spinner glyphs, elapsed seconds and token counters change every frame while an agent is stuck, so
 * they are masked before comparing screens; only real progress (new output) resets the clock.
 */
import type { ProcessFact } from '../ports';

/** Per-session memory of the last progress seen. */
export interface Progress {
  /** The masked screen. */
  readonly key: string;
  /** Last time anything progressed: screen, event or child CPU. */
  readonly since: number;
  /** Last time the masked screen changed. */
  readonly screenSince: number;
  /** CPU time (ms) of the agent's children at the last look, or null when unknown. */
  readonly childCpuMs: number | null;
  /** Whether the agent runs child processes (a command, a build) right now. */
  readonly hasChildren: boolean;
  /** The children's pids, so a new command starting counts as progress. */
  readonly childPids: string;
}

/** One look at a terminal, for progress. */
export interface ProgressSample {
  readonly lines: readonly string[];
  /** The terminal's processes (with CPU time when the driver reads it). */
  readonly processes: readonly ProcessFact[];
  /** Pids that are the agent itself or the terminal's shell: their own CPU (spinners) is not progress. */
  readonly ownPids: ReadonlySet<number>;
  /** The latest agent event (hook) time known for the session, or null. */
  readonly eventAt: number | null;
}

// Digits (timers, token counts) and the spinner glyph sets of Claude, Codex, Gemini and Cursor.
const VOLATILE = /[\d⠀-⣿·✢✳✶✻✽*•◦●○◐◓◑◒|/\\-]+/gu;
/** Child CPU below this between two looks is noise (a sleeping process waking for a signal). */
const CPU_NOISE_MS = 20;

/** The screen reduced to what only changes when the agent makes progress. */
export function progressKey(lines: readonly string[]): string {
  return (
    lines
      // A blinking glyph (Claude's `●` before a running tool) shows as a space half the time: volatile
      // runs and whitespace collapse to one space so blink and no-blink read the same.
      .map((line) => line.replace(VOLATILE, ' ').replace(/\s+/gu, ' ').trim())
      .filter((line) => line.length > 0)
      .join('\n')
  );
}

/** Updates progress for a new look; returns the new record. */
export function trackProgress(previous: Progress | undefined, sample: ProgressSample, now: number): Progress {
  const key = progressKey(sample.lines);
  const children = sample.processes.filter((p) => !sample.ownPids.has(p.pid));
  const cpu = children.every((p) => p.cpuMs !== undefined)
    ? children.reduce((sum, p) => sum + (p.cpuMs ?? 0), 0)
    : null;
  const childPids = children.map((p) => p.pid).join(',');
  if (!previous) {
    return {
      key,
      since: now,
      screenSince: now,
      childCpuMs: cpu,
      hasChildren: children.length > 0,
      childPids,
    };
  }
  const screenMoved = previous.key !== key;
  const childrenChanged = previous.childPids !== childPids;
  const cpuMoved =
    cpu !== null && previous.childCpuMs !== null && Math.abs(cpu - previous.childCpuMs) >= CPU_NOISE_MS;
  const eventMoved = sample.eventAt !== null && sample.eventAt > previous.since;
  const moved = screenMoved || cpuMoved || eventMoved || childrenChanged;
  return {
    key,
    since: moved ? Math.max(now, sample.eventAt ?? 0) : previous.since,
    screenSince: screenMoved ? now : previous.screenSince,
    // Keep the baseline unless it moved, so slow steady CPU still adds up past the noise floor.
    childCpuMs: cpuMoved || childrenChanged || previous.childCpuMs === null ? cpu : previous.childCpuMs,
    hasChildren: children.length > 0,
    childPids,
  };
}

/** True when nothing has progressed for `stallAfterMs`. */
export function isStalled(progress: Progress, now: number, stallAfterMs: number): boolean {
  return now - progress.since >= stallAfterMs;
}
