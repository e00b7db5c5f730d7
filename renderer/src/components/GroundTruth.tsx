/**
 * Ground truth: every terminal Tower sees, grouped by provider, with a warning when the registry and
 * the real terminals disagree.
 */
import type { Snapshot } from '../../../electron/contract/dto';
import { useNow } from '../hooks/tower-context';
import { disagreement, groupByProvider, providerName } from '../lib/sessions';
import { SafeText } from './SafeText';
import { SessionCard } from './SessionCard';

/** Props: the snapshot to show. */
export interface GroundTruthProps {
  readonly snapshot: Snapshot;
}

/** The ground-truth view. */
export function GroundTruth({ snapshot }: GroundTruthProps) {
  const now = useNow();
  const warning = disagreement(snapshot.groundTruth);
  const groups = groupByProvider(snapshot);
  return (
    <div className="view">
      {warning !== null ? (
        <p className="notice warn" role="alert">
          <strong>Registry and terminals disagree.</strong> {warning}
        </p>
      ) : null}
      {groups.length === 0 ? <p className="empty">No terminal providers are configured.</p> : null}
      {groups.map((group) => (
        <section key={group.id} className="group" aria-labelledby={`provider-${group.id}`}>
          <h2 id={`provider-${group.id}`} className="group-title">
            {providerName(group.id)}{' '}
            <span className="count">
              {group.sessions.length} terminal{group.sessions.length === 1 ? '' : 's'}
            </span>
          </h2>
          {!group.available ? (
            <p className="notice bad">
              Unavailable{group.reason !== null ? ': ' : ''}
              {group.reason !== null ? <SafeText text={group.reason} /> : null}
            </p>
          ) : null}
          {group.available && group.reason !== null ? (
            <p className="meta">
              <SafeText text={group.reason} />
            </p>
          ) : null}
          {group.available && group.sessions.length === 0 ? <p className="empty">No terminals.</p> : null}
          {group.sessions.map((session) => (
            <SessionCard key={session.id} session={session} now={now} />
          ))}
        </section>
      ))}
      <p className="footnote">
        Registry {snapshot.groundTruth.registryCount} · terminals {snapshot.groundTruth.terminalCount} ·
        scanned {formatClock(snapshot.groundTruth.scannedAt)}
      </p>
    </div>
  );
}

function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString();
}
