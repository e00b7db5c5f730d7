/**
 * Turns one observation of a terminal (its info, its screen, the detector's verdict) into the
 * session's next record. Pure: the supervisor supplies everything, including the time.
 */
import type { SessionState } from '../../contract/dto';
import type { Detection } from '../detection/types';
import type { ScreenCapture } from '../ports';
import type { AgentIdentity, Session } from './session';
import { isStalled, type Progress } from './progress';

/** Tunables for deriving state. */
export interface ObserveOptions {
  /** A working screen unchanged this long is stalled. */
  readonly stallAfterMs: number;
  /** An agent whose screen is not recognised yet within this long of adoption is still starting. */
  readonly startingGraceMs: number;
}

/** Everything observed about one terminal on one scan. */
export interface Observation {
  readonly screen: ScreenCapture;
  readonly detection: Detection;
  readonly agent: AgentIdentity | null;
  readonly progress: Progress;
  readonly now: number;
}

const TAIL_LINES = 8;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/gu;

/** The session after this observation. */
export function observe(session: Session, obs: Observation, options: ObserveOptions): Session {
  const { state, evidence } = deriveState(session, obs, options);
  const prompt = state === 'permission' || state === 'question' ? obs.detection.prompt : null;
  const changed = state !== session.state;
  return {
    ...session,
    agent: obs.agent,
    state,
    evidence,
    prompt,
    tail: tailOf(obs.screen.lines),
    lastSeen: obs.now,
    stateSince: changed ? obs.now : session.stateSince,
  };
}

function deriveState(
  session: Session,
  obs: Observation,
  options: ObserveOptions,
): { state: SessionState; evidence: readonly string[] } {
  const { terminal } = session;
  if (!terminal.alive) {
    const code = terminal.exitCode === null ? 'unknown' : String(terminal.exitCode);
    return { state: 'exited', evidence: [`process exited (code ${code})`] };
  }
  const { detection } = obs;
  if (detection.state === 'working' && isStalled(obs.progress, obs.now, options.stallAfterMs)) {
    const seconds = Math.round((obs.now - obs.progress.since) / 1000);
    return { state: 'stalled', evidence: [...detection.evidence, `no progress on screen for ${seconds}s`] };
  }
  if (detection.state === 'unknown' && obs.agent && obs.now - session.firstSeen < options.startingGraceMs) {
    return { state: 'starting', evidence: [`${obs.agent.kind} started; screen not recognised yet`] };
  }
  if (detection.state === 'unknown' && !obs.agent) {
    return { state: 'unknown', evidence: ['no coding agent recognised in this terminal'] };
  }
  return { state: detection.state, evidence: detection.evidence };
}

function tailOf(lines: readonly string[]): readonly string[] {
  return lines
    .map((line) => line.replace(CONTROL_CHARS, '').trimEnd())
    .filter((line) => line.trim().length > 0)
    .slice(-TAIL_LINES);
}
