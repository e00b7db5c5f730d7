/**
 * Why a prompt reached the owner: the policy rule that decided, its explanation, and shadow results.
 */
import type { PolicyDecisionView } from '../../../electron/contract/dto';
import { SafeText } from './SafeText';

const VERB = { allow: 'allow', ask: 'ask you', deny: 'deny' } as const;

/** One line about policy's decision; nothing when there is no decision. */
export function PolicyNote({ policy }: { readonly policy: PolicyDecisionView | null | undefined }) {
  if (policy === null || policy === undefined) return null;
  return (
    <p className="meta policy" data-decision={policy.decision}>
      {policy.shadow ? (
        <>Shadow mode: policy would {VERB[policy.decision]}</>
      ) : policy.decision === 'ask' ? (
        <>Sent to you by policy</>
      ) : (
        <>Policy decided to {VERB[policy.decision]}</>
      )}{' '}
      (rule{' '}
      <code>
        <SafeText text={policy.rule} />
      </code>
      ): <SafeText text={policy.explanation} />
    </p>
  );
}
