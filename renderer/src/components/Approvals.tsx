/**
 * Approvals: every pending prompt, oldest first, and what this window's answers did.
 */
import { useState } from 'react';
import type { Snapshot } from '../../../electron/contract/dto';
import { pendingSessions } from '../lib/sessions';
import { PromptCard } from './PromptCard';
import type { AnswerRecord } from './PromptCard';
import { SafeText } from './SafeText';

/** Props: the snapshot. */
export interface ApprovalsProps {
  readonly snapshot: Snapshot;
}

const KEEP_ANSWERS = 10;

/** The approvals view. */
export function Approvals({ snapshot }: ApprovalsProps) {
  const [answers, setAnswers] = useState<readonly AnswerRecord[]>([]);
  const pending = pendingSessions(snapshot);
  const onAnswered = (record: AnswerRecord) => setAnswers((list) => [record, ...list].slice(0, KEEP_ANSWERS));
  return (
    <div className="view">
      {snapshot.lockdown ? (
        <p className="notice bad">LOCKDOWN is engaged: answers are refused until it is lifted.</p>
      ) : null}
      {pending.length === 0 ? <p className="empty">Nothing is waiting for you.</p> : null}
      {pending.map((session) =>
        session.prompt !== null ? (
          <PromptCard
            key={`${session.id}:${session.prompt.fingerprint}`}
            session={session}
            prompt={session.prompt}
            lockdown={snapshot.lockdown}
            onAnswered={onAnswered}
          />
        ) : null,
      )}
      <section aria-labelledby="answers-title" className="answers">
        <h2 id="answers-title" className="group-title">
          Answered from here
        </h2>
        <ul role="status" aria-live="polite" className="answer-list">
          {answers.map((a) => (
            <li key={a.key} className={a.ok ? 'ok' : 'bad'}>
              <span className="num">#{a.session}</span> <SafeText text={a.subject} /> — {a.text}
            </li>
          ))}
        </ul>
        {answers.length === 0 ? <p className="empty">No answers yet.</p> : null}
      </section>
    </div>
  );
}
