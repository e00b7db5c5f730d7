/**
 * Runs the tmux client with argv (`execFile`, never a shell) against one server socket, and turns
 * its failures into clear {@link TmuxError}s.
 */
import { execFile } from 'node:child_process';
import type { ExecFileException } from 'node:child_process';

/** Why a tmux call failed. */
export type TmuxErrorCode = 'not-installed' | 'no-server' | 'pane-gone' | 'stale-id' | 'refused' | 'failed';

/** A tmux failure with a machine-readable code. */
export class TmuxError extends Error {
  override readonly name = 'TmuxError';
  constructor(
    readonly code: TmuxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Options of the runner. */
export interface TmuxRunnerOptions {
  /** The tmux binary (name on PATH or absolute path). */
  readonly binary: string;
  /** Per-call timeout in ms. */
  readonly timeoutMs?: number;
}

/** The environment for tmux clients: without TMUX/TMUX_PANE, so nothing leans on an outer tmux. */
export function tmuxEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.TMUX;
  delete env.TMUX_PANE;
  return env;
}

/** Executes tmux commands on a given socket. */
export class TmuxRunner {
  constructor(private readonly options: TmuxRunnerOptions) {}

  /** The binary this runner executes. */
  get binary(): string {
    return this.options.binary;
  }

  /** Global client flags for a socket: UTF-8 output (`-u`, else non-ASCII becomes `_`) and `-S`. */
  static serverFlags(socket: string): string[] {
    return ['-u', '-S', socket];
  }

  /** Runs `tmux -u -S <socket> [extra flags] <args…>` and resolves with stdout. */
  run(socket: string | null, args: readonly string[], globalFlags: readonly string[] = []): Promise<string> {
    const argv = [...(socket === null ? ['-u'] : TmuxRunner.serverFlags(socket)), ...globalFlags, ...args];
    return new Promise((resolve, reject) => {
      execFile(
        this.options.binary,
        argv,
        {
          encoding: 'utf8',
          env: tmuxEnv(),
          maxBuffer: 64 * 1024 * 1024,
          timeout: this.options.timeoutMs ?? 10_000,
          windowsHide: true,
        },
        (error, stdout, stderr) => {
          if (error) reject(classify(error, stderr, socket, this.options.binary));
          else resolve(stdout);
        },
      );
    });
  }
}

function classify(
  error: ExecFileException,
  stderr: string,
  socket: string | null,
  binary: string,
): TmuxError {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    return new TmuxError(
      'not-installed',
      `tmux is not installed or not executable (${binary}: ${error.code})`,
    );
  }
  const detail = stderr.trim() || error.message;
  if (/no server running|error connecting to|server exited/i.test(detail)) {
    return new TmuxError(
      'no-server',
      `no tmux server running on ${socket ?? 'the default socket'}: ${detail}`,
    );
  }
  if (/can't find (pane|window|session)/i.test(detail)) {
    return new TmuxError('pane-gone', `tmux pane is gone: ${detail}`);
  }
  return new TmuxError('failed', `tmux failed: ${detail}`);
}
