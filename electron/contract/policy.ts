/**
 * The policy document (policy.yaml) and the policy decision a UI shows, as data and zod schemas.
 *
 * The document is validated here so every loader (file, a later `setPolicy` call) applies the same
 * rules; the core compiles a validated document into matchers (electron/core/policy).
 */
import { z } from 'zod';
import { AGENT_KINDS } from './dto';

/** What policy decides for a prompt: type the approval, leave it to the owner, or type the refusal. */
export const POLICY_DECISIONS = ['allow', 'ask', 'deny'] as const;
export type PolicyDecisionKind = (typeof POLICY_DECISIONS)[number];

/** The policy in force, summarised for a UI: where it came from, shadow mode, fallback, its rules. */
export interface PolicyInForceView {
  /** "policy.yaml", "built-in: ask everything" … */
  readonly source: string;
  /** Shadow mode: decisions are shown and audited, nothing is typed. */
  readonly shadow: boolean;
  readonly fallback: 'ask' | 'deny';
  readonly rules: readonly {
    readonly id: string;
    readonly decision: PolicyDecisionKind;
    readonly reason: string | null;
  }[];
}

/** The decision policy reached on the prompt a session shows, and why. */
export interface PolicyDecisionView {
  readonly decision: PolicyDecisionKind;
  /** The id of the rule that decided (`block:…` and `builtin:…` for Tower's own). */
  readonly rule: string;
  /** One sentence an owner can read: which rule, what it matched, or why nothing could be allowed. */
  readonly explanation: string;
  /** Shadow mode: nothing was typed; this is what would have happened. */
  readonly shadow: boolean;
  /** The prompt instance the decision is about. */
  readonly fingerprint: string;
}

const text = z.string().min(1).max(1_000);
const list = z.array(text).min(1).max(500);

/** One rule of policy.yaml. Every criterion given must match (AND); entries of one list are OR. */
export const policyRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/u, 'ids are 1-64 chars of a-z, 0-9, ".", "_", "-"'),
    decision: z.enum(POLICY_DECISIONS),
    /** A sentence shown to the owner when this rule decides. */
    reason: z.string().max(300).optional(),
    agents: z.array(z.enum(AGENT_KINDS)).min(1).optional(),
    /** Prompt type (bash, edit, write, read, fetch, mcp …) or tool name (Bash, WebFetch, mcp__x__*); globs. */
    tools: list.optional(),
    /** Command prefixes, by whole words (`git status`; a last word ending in `*` is a word prefix). */
    commands: list.optional(),
    /** A regular expression tested against the whole command or subject. */
    pattern: z.string().min(1).max(500).optional(),
    /** Every path-like argument must lie inside the project (the session's cwd). */
    within_project: z.boolean().optional(),
    /** Path globs for file prompts, relative to the project (`src/**`) or absolute. */
    paths: list.optional(),
    /** Globs of project directories (the session's cwd) this rule applies in. */
    projects: list.optional(),
    /** Hosts for fetch prompts (`docs.python.org`, `*.github.com`). */
    domains: list.optional(),
  })
  .strict();

const seconds = z.number().int().min(0).max(86_400);
const clockTime = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/u,
    'write quiet hours as "HH:MM-HH:MM" (24 h, local time)',
  );

/**
 * The escalation ladder for approvals: tray at once, then a native dialog, Telegram, and a phone call.
 * Times are seconds; `null` leaves a step out. `phone_after` counts from the Telegram step.
 */
export const escalationSchema = z
  .object({
    dialog_after: seconds.nullable().default(30),
    telegram_after: seconds.nullable().default(120),
    phone_after: seconds.nullable().default(600),
    /** Local time window in which the `quiet_channels` steps wait until it ends ("22:00-07:00"). */
    quiet_hours: clockTime.nullable().default(null),
    quiet_channels: z
      .array(z.enum(['dialog', 'telegram', 'phone']))
      .max(3)
      .default(['phone']),
    /** An approval nobody answered ends after this long (the prompt stays for the terminal). */
    expire_after: z
      .number()
      .int()
      .min(60)
      .max(7 * 86_400)
      .default(3_600),
  })
  .strict();

/** The escalation section, validated (defaults filled in). */
export type EscalationDocument = z.infer<typeof escalationSchema>;

/** policy.yaml as a whole. */
export const policyDocumentSchema = z
  .object({
    version: z.literal(1),
    /** Shadow mode: decide and audit, type nothing. */
    shadow: z.boolean(),
    /** What happens when no rule matches. Never `allow`. */
    default: z.enum(['ask', 'deny']).default('ask'),
    /** At most this many auto-approvals per session per minute; beyond it, prompts go to the owner. */
    max_auto_per_minute: z.number().int().min(1).max(600).default(20),
    rules: z.array(policyRuleSchema).max(1_000).default([]),
    escalation: escalationSchema.optional(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.rules.forEach((rule, index) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate id "${rule.id}"` });
      seen.add(rule.id);
    });
  });

/** A validated policy document. */
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
/** One validated rule. */
export type PolicyRuleDocument = z.infer<typeof policyRuleSchema>;
