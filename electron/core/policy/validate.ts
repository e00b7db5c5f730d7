/**
 * Validates a parsed policy document (any JSON-like value) and compiles it, reporting each problem
 * with the field it is in, so a loader can point at the line.
 */
import { policyDocumentSchema } from '../../contract/policy';
import { compilePolicy, PolicyCompileError } from './compile';
import type { Policy } from './types';

/** One problem in a policy document: the field path (`rules.2.pattern`) and what is wrong. */
export interface PolicyIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A compiled policy, or every problem found. */
export type PolicyValidation =
  | { readonly ok: true; readonly policy: Policy }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

/** Validates and compiles `doc`; `source` names it in explanations. */
export function validatePolicy(doc: unknown, source: string): PolicyValidation {
  const parsed = policyDocumentSchema.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
        message: issue.message,
      })),
    };
  }
  try {
    return { ok: true, policy: compilePolicy(parsed.data, source) };
  } catch (error) {
    if (error instanceof PolicyCompileError)
      return { ok: false, issues: [{ path: error.path, message: error.message }] };
    throw error;
  }
}
