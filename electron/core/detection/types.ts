/**
 * What the detector says about one screen.
 */
import type { AgentKind, PromptView, SessionState } from '../../contract/dto';

/** Who we believe runs in a terminal before reading the screen (from process facts). */
export interface AgentHint {
  readonly kind: AgentKind | null;
  readonly version: string | null;
}

/** The detector's verdict on one rendered screen. `unknown` when nothing matched: never guessed. */
export interface Detection {
  /** One of working, idle, permission, question, error, stalled, unknown (never starting/exited). */
  readonly state: SessionState;
  /** The agent the screen shows, when the screen itself tells (banner, prompt shape). */
  readonly agent: AgentKind | null;
  readonly version: string | null;
  /** Set exactly when state is permission or question. */
  readonly prompt: PromptView | null;
  /** Human-readable reasons: the rule id and the lines that matched. */
  readonly evidence: readonly string[];
  readonly ruleId: string | null;
}
