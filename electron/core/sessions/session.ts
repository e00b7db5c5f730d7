/**
 * The session model: one terminal, the agent in it, its state and the evidence for that state.
 */
import type { AgentKind, PromptView, SessionState, TroubleView } from '../../contract/dto';
import type { TerminalInfo } from '../ports';

/** The agent identified in a terminal, if any. */
export interface AgentIdentity {
  readonly kind: AgentKind;
  readonly version: string | null;
}

/** One terminal as Tower knows it. Replaced whole on every change (never mutated in place). */
export interface Session {
  /** `<provider>:<terminal id>`: unique across providers, never reused. */
  readonly id: string;
  readonly number: number;
  readonly terminal: TerminalInfo;
  readonly agent: AgentIdentity | null;
  readonly state: SessionState;
  readonly evidence: readonly string[];
  readonly prompt: PromptView | null;
  /** Why a stalled, limited or exited session is stuck (null otherwise). */
  readonly trouble: TroubleView | null;
  readonly tail: readonly string[];
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly stateSince: number;
  /** When the terminal disappeared from its provider, or null while it exists. */
  readonly goneAt: number | null;
}

/** The session id for a terminal. */
export function sessionIdOf(terminal: Pick<TerminalInfo, 'provider' | 'id'>): string {
  return `${terminal.provider}:${terminal.id}`;
}
