/**
 * Why a session is stuck: a stall's likely cause, a crash versus a clean exit. Pure.
 *
 * The causes are hints for the owner and for the restart policy, never a reason to type anything.
 */
import type { TroubleView } from '../../contract/dto';
import type { Progress } from './progress';

/** A stall's likely cause. */
export type StallCause = 'hidden-prompt' | 'api-retry' | 'hung-child' | 'no-progress';

// A question the agent's screen is not built for: a child asking on the terminal, or a dialog the
// rule pack does not know. Looked for on the last non-empty lines only.
const HIDDEN_QUESTION =
  /(?:\?\s*$|(?:password|passphrase|username|token)\b.*:\s*$|\((?:y\/n|yes\/no)\)|\[(?:y\/n|Y\/n|y\/N)\]|press (?:enter|any key|return)|continue\?\s*$)/iu;
const RETRY =
  /Retrying in \d+\s*s\b|will retry in\b|No response from API|next try in|attempt \d+\s*\/\s*\d+/iu;

/** What a stalled screen most likely waits on. */
export function classifyStall(
  lines: readonly string[],
  progress: Progress,
  detectedRule: string | null,
): StallCause {
  if (detectedRule?.includes('retry') || lines.slice(-12).some((l) => RETRY.test(l))) return 'api-retry';
  const last = lines
    .map((l) => l.trimEnd())
    .filter((l) => l.trim().length > 0)
    .slice(-4);
  if (last.some((l) => HIDDEN_QUESTION.test(l))) return 'hidden-prompt';
  if (progress.hasChildren) return 'hung-child';
  return 'no-progress';
}

/** The trouble an exited terminal shows: a non-zero code or a signal is a crash, code 0 a clean exit. */
export function exitTrouble(exitCode: number | null): TroubleView {
  return { kind: exitCode === 0 ? 'exit' : 'crash', cause: exitCause(exitCode), resetsAt: null };
}

function exitCause(exitCode: number | null): string {
  if (exitCode === null) return 'killed by a signal or lost';
  return exitCode === 0 ? 'exited cleanly' : `exit code ${exitCode}`;
}

/** Words for a stall cause, for evidence and notifications. */
export function describeStall(cause: StallCause): string {
  switch (cause) {
    case 'hidden-prompt':
      return 'waiting on a prompt Tower cannot parse';
    case 'api-retry':
      return 'stuck retrying the model API';
    case 'hung-child':
      return 'a child process is running but using no CPU';
    case 'no-progress':
      return 'no screen change, no events, no child CPU';
  }
}
