/**
 * Turns a validated policy document into matchers, and the fail-closed policy used when there is no
 * good document.
 */
import type { PolicyDocument, PolicyRuleDocument } from '../../contract/policy';
import { escalationFromDocument } from '../approvals/escalation';
import { globToRegExp } from './paths';
import type { Policy, PolicyRule } from './types';

/** A policy document that validated but cannot be compiled (a bad regular expression). */
export class PolicyCompileError extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
    this.name = 'PolicyCompileError';
  }
}

/** The policy in force when none could be loaded: every prompt goes to the owner, nothing is typed. */
export function askEverything(source: string): Policy {
  return { shadow: true, fallback: 'ask', maxAutoPerMinute: 1, rules: [], source };
}

/** Compiles a validated document. Throws PolicyCompileError naming the field. */
export function compilePolicy(doc: PolicyDocument, source: string): Policy {
  return {
    shadow: doc.shadow,
    fallback: doc.default,
    maxAutoPerMinute: doc.max_auto_per_minute,
    rules: doc.rules.map((rule, index) => compileRule(rule, index)),
    source,
    escalation: doc.escalation === undefined ? undefined : escalationFromDocument(doc.escalation),
  };
}

function compileRule(rule: PolicyRuleDocument, index: number): PolicyRule {
  let pattern: RegExp | null = null;
  if (rule.pattern !== undefined) {
    try {
      pattern = new RegExp(rule.pattern, 'u');
    } catch (error) {
      throw new PolicyCompileError(
        ['rules', index, 'pattern'],
        `not a valid regular expression (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  return {
    id: rule.id,
    decision: rule.decision,
    reason: rule.reason ?? null,
    agents: rule.agents ?? null,
    tools: rule.tools?.map((t) => globToRegExp(t, 'iu')) ?? null,
    commands: rule.commands?.map((c) => c.trim().split(/\s+/u)) ?? null,
    pattern,
    withinProject: rule.within_project ?? false,
    paths: rule.paths ?? null,
    projects: rule.projects ?? null,
    domains: rule.domains?.map((d) => d.toLowerCase()) ?? null,
  };
}
