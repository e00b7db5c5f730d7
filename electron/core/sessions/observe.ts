/**
 * Turns one observation of a terminal (its info, its screen, the detector's verdict) into the
 * session's next record. Pure: the supervisor supplies everything, including the time.
 */
import type { SessionState, TroubleView } from '../../contract/dto';
import type { Detection } from '../detection/types';
import type { ScreenCapture } from '../ports';
import type { AgentIdentity, Session } from './session';
import { findLimit } from './limits';
import { isStalled, type Progress } from './progress';
import { classifyStall, describeStall, exitTrouble } from './trouble';

/** Tunables for deriving state. */
export interface ObserveOptions {
  /** A working agent with no screen change, no events and no child CPU this long is stalled. */
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
  const { state, evidence, trouble = null } = deriveState(session, obs, options);
  const prompt = state === 'permission' || state === 'question' ? obs.detection.prompt : null;
  // A different prompt is a new wait even in the same state: answering must let it settle afresh, and
  // "waiting for 2 min" must not count the prompt before it (Claude asks for tool after tool).
  const changed = state !== session.state || prompt?.fingerprint !== session.prompt?.fingerprint;
  return {
    ...session,
    agent: obs.agent,
    state,
    evidence,
    prompt,
    trouble,
    tail: tailOf(obs.screen.lines),
    lastSeen: obs.now,
    stateSince: changed ? obs.now : session.stateSince,
  };
}

function deriveState(
  session: Session,
  obs: Observation,
  options: ObserveOptions,
): { state: SessionState; evidence: readonly string[]; trouble?: TroubleView } {
  const { terminal } = session;
  if (!terminal.alive) {
    const code = terminal.exitCode === null ? 'unknown' : String(terminal.exitCode);
    const trouble = exitTrouble(terminal.exitCode);
    return { state: 'exited', evidence: [`process exited (code ${code}): ${trouble.kind}`], trouble };
  }
  const { detection } = obs;
  if (detection.state === 'error') {
    const limit = findLimit(obs.screen.lines, obs.now);
    if (limit?.kind === 'usage-limit') {
      // The same limit line keeps the reset time first read from it ("resets 3pm" read after 3pm is tomorrow).
      const known =
        session.trouble?.kind === 'usage-limit' && session.trouble.cause === limit.line.slice(0, 200);
      const resetsAt = known ? (session.trouble?.resetsAt ?? null) : limit.resetsAt;
      const when =
        resetsAt === null ? 'reset time not shown' : `resets at ${new Date(resetsAt).toISOString()}`;
      return {
        state: 'limited',
        evidence: [...detection.evidence, `usage limit: ${when}`],
        trouble: { kind: 'usage-limit', cause: limit.line.slice(0, 200), resetsAt },
      };
    }
    if (limit?.kind === 'context-limit') {
      const trouble: TroubleView = { kind: 'context-limit', cause: limit.line.slice(0, 200), resetsAt: null };
      return { state: 'error', evidence: [...detection.evidence, 'context limit reached'], trouble };
    }
  }
  const stuck =
    detection.state === 'stalled' ||
    ((detection.state === 'working' || (detection.state === 'unknown' && obs.agent !== null)) &&
      isStalled(obs.progress, obs.now, options.stallAfterMs));
  if (stuck) {
    const cause = classifyStall(obs.screen.lines, obs.progress, detection.ruleId);
    const seconds = Math.round((obs.now - obs.progress.since) / 1000);
    return {
      state: 'stalled',
      evidence: [...detection.evidence, `no progress for ${seconds}s: ${describeStall(cause)}`],
      trouble: { kind: 'stall', cause, resetsAt: null },
    };
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
