/**
 * One terminal as ground truth sees it: agent, state, time in state, evidence, last screen lines.
 */
import type { SessionView } from '../../../electron/contract/dto';
import { formatDuration } from '../lib/duration';
import { agentLabel } from '../lib/sessions';
import { SafeText } from './SafeText';
import { StateBadge } from './StateBadge';

/** Props: the session and the current time. */
export interface SessionCardProps {
  readonly session: SessionView;
  readonly now: number;
}

/** A card per session; screen-derived text is rendered through SafeText only. */
export function SessionCard({ session, now }: SessionCardProps) {
  const headingId = `session-${session.id}-title`;
  return (
    <article
      className={`card${session.gone ? ' gone' : ''}`}
      aria-labelledby={headingId}
      data-session={session.number}
    >
      <header className="card-head">
        <h3 id={headingId} className="card-title">
          <span className="num">#{session.number}</span> <SafeText text={session.title} />
        </h3>
        <StateBadge state={session.state} />
      </header>
      <p className="meta">
        <span className="agent">
          <SafeText text={agentLabel(session)} />
        </span>
        {' · '}
        <span>for {formatDuration(now - session.stateSince)}</span>
        {session.gone ? ' · terminal gone' : ''}
        {session.cwd !== null ? (
          <>
            {' · '}
            <span className="cwd">
              <SafeText text={session.cwd} />
            </span>
          </>
        ) : null}
      </p>
      {session.evidence.length > 0 ? (
        <p className="evidence">
          <span className="label">Evidence:</span> <SafeText text={session.evidence.join(' · ')} />
        </p>
      ) : null}
      {session.tail.length > 0 ? (
        <pre className="screen" aria-label={`Last screen lines of session ${session.number}`}>
          {session.tail.map((line, i) => (
            <span key={i} className="screen-line">
              <SafeText text={line} />
              {'\n'}
            </span>
          ))}
        </pre>
      ) : null}
    </article>
  );
}
