/**
 * TowerApi: every call a UI can make, and TowerEvents: every event it is told.
 *
 * Transports (Electron IPC, WebSocket, HTTP) loop over the name lists below, so adding a call means
 * adding it here, to the Supervisor, and to the UI that uses it.
 */
import type { AnswerOutcome, PoolView, SessionView, Snapshot, TaskView } from './dto';

import type { SecretInfo, SecretNameArgs, SetSecretArgs } from './settings';

/** The choice an owner makes on a prompt. `approve-remember` is never implied by `approve`. */
export type AnswerChoice = 'approve' | 'approve-remember' | 'deny';

/** Arguments of each call, validated at the transport by the schemas in schemas.ts. */
export interface AnswerPromptArgs {
  readonly session: string;
  readonly choice: AnswerChoice;
  /** When given, the answer is refused unless the prompt showing has this fingerprint. */
  readonly fingerprint?: string | undefined;
  /** Who answered and where, for the audit log ("cli", "tray", "telegram:123"). */
  readonly channel?: string | undefined;
}
export interface SendTextArgs {
  readonly session: string;
  readonly text: string;
  readonly submit?: boolean | undefined;
}
export interface OpenAgentArgs {
  readonly command: readonly string[];
  readonly title?: string | undefined;
  readonly cwd?: string | undefined;
  readonly provider?: 'tmux' | 'pty' | undefined;
}
export interface SessionArgs {
  readonly session: string;
}
export interface LockdownArgs {
  readonly engaged: boolean;
  /**
   * Where the request comes from. Only the owner at the Mac may lift LOCKDOWN: the local transports
   * accept only `api`, `cli` or `tray` (the default is `api`); in-process remote bridges pass their own
   * (`telegram:<id>`, `phone:<number>`), which may engage LOCKDOWN but never lift it.
   */
  readonly channel?: string | undefined;
}
export interface UnlockPhoneArgs {
  /** Who lifts it: only the owner at the Mac (`api`, `cli`, `tray`; see LockdownArgs). */
  readonly channel?: string | undefined;
}
export interface AddTaskArgs {
  /** What the agent is asked to do, typed into its input as one message. */
  readonly text: string;
}
export interface TaskArgs {
  readonly id: string;
}
/** Pool settings to change; omitted fields stay as they are. */
export interface ConfigurePoolArgs {
  readonly paused?: boolean | undefined;
  readonly maxAgents?: number | undefined;
  readonly cooldownMs?: number | undefined;
  readonly command?: readonly string[] | undefined;
  readonly cwd?: string | undefined;
  readonly resumeAfterLimit?: boolean | undefined;
  readonly maxRestarts?: number | undefined;
}
export interface BroadcastArgs {
  readonly text: string;
  /** `pool` (default): the pool's agents; `all`: every session running an agent. */
  readonly scope?: 'pool' | 'all' | undefined;
}

/** Every call a UI can make. */
export interface TowerApi {
  getSnapshot(): Promise<Snapshot>;
  answerPrompt(args: AnswerPromptArgs): Promise<AnswerOutcome>;
  sendText(args: SendTextArgs): Promise<{ readonly delivered: true }>;
  openAgent(args: OpenAgentArgs): Promise<SessionView>;
  closeAgent(args: SessionArgs): Promise<{ readonly closed: true }>;
  lockdown(args: LockdownArgs): Promise<{ readonly lockdown: boolean }>;
  /** Brings the session's tab or pane to the front (Terminal.app, iTerm2, tmux); types nothing. */
  focusAgent(args: SessionArgs): Promise<{ readonly focused: true }>;
  /** The secrets Tower knows, each with whether it is set — never a value. */
  listSecrets(): Promise<readonly SecretInfo[]>;
  /** Stores a secret (Keychain in the app, a 0600 file headless); it is never shown again in full. */
  setSecret(args: SetSecretArgs): Promise<{ readonly set: true }>;
  deleteSecret(args: SecretNameArgs): Promise<{ readonly deleted: true }>;
  /**
   * Lifts a phone TOTP lockout early (the owner at the Mac); `lifted` is false when the line was not
   * locked. Refused when no phone line runs.
   */
  unlockPhone(
    args: UnlockPhoneArgs,
  ): Promise<{ readonly lifted: boolean; readonly lockedUntil: number | null }>;
  /** Queues a task for the agent pool. */
  addTask(args: AddTaskArgs): Promise<TaskView>;
  /** The pool's tasks: queued, running, recently done. */
  listTasks(): Promise<readonly TaskView[]>;
  /** Removes a queued task (a running one is left to its agent). */
  removeTask(args: TaskArgs): Promise<{ readonly removed: true }>;
  /** Changes pool settings (pause/resume, max agents, command …). */
  configurePool(args: ConfigurePoolArgs): Promise<PoolView>;
  /** Types one message into every agent (skipping those showing a prompt). */
  broadcast(
    args: BroadcastArgs,
  ): Promise<{ readonly delivered: readonly string[]; readonly skipped: readonly string[] }>;
}

/** Every event the core pushes. */
export interface TowerEvents {
  snapshot: Snapshot;
  toast: { readonly level: 'info' | 'warn' | 'error'; readonly message: string };
}

export type TowerMethod = keyof TowerApi;
export type TowerEventName = keyof TowerEvents;

/** The call names, the one list every transport loops over. */
export const TOWER_METHODS = [
  'getSnapshot',
  'answerPrompt',
  'sendText',
  'openAgent',
  'closeAgent',
  'lockdown',
  'focusAgent',
  'listSecrets',
  'setSecret',
  'deleteSecret',
  'unlockPhone',
  'addTask',
  'listTasks',
  'removeTask',
  'configurePool',
  'broadcast',
] as const satisfies readonly TowerMethod[];

/** The event names. */
export const TOWER_EVENTS = ['snapshot', 'toast'] as const satisfies readonly TowerEventName[];

/** Errors a call can end with, by code, so every UI can say something clear. */
export type TowerErrorCode =
  | 'unknown-session'
  | 'no-prompt'
  | 'prompt-changed'
  | 'lockdown'
  | 'invalid-arguments'
  | 'not-allowed'
  | 'terminal-failed'
  | 'internal';

/** An error with a code that crosses the wire intact. */
export class TowerError extends Error {
  constructor(
    readonly code: TowerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TowerError';
  }
}
