/**
 * One Tower terminal: a node-pty process whose every output byte is parsed by an @xterm/headless
 * emulator of exactly the same size, so the screen read back is what a real terminal would show.
 */
import xterm from '@xterm/headless';
import type { Terminal } from '@xterm/headless';
import type * as NodePty from 'node-pty';
import type { ScreenCapture } from '../../../core/ports';
import type { LaunchPlan } from './launch-plan';
import { TERM_NAME } from './launch-plan';
import { holdSlave } from './slave-hold';
import { isSafeTerminalReply } from './terminal-replies';

/** Lines kept above the viewport; Tower reads the viewport only, so this stays small. */
const SCROLLBACK = 100;
// Flow control: xterm throws away data once 50 MB are pending; pause the program long before.
const PAUSE_AT = 4 * 1024 * 1024;
const RESUME_AT = 256 * 1024;
// Titles are untrusted program output shown in lists; an OSC can carry megabytes.
const MAX_TITLE = 1024;

/** What a session tells its driver. */
export interface SessionEvents {
  /** Output was parsed into the screen. */
  readonly onParsed: () => void;
  /** The process exited and its final output is parsed. */
  readonly onExited: () => void;
}

/** A pty process plus its emulator, from spawn to dispose. */
export class PtySession {
  readonly pid: number;
  readonly cwd: string;
  readonly cols: number;
  readonly rows: number;
  readonly specTitle: string;
  /** Last non-empty title the program set (OSC 0/2), or null if it never set one. */
  programTitle: string | null = null;
  /** Exit code once the process has exited; a signal death is reported as 128 + signal. */
  exitCode: number | null = null;
  /** Resolves when the process has exited and its final output is parsed. */
  readonly exited: Promise<void>;
  /** Emulator replies dropped because they did not look like a terminal reply. */
  droppedReplies = 0;

  private readonly term: Terminal;
  private readonly pty: NodePty.IPty;
  private pending = 0;
  private paused = false;
  private disposed = false;
  private lastCommand: string | null = null;
  // Bumped whenever bytes arrive: a capture taken at the same version is still the screen.
  private version = 0;
  private lastScreen: { readonly version: number; readonly screen: ScreenCapture } | null = null;
  private readonly releaseSlave: () => void;
  // Readers waiting on the parser; released on dispose, whose pending callbacks may never run.
  private readonly waiters = new Set<() => void>();

  constructor(ptyModule: typeof NodePty, plan: LaunchPlan, events: SessionEvents) {
    this.cwd = plan.cwd;
    this.cols = plan.cols;
    this.rows = plan.rows;
    this.specTitle = plan.title;
    // In @xterm/headless `buffer` is a "proposed" API: reading the screen needs allowProposedApi.
    this.term = new xterm.Terminal({
      cols: plan.cols,
      rows: plan.rows,
      scrollback: SCROLLBACK,
      allowProposedApi: true,
    });
    this.term.onTitleChange((title) => {
      this.programTitle = title === '' ? null : title.slice(0, MAX_TITLE);
    });
    try {
      this.pty = ptyModule.spawn(plan.file, [...plan.args], {
        name: TERM_NAME,
        cols: plan.cols,
        rows: plan.rows,
        cwd: plan.cwd,
        env: { ...plan.env },
      });
    } catch (error) {
      this.term.dispose();
      throw error;
    }
    this.pid = this.pty.pid;
    this.releaseSlave = holdSlave(this.pty);
    // The emulator's answers to the program's queries (cursor position, device attributes) go
    // back to the program, as a real terminal's would; see terminal-replies.ts.
    this.term.onData((reply) => {
      if (this.exitCode !== null || this.disposed) return;
      if (isSafeTerminalReply(reply)) this.pty.write(reply);
      else this.droppedReplies++;
    });
    this.pty.onData((data) => this.feed(data, events.onParsed));
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.releaseSlave();
        this.lastCommand = this.readForeground();
        this.exitCode = signal ? 128 + signal : exitCode;
        // node-pty emits exit only after the pty's output stream closed, so every byte has been
        // handed to the emulator; wait until it is parsed before announcing the final screen.
        void this.settled().then(() => {
          resolve();
          events.onExited();
        });
      });
    });
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.exitCode === null;
  }

  /** Foreground process name (basename), from node-pty; the last known one after exit. */
  get currentCommand(): string | null {
    return this.alive ? this.readForeground() : this.lastCommand;
  }

  /** Resolves once every byte received so far has been parsed (xterm parses asynchronously). */
  settled(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.add(resolve);
      // xterm runs write callbacks in order, so an empty write's callback marks all earlier data.
      this.term.write('', () => {
        this.waiters.delete(resolve);
        resolve();
      });
    });
  }

  /**
   * The visible rows of the active buffer (normal or alternate) after all received output. With
   * `unchangedOk`, the previous capture when no byte has arrived since it was taken.
   */
  async screen(unchangedOk = false): Promise<ScreenCapture> {
    const last = this.lastScreen;
    if (unchangedOk && last?.version === this.version && this.pending === 0 && !this.disposed)
      return last.screen;
    // Taken before settling: every byte counted in it is parsed when settled() resolves.
    const version = this.version;
    await this.settled();
    if (this.disposed) throw new Error('terminal is closed');
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    // The viewport starts at baseY; line 0 is the oldest scrollback line, not the top of the screen.
    for (let y = 0; y < this.rows; y++) {
      lines.push(buffer.getLine(buffer.baseY + y)?.translateToString(true) ?? '');
    }
    const screen: ScreenCapture = {
      lines,
      cols: this.cols,
      rows: this.rows,
      cursor: { x: buffer.cursorX, y: buffer.cursorY },
      title: this.programTitle,
      inMode: false,
      exited: !this.alive,
    };
    this.lastScreen = { version, screen };
    return screen;
  }

  /** Writes already-validated bytes to the program, in one write so nothing interleaves. */
  write(data: string): void {
    if (!this.alive || this.disposed) throw new Error('terminal has exited');
    this.pty.write(data);
  }

  /** Frees the emulator; the process must already be dead or being killed. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.releaseSlave();
    this.term.dispose();
    for (const release of this.waiters) release();
    this.waiters.clear();
  }

  private feed(data: string, onParsed: () => void): void {
    if (this.disposed) return;
    this.version += 1;
    this.pending += data.length;
    if (!this.paused && this.pending > PAUSE_AT) {
      this.paused = true;
      this.pty.pause();
    }
    this.term.write(data, () => {
      this.pending -= data.length;
      if (this.paused && this.pending < RESUME_AT) {
        this.paused = false;
        this.pty.resume();
      }
      if (!this.disposed) onParsed();
    });
  }

  private readForeground(): string | null {
    try {
      const name = this.pty.process;
      return name ? (name.split('/').pop() ?? name) : null;
    } catch {
      return null;
    }
  }
}
