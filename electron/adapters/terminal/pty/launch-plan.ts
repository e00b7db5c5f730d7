/**
 * Turns an `OpenSpec` into exactly what node-pty is given: a resolved executable, argv, a checked
 * working directory, the environment and the size. Rejects bad specs before anything is spawned.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { OpenSpec } from '../../../core/ports';

/** Terminal type the emulator implements; programs pick their escape sequences from it. */
export const TERM_NAME = 'xterm-256color';

/** A validated spawn: nothing here came from a shell string. */
export interface LaunchPlan {
  /** argv[0] as given: the child finds it on its PATH (execvp), so `ps` shows `claude`, not a path. */
  readonly file: string;
  /** Where `file` resolved to when checked; proof it exists, not what is executed by name. */
  readonly executable: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cols: number;
  readonly rows: number;
  readonly title: string;
}

/** Size used when the spec gives none. */
export interface DefaultSize {
  readonly cols: number;
  readonly rows: number;
}

// Variables that describe the *parent's* terminal and would mislead programs in the new one
// (node-pty drops the same ones when it is handed process.env itself).
const INHERITED_TERMINAL_VARS = [
  'TMUX',
  'TMUX_PANE',
  'STY',
  'WINDOW',
  'WINDOWID',
  'TERMCAP',
  'COLUMNS',
  'LINES',
];

/** The child's environment: Tower's own, minus parent-terminal variables, plus the spec's; TERM fixed, a UTF-8 locale ensured. */
export function buildEnv(
  base: NodeJS.ProcessEnv,
  overlay: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  for (const key of INHERITED_TERMINAL_VARS) delete env[key];
  Object.assign(env, overlay ?? {});
  env.TERM = TERM_NAME;
  // The emulator decodes output as UTF-8; a GUI-launched Tower (launchd) may have no locale at all,
  // and programs then fall back to ASCII art. Terminal apps set one too. C.UTF-8 is absent on macOS.
  if (!env.LANG && !env.LC_ALL && !env.LC_CTYPE) {
    env.LANG = process.platform === 'darwin' ? 'en_US.UTF-8' : 'C.UTF-8';
  }
  return env;
}

function checkSize(value: number | undefined, fallback: number, name: string): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size < 2 || size > 1000) {
    throw new Error(`${name} must be an integer between 2 and 1000, got ${String(size)}`);
  }
  return size;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Finds `command` as execvp would: a path if it has a slash, else the first match on PATH. */
export async function resolveExecutable(command: string, cwd: string, path: string): Promise<string> {
  if (command.includes('/')) {
    const full = isAbsolute(command) ? command : resolve(cwd, command);
    if (await isExecutableFile(full)) return full;
    throw new Error(`cannot open terminal: ${full} is not an executable file`);
  }
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, command);
    if (await isExecutableFile(full)) return full;
  }
  throw new Error(`cannot open terminal: ${JSON.stringify(command)} not found on PATH`);
}

/** Validates `spec` and resolves everything node-pty needs; throws with a readable reason. */
export async function planLaunch(
  spec: OpenSpec,
  defaults: DefaultSize,
  baseEnv: NodeJS.ProcessEnv,
): Promise<LaunchPlan> {
  const [command, ...args] = spec.command;
  if (command === undefined || command === '') throw new Error('cannot open terminal: empty command');
  // A NUL would silently cut an argument short in the C argv the kernel receives.
  if (spec.command.some((arg) => arg.includes('\0'))) {
    throw new Error('cannot open terminal: an argument contains a NUL character');
  }
  const cols = checkSize(spec.cols, defaults.cols, 'cols');
  const rows = checkSize(spec.rows, defaults.rows, 'rows');
  const cwd = resolve(spec.cwd ?? homedir());
  const cwdStat = await stat(cwd).catch(() => null);
  if (!cwdStat?.isDirectory()) throw new Error(`cannot open terminal: ${cwd} is not a directory`);
  const env = buildEnv(baseEnv, spec.env);
  const executable = await resolveExecutable(command, cwd, env.PATH ?? '');
  return { file: command, executable, args, cwd, env, cols, rows, title: spec.title };
}
