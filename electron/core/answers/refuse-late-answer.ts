/**
 * A late, duplicate or expired answer is refused with who answered, where and when; nothing is typed.
 * Checked before answerPrompt settles and re-reads the screen, so a replayed request costs nothing.
 */
import type { AnswerPromptArgs } from '../../contract/api';
import { TowerError } from '../../contract/api';
import type { AuditSink, Clock } from '../ports';
import type { Session } from '../sessions/session';

/** What knows about answers already given (the approvals queue). */
export interface LateAnswers {
  lateAnswer(sessionId: string, fingerprint: string | undefined, showing: string | null): string | null;
}

/** Throws (after auditing) when `args` answers a prompt that was already answered or has ended. */
export async function refuseLateAnswer(
  session: Session,
  args: AnswerPromptArgs,
  deps: { readonly approvals: LateAnswers; readonly audit: AuditSink; readonly clock: Clock },
): Promise<void> {
  const late = deps.approvals.lateAnswer(session.id, args.fingerprint, session.prompt?.fingerprint ?? null);
  if (late === null) return;
  await deps.audit.append({
    at: deps.clock.now(),
    kind: 'answer-refused',
    session: session.id,
    channel: args.channel ?? 'api',
    detail: { choice: args.choice, reason: late, expected: args.fingerprint ?? null },
  });
  throw new TowerError(session.prompt ? 'not-allowed' : 'no-prompt', `session ${session.number}: ${late}`);
}
