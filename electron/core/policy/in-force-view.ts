/**
 * The policy in force as a UI shows it: source, shadow mode, fallback and each rule's id, decision
 * and reason (never the compiled matchers).
 */
import type { PolicyInForceView } from '../../contract/policy';
import type { Policy } from './types';

/** Summarises a compiled policy for the snapshot. */
export function policyInForce(policy: Policy): PolicyInForceView {
  return {
    source: policy.source,
    shadow: policy.shadow,
    fallback: policy.fallback,
    rules: policy.rules.map((r) => ({ id: r.id, decision: r.decision, reason: r.reason })),
  };
}
