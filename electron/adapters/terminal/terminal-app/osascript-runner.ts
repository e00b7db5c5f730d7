/**
 * Runs `/usr/bin/osascript <constant script file> arg…` with `execFile` (argv, never a shell) and
 * turns failures into {@link OsascriptError}s with a clear, actionable message.
 *
 * The runner is a port so Linux tests record the exact argv instead of running osascript.
 */
import { execFile } from 'node:child_process';
import { describeOsascriptError, osascriptErrorNumber } from './osascript-errors';

/** Options for one osascript call. */
export interface OsascriptCallOptions {
  /** Kill osascript after this long (ms). The first call to an app may wait on the Automation prompt. */
  readonly timeoutMs: number;
}

/** Runs osascript with an argv; resolves with stdout minus osascript's one trailing newline. */
export interface OsascriptRunner {
  run(argv: readonly string[], options: OsascriptCallOptions): Promise<string>;
}

/** An osascript failure: the AppleScript error number when osascript printed one, and what to do. */
export class OsascriptError extends Error {
  override readonly name = 'OsascriptError';
  constructor(
    /** The `(-NNNN)` number at the end of stderr, `'timeout'` when Tower killed it, or null. */
    readonly code: number | 'timeout' | null,
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** The real runner: `/usr/bin/osascript` (an absolute path: a GUI app's PATH is minimal). */
export class ExecOsascriptRunner implements OsascriptRunner {
  constructor(
    private readonly binary = '/usr/bin/osascript',
    /** Screen text can be large (a whole tab list); Node's default 1 MiB is too small. */
    private readonly maxBuffer = 64 * 1024 * 1024,
  ) {}

  run(argv: readonly string[], options: OsascriptCallOptions): Promise<string> {
    for (const arg of argv) {
      if (arg.includes('\0')) return Promise.reject(new TypeError('NUL cannot pass through an argument'));
    }
    return new Promise((resolve, reject) => {
      execFile(
        this.binary,
        [...argv],
        { encoding: 'utf8', timeout: options.timeoutMs, maxBuffer: this.maxBuffer, killSignal: 'SIGKILL' },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout.replace(/\n$/, ''));
          const killed = (error as { killed?: boolean }).killed === true;
          reject(toOsascriptError(killed ? 'timeout' : null, stderr || error.message));
        },
      );
    });
  }
}

/** Builds the error for a failed call from its stderr (or `'timeout'`). */
export function toOsascriptError(forced: 'timeout' | null, stderr: string): OsascriptError {
  const code = forced ?? osascriptErrorNumber(stderr);
  return new OsascriptError(code, describeOsascriptError(code, stderr), stderr);
}
