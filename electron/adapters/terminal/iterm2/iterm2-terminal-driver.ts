/**
 * ITerm2TerminalDriver: iTerm2 sessions as a `TerminalDriver`. Prefers the Python API helper
 * (pushed screen changes) and falls back to AppleScript when the helper cannot start or dies; ids
 * are `iterm2|<session GUID>` either way, so sessions survive the downgrade.
 *
 * Unlike Terminal.app, iTerm2 types exactly what it is given: text without Return, and each key as
 * the bytes a terminal sends for it.
 */
import type { OpenSpec, ScreenCapture, TerminalDriver, TerminalInfo, TypedInput } from '../../../core/ports';
import { ActivityThrottle } from '../activity-throttle';
import { assertKey, assertPrintable, ptyKeyBytes } from '../key-encoding';
import { commandLineFor } from '../terminal-app/shell-quote';
import { tabInfo } from '../terminal-app/tab-info';
import { psTtyFacts } from '../terminal-app/tty-facts';
import type { TtyFactsSource } from '../terminal-app/tty-facts';
import type { ITerm2Backend, ITerm2Session } from './iterm2-backend';
import { assertSessionId } from './iterm2-backend';

/** Options of the iTerm2 driver. */
export interface ITerm2DriverOptions {
  /** Starts the Python helper backend; rejects with why it cannot (no runtime, API off …). */
  readonly startPython?: () => Promise<ITerm2Backend>;
  /** The AppleScript backend, used when the Python one is unavailable. */
  readonly appleScript: () => ITerm2Backend;
  /** Whether iTerm2 is running (without launching it). */
  readonly isRunning: () => Promise<boolean>;
  readonly ttyFacts?: TtyFactsSource;
  readonly platform?: NodeJS.Platform;
}

/** Which backend serves the driver, and why the Python API is not used (shown to the owner). */
export interface ITerm2BackendStatus {
  readonly kind: ITerm2Backend['kind'] | null;
  readonly pythonUnavailable: string | null;
}

const PREFIX = 'iterm2|';

/** iTerm2 as a terminal provider. */
export class ITerm2TerminalDriver implements TerminalDriver {
  readonly provider = 'iterm2' as const;
  private backend: ITerm2Backend | null = null;
  private starting: Promise<ITerm2Backend> | null = null;
  private pythonUnavailable: string | null = null;
  private readonly listeners = new Set<(id: string) => void>();
  private readonly throttle = new ActivityThrottle(50, (id) => this.listeners.forEach((l) => l(id)));
  private unsubscribeBackend: (() => void) | null = null;
  private readonly ttys = new Map<string, string>();
  private focusBackend: ITerm2Backend | null = null;

  constructor(private readonly options: ITerm2DriverOptions) {}

  /** Which backend is in use and why the Python API is not. */
  status(): ITerm2BackendStatus {
    return { kind: this.backend?.kind ?? null, pythonUnavailable: this.pythonUnavailable };
  }

