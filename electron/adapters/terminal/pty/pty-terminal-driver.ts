/**
 * Tower's own terminals: node-pty processes rendered by @xterm/headless. Used on Linux, and as the
 * fallback on a Mac when neither tmux nor a scriptable terminal app is available.
 */
import { randomBytes } from 'node:crypto';
import { readlink } from 'node:fs/promises';
import type { OpenSpec, ScreenCapture, TerminalDriver, TerminalInfo, TypedInput } from '../../../core/ports';
import { assertNever } from '../../../core/util/assert-never';
import { assertPrintable, ptyKeyBytes } from '../key-encoding';
import { ActivityThrottle } from '../activity-throttle';
import { killSurvivors, signalGroup, survivors } from './kill-tree';
import { planLaunch } from './launch-plan';
import type { NodePtyLoader } from './load-node-pty';
import { loadNodePty } from './load-node-pty';
import type { ProcessRow } from '../process-table';
import { readProcessTable } from '../process-table';
import { terminalProcesses, terminalTree, toProcessFact } from './process-tree';
import { PtySession } from './pty-session';

/** Options for `PtyTerminalDriver`; every field has a default suited to production. */
export interface PtyTerminalDriverOptions {
  /** Size when `OpenSpec` gives none (default 120×40). */
  readonly cols?: number;
  readonly rows?: number;
  /** Minimum spacing of activity notices per terminal (default 30 ms). */
  readonly activityIntervalMs?: number;
  /** Time between SIGHUP and SIGKILL on close (default 1500 ms). */
  readonly closeGraceMs?: number;
  /** Environment the children inherit before `OpenSpec.env` is applied (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Loads node-pty (default: a cached dynamic import); injectable to test a broken native module. */
  readonly loadPty?: NodePtyLoader;
  /** Reads the process table (default: /proc on Linux, `ps` elsewhere). */
  readonly readProcesses?: () => Promise<ProcessRow[]>;
}

/** How long to wait for a SIGKILLed process to be reported dead before giving up on it. */
const KILL_WAIT_MS = 2000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `TerminalDriver` over node-pty.
 *
 * Title: the one Tower opened the terminal with; agents set their own (Claude Code: `✳ Claude Code`),
 * which would make every agent look alike. `ScreenCapture.title` is the program's title only (null
 * until it sets one), a signal about the program.
 * Exited terminals stay listed, with their final screen, until `close`.
 */
export class PtyTerminalDriver implements TerminalDriver {
  readonly provider = 'pty' as const;
  private readonly sessions = new Map<string, PtySession>();
  private readonly listeners = new Set<(id: string) => void>();
  private readonly throttle: ActivityThrottle;
  // A per-instance random prefix plus a counter: ids are never reused, even across restarts.
  private readonly idPrefix = `pty-${randomBytes(6).toString('hex')}-`;
  private counter = 0;
  private disposed = false;
  private readonly options: Required<PtyTerminalDriverOptions>;

  /** Creates a driver; nothing is loaded or spawned until `availability` or `open`. */
  constructor(options: PtyTerminalDriverOptions = {}) {
    this.options = {
      cols: options.cols ?? 120,
      rows: options.rows ?? 40,
      activityIntervalMs: options.activityIntervalMs ?? 30,
      closeGraceMs: options.closeGraceMs ?? 1500,
      env: options.env ?? process.env,
      loadPty: options.loadPty ?? loadNodePty,
      readProcesses: options.readProcesses ?? readProcessTable,
    };
    this.throttle = new ActivityThrottle(this.options.activityIntervalMs, (id) => this.emit(id));
  }

  /** Available wherever node-pty's native module loads; otherwise the load error is the reason. */
  async availability(): Promise<{ readonly available: boolean; readonly reason: string | null }> {
    const loaded = await this.options.loadPty();
    return loaded.ok ? { available: true, reason: null } : { available: false, reason: loaded.reason };
  }

  /** Every open terminal, including exited ones not yet closed. */
  async list(): Promise<readonly TerminalInfo[]> {
    const entries = [...this.sessions.entries()];
    const anyAlive = entries.some(([, session]) => session.alive);
    // One table read serves every terminal; if it fails, processes are unknown, not fatal.
    const table = anyAlive ? await this.options.readProcesses().catch(() => null) : null;
    return Promise.all(entries.map(([id, session]) => this.info(id, session, table)));
  }

  /** The visible screen, reflecting every byte received before the call. */
  async readScreen(id: string, options?: { readonly unchangedOk?: boolean }): Promise<ScreenCapture> {
    return this.session(id).screen(options?.unchangedOk ?? false);
  }

