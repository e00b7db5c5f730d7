/**
 * The iTerm2 backend over AppleScript, used when the Python API is off or has no runtime:
 * `write text … newline no` for exact typing, `contents` for screens, `id` (the session GUID) and
 * `tty` for identity. iTerm2 pushes nothing here, so changes are found by polling the list.
 */
import { randomBytes } from 'node:crypto';
import type { OsascriptRunner } from '../terminal-app/osascript-runner';
import { contentsToLines, makeNonce } from '../terminal-app/record-format';
import { ITerm2Argv, parseITerm2List, parseITerm2Open, parseITerm2Read } from './iterm2-applescript-format';
import type { ITerm2Backend, ITerm2Screen, ITerm2Session } from './iterm2-backend';

/** Options of the AppleScript backend. */
export interface AppleScriptBackendOptions {
  readonly runner: OsascriptRunner;
  readonly appleScriptDir: string;
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  readonly random?: () => Uint8Array;
}

/** iTerm2 through osascript and constant scripts. */
export class AppleScriptBackend implements ITerm2Backend {
  readonly kind = 'applescript' as const;
  readonly alive = true;
  private readonly argv: ITerm2Argv;
  private readonly listeners = new Set<(id: string) => void>();
  private readonly contents = new Map<string, string>();
  private poller: ReturnType<typeof setInterval> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: AppleScriptBackendOptions) {
    this.argv = new ITerm2Argv(options.appleScriptDir);
  }

  async list(): Promise<readonly ITerm2Session[]> {
    const nonce = this.nonce();
    const sessions = parseITerm2List(await this.run(this.argv.list(nonce)), nonce);
    for (const s of sessions) {
      const before = this.contents.get(s.id);
      this.contents.set(s.id, s.contents);
      if (before !== undefined && before !== s.contents) this.listeners.forEach((l) => l(s.id));
    }
    return sessions.map(({ contents: _contents, ...session }) => session);
  }

  async screen(sessionId: string): Promise<ITerm2Screen> {
    const nonce = this.nonce();
    const read = parseITerm2Read(await this.run(this.argv.read(nonce, sessionId)), nonce);
    return {
      lines: contentsToLines(read.contents, read.rows),
      cursor: null,
      cols: read.cols,
      rows: read.rows,
      title: read.title,
    };
  }

  async send(sessionId: string, text: string): Promise<void> {
    await this.run(this.argv.write(sessionId, text));
  }

  async create(line: string, title: string): Promise<ITerm2Session> {
    const opened = parseITerm2Open(await this.run(this.argv.open(line, title)));
    return { id: opened.sessionId, tty: opened.tty, title, jobName: null, cols: null, rows: null };
  }

  async close(sessionId: string): Promise<void> {
    await this.run(this.argv.close(sessionId));
  }

  async focus(sessionId: string): Promise<void> {
    await this.run(this.argv.focus(sessionId));
  }

  onChange(listener: (sessionId: string) => void): () => void {
    this.listeners.add(listener);
    this.poller ??= setInterval(() => void this.list().catch(() => undefined), this.options.pollMs ?? 1_500);
    this.poller.unref?.();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.poller) {
        clearInterval(this.poller);
        this.poller = null;
      }
    };
  }

  dispose(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    this.listeners.clear();
    return Promise.resolve();
  }

  private nonce(): string {
    return makeNonce(this.options.random ?? (() => randomBytes(16)));
  }

  /** One osascript at a time, so Apple Events to iTerm2 never interleave. */
  private run(argv: readonly string[]): Promise<string> {
    const call = () => this.options.runner.run(argv, { timeoutMs: this.options.timeoutMs ?? 20_000 });
    const result = this.queue.then(call, call);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