  async availability(): Promise<{ available: boolean; reason: string | null }> {
    if ((this.options.platform ?? process.platform) !== 'darwin') {
      return { available: false, reason: 'iTerm2 exists only on macOS' };
    }
    try {
      if (!(await this.options.isRunning())) return { available: false, reason: 'iTerm2 is not running' };
      await this.use();
      // Available, but say why it is the slower AppleScript fallback (the owner can fix that).
      return {
        available: true,
        reason: this.pythonUnavailable === null ? null : `using AppleScript: ${this.pythonUnavailable}`,
      };
    } catch (error) {
      return { available: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async list(): Promise<readonly TerminalInfo[]> {
    const sessions = await (await this.use()).list();
    return Promise.all(sessions.map((s) => this.describe(s)));
  }

  async readScreen(id: string): Promise<ScreenCapture> {
    const screen = await (await this.use()).screen(sessionIdOf(id));
    const rows = screen.rows ?? screen.lines.length;
    return {
      lines: screen.lines.slice(-rows),
      cols: screen.cols ?? 80,
      rows,
      cursor: screen.cursor,
      title: screen.title,
      inMode: false,
    };
  }

  async type(id: string, input: TypedInput): Promise<void> {
    let bytes: string;
    if (input.kind === 'keys') {
      if (input.keys.length === 0) throw new Error('no keys to type');
      input.keys.forEach((k) => assertKey(k));
      bytes = input.keys.map((k) => ptyKeyBytes(k)).join('');
    } else {
      assertPrintable(input.text);
      bytes = input.text;
    }
    const sessionId = sessionIdOf(id);
    await (await this.use()).send(sessionId, bytes);
  }

  /** The tty of a session seen in the last listing, or null (for the tmux merge). */
  ttyOf(id: string): string | null {
    return this.ttys.get(id) ?? null;
  }

  async open(spec: OpenSpec): Promise<TerminalInfo> {
    const line = commandLineFor(spec);
    assertPrintable(spec.title);
    const created = await (await this.use()).create(line, spec.title);
    return this.describe({ ...created, title: spec.title });
  }

  async close(id: string): Promise<void> {
    await (await this.use()).close(sessionIdOf(id));
  }

  /** Brings the session to the front; the Python helper has no focus call, so AppleScript does it. */
  async focus(id: string): Promise<void> {
    const sessionId = sessionIdOf(id);
    const backend = await this.use();
    if (backend.focus) return backend.focus(sessionId);
    this.focusBackend ??= this.options.appleScript();
    if (!this.focusBackend.focus) throw new Error('iTerm2 cannot focus a session here');
    return this.focusBackend.focus(sessionId);
  }

  onActivity(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async dispose(): Promise<void> {
    this.unsubscribeBackend?.();
    this.listeners.clear();
    const backend = this.backend ?? (await this.starting?.catch(() => null)) ?? null;
    this.backend = null;
    await backend?.dispose();
    await this.focusBackend?.dispose();
    this.focusBackend = null;
  }

  private async describe(session: ITerm2Session): Promise<TerminalInfo> {
    const facts = session.tty ? await (this.options.ttyFacts ?? psTtyFacts)(session.tty) : null;
    if (session.tty) this.ttys.set(PREFIX + session.id, session.tty);
    const info = tabInfo(this.provider, PREFIX + session.id, facts, {
      title: session.title,
      cols: session.cols ?? 80,
      rows: session.rows ?? 24,
    });
    return session.jobName ? { ...info, currentCommand: session.jobName } : info;
  }

  /** The live backend: Python first, AppleScript when Python cannot start or has died. */
  private async use(): Promise<ITerm2Backend> {
    if (this.backend?.alive) return this.backend;
    if (this.backend) {
      this.pythonUnavailable = 'the Python API helper stopped; using AppleScript';
      this.swap(this.options.appleScript());
      return this.backend;
    }
    this.starting ??= this.pick();
    try {
      const backend = await this.starting;
      this.swap(backend);
      return backend;
    } finally {
      this.starting = null;
    }
  }

  private async pick(): Promise<ITerm2Backend> {
    if (!this.options.startPython) {
      this.pythonUnavailable = 'no iTerm2 Python runtime found (Scripts › Manage › Install Python Runtime)';
      return this.options.appleScript();
    }
    try {
      return await this.options.startPython();
    } catch (error) {
      this.pythonUnavailable = `iTerm2 Python API unavailable: ${error instanceof Error ? error.message : String(error)}`;
      return this.options.appleScript();
    }
  }

  private swap(backend: ITerm2Backend): void {
    if (this.backend === backend) return;
    this.unsubscribeBackend?.();
    this.backend = backend;
    this.unsubscribeBackend = backend.onChange((sessionId) => {
      if (this.listeners.size > 0) this.throttle.touch(PREFIX + sessionId);
    });
  }
}

function sessionIdOf(id: string): string {
  if (!id.startsWith(PREFIX)) throw new Error(`not an iTerm2 terminal id: ${JSON.stringify(id)}`);
  const sessionId = id.slice(PREFIX.length);
  assertSessionId(sessionId);
  return sessionId;
}
