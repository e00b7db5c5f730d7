/**
 * What the iTerm2 driver needs from iTerm2, implemented twice: by the Python API helper
 * (`python-backend.ts`, pushes screen changes) and by AppleScript (`applescript-backend.ts`, polls).
 * Both key sessions by iTerm2's unique session id (GUID), so ids survive a downgrade.
 */

/** One iTerm2 session (a pane). */
export interface ITerm2Session {
  /** iTerm2's unique id (the GUID, never reused). */
  readonly id: string;
  readonly tty: string | null;
  readonly title: string;
  readonly jobName: string | null;
  readonly cols: number | null;
  readonly rows: number | null;
}

/** A session's visible screen. */
export interface ITerm2Screen {
  readonly lines: readonly string[];
  readonly cursor: { readonly x: number; readonly y: number } | null;
  readonly cols: number | null;
  readonly rows: number | null;
  readonly title: string | null;
}

/** One way of talking to iTerm2. */
export interface ITerm2Backend {
  readonly kind: 'python-api' | 'applescript';
  /** Whether it still works (the helper may exit); a dead backend is replaced by the driver. */
  readonly alive: boolean;
  list(): Promise<readonly ITerm2Session[]>;
  screen(sessionId: string): Promise<ITerm2Screen>;
  /** Sends text exactly as given, no newline added. */
  send(sessionId: string, text: string): Promise<void>;
  /** Opens a window with a plain shell and types `line` plus Return into it. */
  create(line: string, title: string): Promise<ITerm2Session>;
  close(sessionId: string): Promise<void>;
  /** Brings the session to the front; backends without it are covered by the AppleScript one. */
  focus?(sessionId: string): Promise<void>;
  onChange(listener: (sessionId: string) => void): () => void;
  dispose(): Promise<void>;
}

/** A GUID as iTerm2 prints it: checked before it goes anywhere. */
export function assertSessionId(id: string): void {
  if (!/^[A-Za-z0-9-]{1,64}$/u.test(id)) throw new Error(`not an iTerm2 session id: ${JSON.stringify(id)}`);
}
