import type { TerminalInfo } from '../ports';
import type { TerminalTag } from './hook-event';
/**
 * Port: prepares an agent's argv so it runs with Tower's hooks (per-launch settings file, Codex
 * notify). Implemented in electron/adapters/hooks; without one, agents start as given.
 */

/** The argv to start, and the launch tag its hook events will carry (null: no hooks for this one). */
export interface PreparedLaunch {
  readonly command: string[];
  readonly launch: string | null;
  /** Which agent the hooks were set up for (Claude Code hooks can answer permission requests; Codex notify cannot). */
  readonly agent: 'claude' | 'codex' | null;
}

/** Rewrites an agent command line to carry Tower's hooks. */
export interface AgentLaunchPreparer {
  prepare(command: readonly string[]): Promise<PreparedLaunch>;
}

/** What the composition root gives the Supervisor for hooks. */
export interface HookWiring {
  readonly launcher?: AgentLaunchPreparer;
  /** Provider-specific terminal matching (tmux socket + pane); see adapters/hooks/terminal-match.ts. */
  readonly matchTerminal?: (tag: TerminalTag, terminal: TerminalInfo) => boolean;
}
