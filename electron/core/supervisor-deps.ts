/** What the Supervisor is built from, and its tunables (defaults suited to interactive use). */
import type { AgentKind } from '../contract/dto';
import type { EscalationConfig } from './approvals/escalation';
import type { HookWiring } from './hooks/launcher';
import type { PolicyProvider } from './policy/types';
import type { AuditSink, Clock, SecretStore, Store, TerminalDriver } from './ports';
import type { Detector } from './scanner';

/** Tunables, with defaults suited to interactive use. */
export interface SupervisorOptions {
  readonly fullScanEveryMs: number;
  readonly activityCoalesceMs: number;
  readonly stallAfterMs: number;
  readonly startingGraceMs: number;
  /** How long a fresh prompt must have been on screen before Tower types its answer (answer-prompt.ts). */
  readonly settleMs: number;
  /**
   * Shorter waits for agents whose dialog takes keys the moment it is drawn. Claude Code's does: Tower's
   * real-agent tests press keys as soon as the dialog shows, run after run. Codex's does not (it draws over
   * several frames and holds a lone Escape back), so it keeps `settleMs`. Never longer than `settleMs`.
   */
  readonly settleMsByAgent: Readonly<Partial<Record<AgentKind, number>>>;
  readonly confirmTimeoutMs: number;
  readonly confirmPollMs: number;
  /** Pause between typed text and the Enter that submits it (Codex drops an Enter that follows text too fast). */
  readonly submitDelayMs: number;
  /**
   * In a session with Claude Code hooks, how long a screen prompt waits for its hook before the owner
   * is asked: Claude draws the dialog while its PermissionRequest hook is still on its way, and a
   * hook that answers closes it again within this time (no badge, no notification for nothing).
   */
  readonly hookGraceMs: number;
}

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = {
  fullScanEveryMs: 2_000,
  activityCoalesceMs: 40,
  stallAfterMs: 120_000,
  startingGraceMs: 20_000,
  settleMs: 400,
  settleMsByAgent: { claude: 150 },
  confirmTimeoutMs: 4_000,
  confirmPollMs: 100,
  submitDelayMs: 200,
  hookGraceMs: 1_500,
};

/** The settle time for an answer to `agent`'s prompt. */
export function settleFor(options: SupervisorOptions, agent: AgentKind | null): number {
  const own = agent === null ? undefined : options.settleMsByAgent[agent];
  return own === undefined ? options.settleMs : Math.min(own, options.settleMs);
}

/** What the Supervisor is built from. */
export interface SupervisorDeps {
  readonly drivers: readonly TerminalDriver[];
  readonly detector: Detector;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly store: Store;
  /** Policy for new prompts; without it Tower decides nothing on its own (every prompt waits for the owner). */
  readonly policy?: PolicyProvider;
  /** Where settings put the owner's secrets; without it the settings calls are refused. */
  readonly secrets?: SecretStore;
  /** The approvals' escalation ladder; default: the policy file's `escalation:`, else the built-in one. */
  readonly escalation?: EscalationConfig;
  readonly options?: Partial<SupervisorOptions>;
  /** Claude Code hooks / Codex notify: per-launch install and terminal matching (see core/hooks). */
  readonly hooks?: HookWiring;
}
