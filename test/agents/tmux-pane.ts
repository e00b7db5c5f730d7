import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AgentLaunch } from './claude-agent';

const run = promisify(execFile);

/** A tmux pane on a private server (`tmux -L <socket>`), used to drive and capture real agents. */
export interface TmuxPane {
  readonly socket: string;
  readonly target: string;
  /** Visible screen as text (`capture-pane -p`), trailing blanks trimmed per line and at the end. */
  capture(): Promise<string>;
  /** `send-keys` arguments as tmux understands them (`Enter`, `Escape`, `Down`, literal text). */
  keys(...keys: string[]): Promise<void>;
  /** Literal text (send-keys -l) so words like `Enter` are typed, not interpreted. */
  type(text: string): Promise<void>;
  /** A `display -p` format, e.g. `#{pane_current_command}` or `#{pane_pid}`. */
  display(format: string): Promise<string>;
  kill(): Promise<void>;
}

async function tmux(socket: string, args: string[]): Promise<string> {
  const { stdout } = await run('tmux', ['-L', socket, ...args]);
  return stdout;
}

/**
 * Start `launch` in a new detached session of size cols x rows on the private tmux server `socket`.
 *
 * The environment goes in through `-e` pairs so nothing is interpreted by a shell.
 */
export async function openPane(
  socket: string,
  name: string,
  launch: AgentLaunch,
  cols = 120,
  rows = 40,
): Promise<TmuxPane> {
  const envArgs = Object.entries(launch.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  await tmux(socket, [
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(cols),
    '-y',
    String(rows),
    '-c',
    launch.cwd,
    ...envArgs,
    ...launch.command,
  ]);
  // Keep the pane after the agent exits so a crash screen can still be captured.
  await tmux(socket, ['set-option', '-t', name, 'remain-on-exit', 'on']);
  const target = `${name}:0.0`;
  return {
    socket,
    target,
    capture: async () => {
      const out = await tmux(socket, ['capture-pane', '-p', '-t', target]);
      return out
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n')
        .trimEnd();
    },
    keys: async (...keys) => {
      await tmux(socket, ['send-keys', '-t', target, ...keys]);
    },
    type: async (text) => {
      await tmux(socket, ['send-keys', '-t', target, '-l', text]);
    },
    display: async (format) => (await tmux(socket, ['display', '-p', '-t', target, format])).trim(),
    kill: async () => {
      const pid = Number(
        (await tmux(socket, ['display', '-p', '-t', target, '#{pane_pid}']).catch(() => '')).trim(),
      );
      await tmux(socket, ['kill-session', '-t', name]).catch(() => undefined);
      // The agent still flushes its config/session files after SIGHUP; wait so callers can delete its home.
      if (pid > 0) await waitForExit(pid, 5000);
    },
  };
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Kill a private tmux server (ignores "no server running"). */
export async function killServer(socket: string): Promise<void> {
  await run('tmux', ['-L', socket, 'kill-server']).catch(() => undefined);
}
