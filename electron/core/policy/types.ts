/**
 * The policy engine's data: a compiled policy, what a decision is evaluated against, and the result.
 */
import type { AgentKind, PromptView } from '../../contract/dto';
import type { PolicyDecisionKind } from '../../contract/policy';
import type { EscalationConfig } from '../approvals/escalation';

/** One compiled rule: every criterion present must match. */
export interface PolicyRule {
  readonly id: string;
  readonly decision: PolicyDecisionKind;
  readonly reason: string | null;
  readonly agents: readonly AgentKind[] | null;
  readonly tools: readonly RegExp[] | null;
  /** Each prefix as words; a last word ending in `*` matches any word starting with the rest. */
  readonly commands: readonly (readonly string[])[] | null;
  readonly pattern: RegExp | null;
  readonly withinProject: boolean;
  /** Raw path globs (resolved per session: relative ones against its project). */
  readonly paths: readonly string[] | null;
  readonly projects: readonly string[] | null;
  readonly domains: readonly string[] | null;
}

/** A policy ready to evaluate. */
export interface Policy {
  readonly shadow: boolean;
  readonly fallback: 'ask' | 'deny';
  readonly maxAutoPerMinute: number;
  readonly rules: readonly PolicyRule[];
  /** Where it came from, for explanations ("policy.yaml", "built-in: ask everything"). */
  readonly source: string;
  /** The approvals' escalation ladder (`escalation:`); absent: the built-in defaults. */
  readonly escalation?: EscalationConfig | undefined;
}

/** What a decision is evaluated against besides the prompt. */
export interface PolicyContext {
  readonly agent: AgentKind | null;
  /** The session's working directory: the project. */
  readonly cwd: string | null;
  readonly home: string | null;
  /** Paths no agent may touch at all (Tower's own home and policy file). */
  readonly protectedPaths: readonly string[];
}

/** The outcome for one prompt. */
export interface PolicyDecision {
  readonly decision: PolicyDecisionKind;
  readonly rule: string;
  readonly explanation: string;
}

/** Reads a prompt's category from its parsed type. */
export type PromptCategory = 'command' | 'file' | 'url' | 'tool';

const FILE_TYPES = new Set(['edit', 'write', 'read', 'add', 'notebook', 'create', 'patch']);

/** Which kind of subject a prompt carries. */
export function categoryOf(prompt: PromptView): PromptCategory {
  if (prompt.type === 'bash') return 'command';
  if (FILE_TYPES.has(prompt.type)) return 'file';
  if (prompt.type === 'fetch' || prompt.type === 'browser') return 'url';
  return 'tool';
}

/** Where the supervisor gets the policy in force (a file adapter, a test's constant). */
export interface PolicyProvider {
  /** The policy to apply now; the last good one if the file went bad, or ask-everything. */
  current(): Policy;
  /** Tells `listener` after every reload attempt (the UIs and the ladder's timers follow at once). */
  onChange?(listener: () => void): () => void;
  /** The owner's home, for `~` in rules and paths. */
  readonly home: string | null;
  /** Paths no agent may touch (Tower's home, the policy file). */
  readonly protectedPaths: readonly string[];
  /**
   * Resolves symlinks (the longest existing prefix of `path`); null when it cannot tell. Without it,
   * path checks are lexical only.
   */
  readonly realPath?: (path: string) => Promise<string | null>;
}
