/**
 * One tmux control-mode client (`tmux -C attach-session -t <session> -f ignore-size,read-only`),
 * spawned with argv. It never resizes the user's windows (`ignore-size`) and cannot type
 * (`read-only`); tmux only reports `%output` for panes of the attached session.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { ControlEvent } from './control-mode-parser';
import { ControlModeParser } from './control-mode-parser';
import { controlAttachArgv } from './tmux-argv';
import { TmuxRunner, tmuxEnv } from './tmux-runner';

/** Callbacks of a control client. */
export interface ControlClientHandlers {
  readonly onEvent: (client: ControlClient, event: ControlEvent) => void;
  readonly onClose: (client: ControlClient) => void;
}

/** A running control-mode client attached to one session. */
export class ControlClient {
  private readonly child: ChildProcess;
  private readonly parser = new ControlModeParser();
  private closed = false;
  private attached = false;

  constructor(
    binary: string,
    readonly socket: string,
    /** The session the client is attached to (updated on `%session-changed`). */
    public sessionId: string,
    private readonly handlers: ControlClientHandlers,
  ) {
    this.child = spawn(binary, [...TmuxRunner.serverFlags(socket), ...controlAttachArgv(sessionId)], {
      env: tmuxEnv(),
      stdio: ['pipe', 'pipe', 'ignore'],
      windowsHide: true,
    });
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => {
      for (const event of this.parser.feed(chunk)) {
        if (event.kind === 'session') {
          this.sessionId = event.sessionId;
          this.attached = true;
        }
        this.handlers.onEvent(this, event);
      }
    });
    // Ignore EPIPE on stdin if the client dies first; its exit is reported below.
    this.child.stdin?.on('error', () => undefined);
    this.child.on('error', () => this.finish());
    this.child.on('exit', () => this.finish());
  }

  /**
   * Whether tmux has attached the client (its first `%session-changed`): from then on every output
   * of the session's panes is reported, until the client closes.
   */
  get isAttached(): boolean {
    return this.attached && !this.closed;
  }

  /** Whether the client process has ended. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Detaches (closing stdin ends a control client) and kills it if it lingers. */
  close(): void {
    if (this.closed) return;
    this.child.stdin?.end();
    const timer = setTimeout(() => {
      if (!this.closed) this.child.kill('SIGTERM');
    }, 1_000);
    timer.unref();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.onClose(this);
  }
}
