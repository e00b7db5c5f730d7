/**
 * Approvals: what waits for the owner (the approvals queue's items, then any prompt on screen it does
 * not hold), what this window's answers did, and how recent approvals ended — who answered where.
 */
import { useState } from 'react';
import type { Snapshot } from '../../../electron/contract/dto';
import { describeEnded, endedApprovals, pendingItems } from '../lib/approvals';
import { PromptCard } from './PromptCard';
import type { AnswerRecord } from './PromptCard';
import { SafeText } from './SafeText';

/** Props: the snapshot. */
export interface ApprovalsProps {
  readonly snapshot: Snapshot;
}

const KEEP_ANSWERS = 10;
const clockTime = (ms: number) => new Date(ms).toLocaleTimeString();

/** The approvals view. */
export function Approvals({ snapshot }: ApprovalsProps) {
  const [answers, setAnswers] = useState<readonly AnswerRecord[]>([]);
  const pending = pendingItems(snapshot);
  const ended = endedApprovals(snapshot);
  const onAnswered = (record: AnswerRecord) => setAnswers((list) => [record, ...list].slice(0, KEEP_ANSWERS));
  return (
    <div className="view">
      {snapshot.lockdown ? (
        <p className="notice bad">LOCKDOWN is engaged: answers are refused until it is lifted.</p>
      ) : null}
      {pending.length === 0 ? <p className="empty">Nothing is waiting for you.</p> : null}
      {pending.map((item) => (
        <PromptCard
          key={item.key}
          session={item.session}
          prompt={item.prompt}
          approval={item.approval}
          lockdown={snapshot.lockdown}
          onAnswered={onAnswered}
        />
      ))}
      {answers.length > 0 ? (
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
        </section>
      ) : null}
      <section aria-labelledby="ended-title" className="answers">
        <h2 id="ended-title" className="group-title">
          Recently ended
        </h2>
        {ended.length === 0 ? <p className="empty">No approvals have ended yet.</p> : null}
        <ul className="answer-list" aria-label="Ended approvals">
          {ended.map((a) => (
            <li key={a.id} className={a.status === 'answered' && a.answer?.delivered ? 'ok' : 'quiet'}>
              <span className="num">#{a.sessionNumber}</span>{' '}
              <SafeText text={a.prompt.subject ?? a.prompt.question} /> — {describeEnded(a, clockTime)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
