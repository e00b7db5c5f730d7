/**
 * The policy decision for one prompt. Deterministic, pure, and fail-closed:
 *
 * 1. Only a permission prompt the detector marks auto-answerable can be decided; every other prompt
 *    (trust, plan, questions, updates, anything unknown) goes to the owner.
 * 2. The hard blocklist denies, and nothing in policy.yaml can override it.
 * 3. Rules are read like Claude Code's: deny rules, then ask rules, then allow rules — the first match
 *    of the strictest kind wins, whatever the order in the file.
 * 4. Before an allow rule is consulted, the floor: a command Tower cannot parse exactly, a path that
 *    escapes the project, a subject cut short … goes to the owner.
 * 5. Nothing matched: the policy's default (`ask` or `deny`, never `allow`).
 */
import type { PromptView } from '../../contract/dto';
import type { PolicyDecisionKind } from '../../contract/policy';
import { blockHit } from './blocklist';
import { floorReason } from './floor';
import { ruleMatches } from './match';
import type { Policy, PolicyContext, PolicyDecision, PolicyRule } from './types';

/** Decides what policy does with `prompt`. */
export function evaluatePolicy(
  policy: Policy,
  prompt: PromptView | null,
  ctx: PolicyContext,
): PolicyDecision {
  if (prompt === null) return decided('ask', 'builtin:no-prompt', 'No prompt was parsed; the owner decides.');
  if (prompt.kind !== 'permission' || !prompt.autoAnswerable) {
    return decided(
      'ask',
      'builtin:owner-only',
      `A ${prompt.type} ${prompt.kind} prompt is only ever answered by the owner.`,
    );
  }
  const hit = blockHit(prompt, ctx);
  if (hit)
    return decided('deny', `block:${hit.id}`, `Blocked by Tower's hard blocklist: ${hit.explanation}.`);
  for (const kind of ['deny', 'ask'] as const) {
    const rule = policy.rules.find((r) => r.decision === kind && ruleMatches(r, prompt, ctx, 'loose'));
    if (rule) return fromRule(rule, prompt);
  }
  const floor = floorReason(prompt, ctx);
  if (floor) return decided('ask', 'builtin:unverifiable', `Sent to the owner: ${floor}.`);
  const allow = policy.rules.find((r) => r.decision === 'allow' && ruleMatches(r, prompt, ctx, 'strict'));
  if (allow) {
    const widening = approveOptionProblem(prompt);
    if (widening)
      return decided('ask', 'builtin:unverifiable', `Rule "${allow.id}" matched, but ${widening}.`);
    return fromRule(allow, prompt);
  }
  return decided(
    policy.fallback,
    'builtin:default',
    `No rule in ${policy.source} matches this ${prompt.tool ?? prompt.type} prompt; the default is ${policy.fallback}.`,
  );
}

// The option an approval selects (the first plain approve row) must read as "yes, once": a row the
// detector missed as remembering ("allow reading from /etc from this project") must never be typed.
const WIDENING =
  /\b(always|don'?t ask|do not ask|from this project|for this project|this session|remember|all\b|every)/iu;

function approveOptionProblem(prompt: PromptView): string | null {
  const option = prompt.options.find((o) => o.role === 'approve');
  if (!option) return 'the prompt shows no plain "yes, once" option';
  if (option.remembers || WIDENING.test(option.label))
    return `its approve option "${option.label}" would widen the agent's permissions`;
  return null;
}

function fromRule(rule: PolicyRule, prompt: PromptView): PolicyDecision {
  const what = `${prompt.tool ?? prompt.type}${prompt.subject === null ? '' : ` ${JSON.stringify(prompt.subject)}`}`;
  const verb = { allow: 'allows', ask: 'sends to the owner', deny: 'denies' }[rule.decision];
  const because = rule.reason === null ? '' : ` (${rule.reason})`;
  return decided(rule.decision, rule.id, `Rule "${rule.id}" ${verb} ${what}${because}.`);
}

function decided(decision: PolicyDecisionKind, rule: string, explanation: string): PolicyDecision {
  return { decision, rule, explanation };
}
