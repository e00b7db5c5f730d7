/**
 * Views the core shows to every UI (tray, browser, CLI, Telegram, phone).
 *
 * Plain readonly data: what crosses a wire. The core's own models live in electron/core and are
 * mapped to these views by the Supervisor.
 */
import type { PolicyDecisionView, PolicyInForceView } from './policy';

export type { PolicyDecisionView, PolicyInForceView } from './policy';

/** Coding agents Tower knows how to read. `shell` is a terminal with no agent in it. */
export const AGENT_KINDS = [
  'claude',
  'codex',
  'gemini',
  'copilot',
  'cursor',
  'opencode',
  'aider',
  'amp',
] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

/** Every state a session can be in; see electron/core/sessions/README.md for what each means. */
export const SESSION_STATES = [
  'starting',
  'working',
  'idle',
  'permission',
  'question',
  'error',
  'stalled',
  'limited',
  'exited',
  'unknown',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** Where a terminal lives. */
export const PROVIDERS = ['tmux', 'pty', 'terminal-app', 'iterm2'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

/** Keys Tower may ever send. Nothing outside this list can be typed as a control key. */
export const KEYS = [
  'Enter',
  'Escape',
  'Tab',
  'Up',
  'Down',
  'Left',
  'Right',
  'Backspace',
  'CtrlC',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  'y',
  'n',
] as const;
export type Key = (typeof KEYS)[number];

/** One option of a prompt's menu, with the keys that choose it. */
export interface PromptOptionView {
  readonly label: string;
  readonly keys: readonly Key[];
  readonly selected: boolean;
  /** Approves and also widens future permissions ("don't ask again", "always"): never chosen implicitly. */
  readonly remembers: boolean;
  readonly role: 'approve' | 'approve-remember' | 'deny' | 'other';
}

/** A prompt parsed off the screen: what the agent asks, about what, and how to answer. */
export interface PromptView {
  readonly kind: 'permission' | 'question';
  /** bash, edit, write, fetch, mcp, plan, ask, trust, update … */
  readonly type: string;
  /** The tool as the agent names it (Bash, Edit, WebFetch, an MCP tool …), when shown. */
  readonly tool: string | null;
  /** The exact command, file or URL shown, in full. */
  readonly subject: string | null;
  readonly question: string;
  readonly options: readonly PromptOptionView[];
  /** Binds an answer to this exact prompt instance. */
  readonly fingerprint: string;
  /** Whether policy could ever answer it without a human (never for trust, plan, update, ask). */
  readonly autoAnswerable: boolean;
}

/** A session: one terminal and what runs in it. */
export interface SessionView {
  readonly id: string;
  /** Short number for humans ("flight 2"), stable while the session lives. */
  readonly number: number;
  readonly provider: ProviderId;
  readonly terminalId: string;
  readonly title: string;
  readonly agent: { readonly kind: AgentKind; readonly version: string | null } | null;
  readonly state: SessionState;
  readonly evidence: readonly string[];
  readonly prompt: PromptView | null;
  readonly pid: number | null;
  readonly cwd: string | null;
  readonly stateSince: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The terminal vanished from its provider; kept visible until forgotten. */
  readonly gone: boolean;
  /** Last non-empty lines of the screen, control characters removed. */
  readonly tail: readonly string[];
  /** Policy's decision on the prompt showing (absent or null when no prompt or no policy). */
  readonly policy?: PolicyDecisionView | null;
  /** Why a `stalled` session is stuck, and when a `limited` one resets (absent otherwise). */
  readonly trouble?: TroubleView | null;
}

/** What is wrong with a stalled, limited or exited session, as Tower classified it. */
export interface TroubleView {
  readonly kind: 'stall' | 'usage-limit' | 'context-limit' | 'crash' | 'exit';
  /** stall: hidden-prompt | api-retry | hung-child | no-progress. */
  readonly cause: string | null;
  /** usage-limit: when the agent's limit resets (ms since epoch), when the screen says. */
  readonly resetsAt: number | null;
}

/** How the registry compares to the real terminals on the last scan. */
export interface GroundTruthView {
  readonly registryCount: number;
  readonly terminalCount: number;
  readonly agreed: boolean;
  readonly providers: readonly {
    readonly id: ProviderId;
    readonly available: boolean;
    readonly reason: string | null;
  }[];
  readonly scannedAt: number;
}

/** Where an approval is brought to the owner, in the order the escalation ladder climbs. */
export const ESCALATION_CHANNELS = ['tray', 'dialog', 'telegram', 'phone'] as const;
export type EscalationChannel = (typeof ESCALATION_CHANNELS)[number];

/** Life of an approval: waiting for the owner, being typed, or ended (and how). */
export const APPROVAL_STATUSES = ['pending', 'answering', 'answered', 'expired', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * One prompt that needs the owner, bound to that prompt instance (session + fingerprint).
 * Every channel shows the same item; the first answer wins and the rest see who answered where.
 */
export interface ApprovalView {
  readonly id: string;
  readonly session: string;
  readonly sessionNumber: number;
  readonly agent: AgentKind | null;
  readonly fingerprint: string;
  /** The prompt exactly as parsed when the approval was raised (tool, full subject, options). */
  readonly prompt: PromptView;
  /** Why it needs the owner: the policy rule that said ask, or why policy could not decide. */
  readonly reason: string;
  readonly status: ApprovalStatus;
  readonly createdAt: number;
  /** After this the approval answers nothing (the prompt may still be answered at the terminal). */
  readonly expiresAt: number | null;
  /** Ladder steps reached so far, in order; a bridge acts when its channel appears here. */
  readonly escalatedTo: readonly EscalationChannel[];
  /** Who answered, where, and what it did; null while pending. */
  readonly answer: {
    readonly choice: 'approve' | 'approve-remember' | 'deny';
    readonly channel: string;
    readonly at: number;
    readonly delivered: boolean;
  } | null;
  /** When it ended for another reason: expired, the prompt left the screen, LOCKDOWN. */
  readonly endedBecause: string | null;
  /** Something the owner should know before answering (an answer interrupted by a restart). */
  readonly note?: string | null;
}

/** A remote bridge or integration and whether it works right now. */
export interface BridgeView {
  readonly id: 'telegram' | 'phone' | 'hooks';
  readonly state: 'up' | 'down' | 'off';
  /** One line: bot name, webhook URL, hooks installed where. */
  readonly detail: string | null;
  /** Why it is down or off, in words the owner can act on. */
  readonly reason: string | null;
  readonly lastActivityAt: number | null;
  /** The phone line refuses calls until then after too many wrong PIN codes (`unlockPhone` lifts it). */
  readonly lockedUntil?: number | null | undefined;
}

/** Everything a UI needs to render; pushed whole on every change. */
export interface Snapshot {
  readonly sessions: readonly SessionView[];
  /** Pending approvals first, then recently ended ones (so every channel can show who answered). */
  readonly approvals: readonly ApprovalView[];
  readonly bridges: readonly BridgeView[];
  /** The policy in force (absent or null when Tower runs without one: every prompt goes to the owner). */
  readonly policy?: PolicyInForceView | null;
  /** The agent pool: its task queue, the agents it runs, and what supervision did lately. */
  readonly pool: PoolView;
  readonly groundTruth: GroundTruthView;
  readonly lockdown: boolean;
  /** Why LOCKDOWN is on when Tower engaged it itself (an unreadable state file); null otherwise. */
  readonly lockdownReason?: string | null;
  readonly version: number;
}

/** A task waiting in the pool's queue, being worked on, or finished. */
export interface TaskView {
  readonly id: string;
  readonly text: string;
  readonly status: 'queued' | 'running' | 'done';
  readonly createdAt: number;
  /** The session working on it (running, done), or null while queued. */
  readonly session: string | null;
  readonly startedAt: number | null;
  readonly doneAt: number | null;
}

/** Something supervision noticed (stall, crash, limit) and what it did about it. */
export interface IncidentView {
  readonly at: number;
  readonly session: string;
  readonly sessionNumber: number;
  readonly kind: TroubleView['kind'];
  readonly cause: string | null;
  /** restarted, respawned, resumed, escalated, waiting (for a limit to reset), frozen (LOCKDOWN). */
  readonly action: 'restarted' | 'respawned' | 'resumed' | 'escalated' | 'waiting' | 'frozen';
  readonly detail: string;
}

/** The agent pool: settings, queue, agents and recent incidents. */
export interface PoolView {
  readonly paused: boolean;
  readonly maxAgents: number;
  /** Idle agents with nothing queued are closed after this long. */
  readonly cooldownMs: number;
  /** argv the pool opens agents with; null until configured (the pool then opens nothing). */
  readonly command: readonly string[] | null;
  readonly cwd: string | null;
  /** Type "continue" into a usage-limited agent when its limit resets. */
  readonly resumeAfterLimit: boolean;
  /** Restarts per session before supervision escalates to the owner instead. */
  readonly maxRestarts: number;
  readonly tasks: readonly TaskView[];
  /** Sessions the pool opened, with the task each is on. */
  readonly agents: readonly { readonly session: string; readonly task: string | null }[];
  readonly incidents: readonly IncidentView[];
}

/** A pool with nothing configured, queued or running (for snapshots built before the pool exists). */
export const EMPTY_POOL_VIEW: PoolView = {
  paused: false,
  maxAgents: 8,
  cooldownMs: 60_000,
  command: null,
  cwd: null,
  resumeAfterLimit: false,
  maxRestarts: 3,
  tasks: [],
  agents: [],
  incidents: [],
};

/** What an answer did, told back to whoever asked. */
export type AnswerOutcome =
  | { readonly kind: 'delivered'; readonly keys: readonly Key[]; readonly confirmed: boolean }
  | { readonly kind: 'refused'; readonly reason: string };
