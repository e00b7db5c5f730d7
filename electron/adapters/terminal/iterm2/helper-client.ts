/**
 * The Node end of `native-scripts/iterm2/tower_iterm2_helper.py`: spawns it (argv, no shell),
 * speaks JSON lines, matches responses to requests by id with a timeout each, and passes events on.
 * Closing ends the helper's stdin (it exits on EOF) and kills it only after a grace period.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** An unsolicited message from the helper. */
export interface HelperEvent {
  readonly event: string;
  readonly session?: string;
  readonly code?: string;
  readonly message?: string;
}

/** A failed request, with the helper's error code (`NO_SUCH_SESSION`, `TIMEOUT`, `EXITED` …). */
export class HelperError extends Error {
  override readonly name = 'HelperError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** How to start the helper. */
export interface HelperLaunch {
  readonly python: string;
  readonly helperPath: string;
  /** Extra environment (tests put the stand-in `iterm2` module on PYTHONPATH). */
  readonly env?: Readonly<Record<string, string>>;
  readonly requestTimeoutMs?: number;
  readonly readyTimeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** The environment for the helper: iTerm2's docs ask for no PYTHONPATH; no stale cookie either. */
export function helperEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PYTHONPATH', 'ITERM2_COOKIE', 'ITERM2_KEY', 'PYTHONHOME']) delete env[name];
  return { ...env, PYTHONIOENCODING: 'utf-8', PYTHONUNBUFFERED: '1', ...extra };
}

/** One running helper. Use {@link HelperClient.start}. */
export class HelperClient {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: HelperEvent) => void>();
  private nextId = 1;
  private exited: string | null = null;
  private readonly exitedPromise: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly timeoutMs: number,
  ) {
    this.exitedPromise = new Promise((resolve) => {
      const finish = (why: string) => {
        if (this.exited) return;
        this.exited = why;
        for (const [id, p] of this.pending) {
          clearTimeout(p.timer);
          p.reject(new HelperError('EXITED', why));
          this.pending.delete(id);
        }
        this.listeners.forEach((l) => l({ event: 'exited', message: why }));
        resolve();
      };
      // 'close', not 'exit': stdout is drained first, so a final fatal line is read before this.
      child.on('close', (code, signal) => finish(`the iTerm2 helper exited (${signal ?? `code ${code}`})`));
      // A missing interpreter fails to spawn: 'error' without 'exit'.
      child.on('error', (error) => finish(`the iTerm2 helper could not run: ${error.message}`));
    });
    child.stdin.on('error', () => undefined); // EPIPE after the helper died
    child.stderr.resume(); // diagnostics only; never parsed
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
  }

  /** Spawns the helper and resolves once it says `ready`; rejects with its `fatal` code otherwise. */
  static async start(launch: HelperLaunch): Promise<HelperClient> {
    const child = spawn(launch.python, ['-u', launch.helperPath], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: helperEnv(launch.env),
    });
    const client = new HelperClient(child, launch.requestTimeoutMs ?? 10_000);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        void client.close();
        reject(new HelperError('TIMEOUT', 'the iTerm2 helper did not become ready'));
      }, launch.readyTimeoutMs ?? 15_000);
      const stop = client.onEvent((event) => {
        if (event.event === 'ready') {
          clearTimeout(timer);
          stop();
          resolve();
        } else if (event.event === 'fatal' || event.event === 'exited') {
          clearTimeout(timer);
          stop();
          void client.close();
          reject(new HelperError(event.code ?? 'EXITED', event.message ?? 'the iTerm2 helper stopped'));
        }
      });
    });
    return client;
  }

  /** Sends one request; resolves with its result or rejects with a {@link HelperError}. */
  request<T>(op: string, params: Readonly<Record<string, unknown>> = {}): Promise<T> {
    if (this.exited) return Promise.reject(new HelperError('EXITED', this.exited));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HelperError('TIMEOUT', `the iTerm2 helper did not answer ${op} in time`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject, timer });
      this.child.stdin.write(`${JSON.stringify({ ...params, id, op })}\n`);
    });
  }

  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(listener: (event: HelperEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether the helper process is still running. */
  get alive(): boolean {
    return this.exited === null;
  }

  /** Closes stdin (the helper exits on EOF), then kills it if it has not exited within `graceMs`. */
  async close(graceMs = 2_000): Promise<void> {
    if (this.exited) return;
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exitedPromise;
    clearTimeout(timer);
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return; // not protocol: ignore rather than guess
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as { id?: unknown; ok?: unknown; result?: unknown; error?: unknown; event?: unknown };
    if (typeof m.event === 'string') {
      this.listeners.forEach((l) => l(m as HelperEvent));
      return;
    }
    if (typeof m.id !== 'number') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok === true) p.resolve(m.result);
    else {
      const error = (m.error ?? {}) as { code?: unknown; message?: unknown };
      const code = typeof error.code === 'string' ? error.code : 'FAILED';
      const text = typeof error.message === 'string' ? error.message : 'the helper failed';
      p.reject(new HelperError(code, `${code}: ${text}`));
    }
  }
}