  /** Types keys or literal text; validates everything first, so a rejection writes nothing. */
  type(id: string, input: TypedInput): Promise<void> {
    try {
      const data = encode(input);
      const session = this.session(id);
      if (!session.alive) throw new Error(`terminal ${id} has exited; nothing was typed`);
      if (data !== '') session.write(data);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Spawns `spec.command` (argv, no shell) in a new pty and starts rendering it. */
  async open(spec: OpenSpec): Promise<TerminalInfo> {
    if (this.disposed) throw new Error('pty driver is disposed');
    const loaded = await this.options.loadPty();
    if (!loaded.ok) throw new Error(loaded.reason);
    const plan = await planLaunch(spec, this.options, this.options.env);
    const id = `${this.idPrefix}${++this.counter}`;
    const session = new PtySession(loaded.pty, plan, {
      onParsed: () => {
        if (this.sessions.get(id) === session) this.throttle.touch(id);
      },
      onExited: () => {
        if (this.sessions.get(id) === session) this.throttle.flush(id);
      },
    });
    this.sessions.set(id, session);
    const table = await this.options.readProcesses().catch(() => null);
    return this.info(id, session, table);
  }

  /** Hangs up the terminal's processes (SIGKILL after a grace period), frees it, and unlists it. */
  async close(id: string): Promise<void> {
    const session = this.session(id);
    // Unlisted at once: from here on nothing can type into it or read it.
    this.sessions.delete(id);
    this.throttle.cancel(id);
    try {
      if (session.alive) await this.terminate(session);
    } finally {
      session.dispose();
    }
  }

  /** Registers an activity listener (after parsing, throttled per terminal, and on exit). */
  onActivity(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes every terminal and refuses new ones. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
    this.throttle.clear();
    this.listeners.clear();
  }

  private session(id: string): PtySession {
    const session = this.sessions.get(id);
    if (!session) throw new Error(`no pty terminal with id ${JSON.stringify(id)}`);
    return session;
  }

  private async terminate(session: PtySession): Promise<void> {
    // Who belongs to the terminal is read while its process is alive (its pid still names its
    // session), and again before SIGKILL, to catch children started during the grace period.
    const tree = await this.snapshot(session);
    signalGroup(session.pid, 'SIGHUP', session.alive);
    const exited = session.exited.then(() => true);
    if (!(await Promise.race([exited, delay(this.options.closeGraceMs).then(() => false)]))) {
      tree.push(...(await this.snapshot(session)));
      signalGroup(session.pid, 'SIGKILL', session.alive);
      await Promise.race([exited, delay(KILL_WAIT_MS)]);
    }
    // Children that ignored the hang-up or sit in another process group must not outlive Tower's
    // terminal: an agent left running would act unsupervised.
    const after = await this.options.readProcesses().catch(() => []);
    if (killSurvivors(tree, after) === 0) return;
    // SIGKILL lands asynchronously; resolve close only once the survivors are really gone.
    const deadline = Date.now() + KILL_WAIT_MS;
    while (Date.now() < deadline) {
      await delay(20);
      const now = await this.options.readProcesses().catch(() => []);
      if (survivors(tree, now).length === 0) return;
    }
  }

  private async snapshot(session: PtySession): Promise<ProcessRow[]> {
    if (!session.alive) return [];
    const rows = await this.options.readProcesses().catch(() => []);
    return terminalTree(rows, session.pid);
  }

  private async info(id: string, session: PtySession, table: ProcessRow[] | null): Promise<TerminalInfo> {
    const alive = session.alive;
    const processes = alive && table ? terminalProcesses(table, session.pid, process.pid) : [];
    // Before exec the child is a copy of Tower: report no command rather than Tower's own.
    const starting = alive && table !== null && processes.length === 0;
    return {
      provider: 'pty',
      id,
      title: session.specTitle,
      pid: session.pid,
      alive,
      exitCode: session.exitCode,
      cwd: alive ? ((await liveCwd(session.pid)) ?? session.cwd) : session.cwd,
      currentCommand: starting ? null : session.currentCommand,
      processes: processes.map(toProcessFact),
      cols: session.cols,
      rows: session.rows,
    };
  }

  private emit(id: string): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(id);
      } catch {
        // A throwing listener is its own bug; it must not stop the others or crash a timer.
      }
    }
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The bytes for `input`, after checking every key and character; throws before anything is sent. */
function encode(input: TypedInput): string {
  switch (input.kind) {
    case 'keys':
      return input.keys.map((key) => ptyKeyBytes(key)).join('');
    case 'text':
      assertPrintable(input.text);
      // A lone surrogate would reach the program as U+FFFD, not as what was asked for.
      if (LONE_SURROGATE.test(input.text)) throw new Error('text is not well-formed UTF-16 (lone surrogate)');
      return input.text;
    default:
      return assertNever(input);
  }
}

/** The shell's current directory (Linux); null where /proc is unavailable. */
async function liveCwd(pid: number): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  return readlink(`/proc/${pid}/cwd`).catch(() => null);
}
