/**
 * The policy in force (source, shadow mode, fallback, rules) and, per session, the decision it
 * reached on the prompt showing — in shadow mode that is what it would have done, with nothing typed.
 */
import type { Snapshot } from '../../../electron/contract/dto';
import { SafeText } from './SafeText';

const VERB = { allow: 'allow', ask: 'ask you', deny: 'deny' } as const;

/** Props: the snapshot. */
export interface PolicyPanelProps {
  readonly snapshot: Snapshot;
}

/** The policy section of Controls. */
export function PolicyPanel({ snapshot }: PolicyPanelProps) {
  const policy = snapshot.policy ?? null;
  const decided = snapshot.sessions.filter((s) => !s.gone && s.policy !== null && s.policy !== undefined);
  return (
    <section className="group" aria-labelledby="policy-title">
      <h2 id="policy-title" className="group-title">
        Policy
      </h2>
      {policy === null ? (
        <p className="meta">No policy: every prompt waits for you.</p>
      ) : (
        <>
          <p className="meta" data-shadow={policy.shadow}>
            <SafeText text={policy.source} /> ·{' '}
            {policy.shadow ? (
              <strong>Shadow mode: decides and records, types nothing</strong>
            ) : (
              <strong>Enforcing</strong>
            )}{' '}
            · no match: {policy.fallback} · {policy.rules.length} rule{policy.rules.length === 1 ? '' : 's'}
          </p>
          {policy.rules.length > 0 ? (
            <details>
              <summary>Rules</summary>
              <ul className="plain rules">
                {policy.rules.map((r) => (
                  <li key={r.id}>
                    <code>
                      <SafeText text={r.id} />
                    </code>{' '}
                    → {r.decision}
                    {r.reason !== null ? (
                      <>
                        : <SafeText text={r.reason} />
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
      <h3 className="group-title">
        {policy?.shadow === true ? 'Shadow results' : 'Decisions on prompts showing'}
      </h3>
      {decided.length === 0 ? <p className="empty">No prompt is showing.</p> : null}
      <ul className="plain" aria-label="Policy decisions">
        {decided.map((s) => (
          <li key={s.id} className="meta" data-decision={s.policy?.decision}>
            <span className="num">#{s.number}</span> {s.policy?.shadow ? 'would ' : ''}
            {s.policy ? VERB[s.policy.decision] : ''}
            {s.prompt?.subject ? (
              <>
                {' '}
                <code>
                  <SafeText text={s.prompt.subject} />
                </code>
              </>
            ) : null}{' '}
            (rule{' '}
            <code>
              <SafeText text={s.policy?.rule ?? ''} />
            </code>
            )
          </li>
        ))}
      </ul>
    </section>
  );
}
