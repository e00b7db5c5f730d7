/**
 * Quoting for the command line `do script` types into the owner's login shell.
 *
 * Each argument becomes single-quoted runs; a `'` or `\` is written as `"'"` or `"\\"`. That spelling
 * means the same in sh, bash, zsh and fish (fish also treats `\'` and `\\` specially inside single
 * quotes, so a backslash never appears inside them), and no expansion happens inside single quotes
 * (no `$`, backquote, `!` history, glob). The line is typed, so control characters are refused by
 * the caller, not quoted.
 */
import type { OpenSpec } from '../../../core/ports';
import { typedTextProblem } from '../../../contract/typed-text';

/** One argument, quoted so a POSIX shell (or fish) reads it back exactly. */
export function quoteShellArg(arg: string): string {
  if (arg.includes('\0')) throw new Error('an argument cannot contain NUL');
  if (arg === '') return "''";
  return arg
    .split(/(['\\])/u)
    .filter((part) => part !== '')
    .map((part) => (part === "'" ? `"'"` : part === '\\' ? '"\\\\"' : `'${part}'`))
    .join('');
}

// In canonical mode a macOS tty holds at most MAX_CANON (1024) bytes per line; do script may type
// before the shell switches to its line editor, so a longer line could be cut.
const MAX_LINE_BYTES = 1000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/u;

/**
 * The line that runs `spec` in a login shell: `cd '<cwd>' && env -- 'K=V' … 'cmd' 'arg' …`.
 * `env` runs the program itself (no alias, function or builtin of the owner's shell is used).
 * Throws a clear error for what cannot be typed safely.
 */
export function commandLineFor(spec: Pick<OpenSpec, 'command' | 'cwd' | 'env'>): string {
  const [program] = spec.command;
  if (program === undefined || program === '') throw new Error('open: the command is empty');
  // env would take `a=b` as an assignment and `-x` as its own option.
  if (program.includes('=')) throw new Error('open: the program name cannot contain "="');
  if (program.startsWith('-')) throw new Error('open: the program name cannot start with "-"');
  const parts: string[] = [];
  if (spec.cwd !== undefined) {
    if (!spec.cwd.startsWith('/')) throw new Error('open: cwd must be an absolute path');
    parts.push('cd', quoteShellArg(spec.cwd), '&&');
  }
  parts.push('env', '--');
  for (const [name, value] of Object.entries(spec.env ?? {})) {
    if (!ENV_NAME.test(name)) throw new Error(`open: ${JSON.stringify(name)} is not an environment name`);
    parts.push(quoteShellArg(`${name}=${value}`));
  }
  parts.push(...spec.command.map(quoteShellArg));
  const line = parts.join(' ');
  const problem = typedTextProblem(line);
  if (problem) throw new Error(`open: the command line is typed into a shell and ${problem}`);
  if (Buffer.byteLength(line, 'utf8') > MAX_LINE_BYTES) {
    throw new Error(`open: the command line is longer than ${MAX_LINE_BYTES} bytes; use a script file`);
  }
  return line;
}
