/**
 * Ports: the small interfaces the core needs from the outside world. Adapters implement them.
 */
import type { Key, ProviderId } from '../contract/dto';

/** A process seen on a terminal (the foreground job, the agent, its children). */
export interface ProcessFact {
  readonly pid: number;
  readonly command: string;
  /** Full argv as the OS reports it, for recognising agents launched through node or a wrapper. */
  readonly args: string;
  /** CPU time (user + system, ms) the process has used so far, when the driver reads it (stall detection). */
  readonly cpuMs?: number | undefined;
}

/** One terminal as its provider reports it right now. */
export interface TerminalInfo {
  readonly provider: ProviderId;
  /**
   * Identity that is stable for the life of this terminal and never reused by another one
   * (for tmux: server socket + pane id + pane creation time, so a restarted server's %0 is new).
   */
  readonly id: string;
  readonly title: string;
  /** The pid of the terminal's shell or command, when known. */
  readonly pid: number | null;
  readonly alive: boolean;
  readonly exitCode: number | null;
  readonly cwd: string | null;
  /** Name of the foreground command (`claude`, `codex`, `node`, `bash`). */
  readonly currentCommand: string | null;
  /** Processes running on the terminal, when the provider can tell. */
  readonly processes: readonly ProcessFact[];
  readonly cols: number;
  readonly rows: number;
}

/** The rendered visible screen: rows of text as a terminal shows them, attributes removed. */
export interface ScreenCapture {
  readonly lines: readonly string[];
  readonly cols: number;
  readonly rows: number;
  /** Cursor position if known; prompts often put it on the input line. */
  readonly cursor: { readonly x: number; readonly y: number } | null;
  readonly title: string | null;
  /** The terminal is in a mode where keys do not reach the program (tmux copy-mode). */
  readonly inMode: boolean;
  /** The terminal's program has exited (the screen is its last), when the driver knows it. */
  readonly exited?: boolean | undefined;
}

/** Input Tower types: keys from the fixed vocabulary, or literal text sent as-is. */
export type TypedInput =
  { readonly kind: 'keys'; readonly keys: readonly Key[] } | { readonly kind: 'text'; readonly text: string };

/** What to open: argv, never a shell string. */
export interface OpenSpec {
  readonly command: readonly string[];
  readonly title: string;
  readonly cwd?: string | undefined;
  readonly env?: Readonly<Record<string, string>> | undefined;
  readonly cols?: number | undefined;
  readonly rows?: number | undefined;
}

/** A provider of terminals: tmux, Tower's own ptys, Terminal.app, iTerm2. */
export interface TerminalDriver {
  readonly provider: ProviderId;
  /** Whether this provider can be used here, and why not. */
  availability(): Promise<{ readonly available: boolean; readonly reason: string | null }>;
  list(): Promise<readonly TerminalInfo[]>;
  /**
   * The visible screen. With `unchangedOk` the driver may return its previous capture when it knows
   * nothing reached the terminal since (tmux control mode, a pty's own parser): the periodic scan's
   * safety-net read. Without it, the screen is read now.
   */
  readScreen(id: string, options?: { readonly unchangedOk?: boolean }): Promise<ScreenCapture>;
  /**
   * Types into one terminal. Only electron/core/typing calls this: it is Tower's one path to a keyboard.
   * Rejects when the terminal is gone.
   */
  type(id: string, input: TypedInput): Promise<void>;
  open(spec: OpenSpec): Promise<TerminalInfo>;
  close(id: string): Promise<void>;
  /**
   * Brings the terminal's tab or pane to the front so the owner can look at it (types nothing).
   * Optional: providers without a visible window (node-pty) leave it out.
   */
  focus?(id: string): Promise<void>;
  /** Called with a terminal id whenever its output changes, so scans need not poll blindly. */
  onActivity(listener: (id: string) => void): () => void;
  dispose(): Promise<void>;
}

/** Time and timers: the core never touches the real clock. */
export interface Clock {
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

/** A decision or observation worth keeping forever. */
export interface AuditRecord {
  readonly at: number;
  readonly kind: string;
  readonly session?: string | undefined;
  readonly channel?: string | undefined;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Append-only audit log. */
export interface AuditSink {
  append(record: AuditRecord): Promise<void>;
}

/** Small durable key-value store (lockdown flag, answered fingerprints). */
export interface Store {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

/**
 * Secrets the owner enters (bot tokens, Twilio credentials, TOTP seeds). Adapters keep them in the
 * Keychain (Electron safeStorage) or a 0600 file (headless); values are never logged or shown again.
 */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** Names that have a value, for settings screens that show "set" without the value. */
  names(): Promise<readonly string[]>;
}
