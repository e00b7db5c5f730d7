/**
 * argv builders for tmux commands. Everything here returns arrays for `execFile`; nothing is ever
 * joined into a shell string.
 *
 * Two tmux parsing rules apply to argv (verified on tmux 3.3a):
 * - an argument ending in `;` ends the command and loses the `;` (`\;` at the end becomes `;`),
 *   so every data argument goes through {@link escapeTrailingSemicolon};
 * - `-c`, `-n` and `-T` values are format-expanded, so `#(cmd)` would run a shell command:
 *   they go through {@link escapeFormat} first.
 */
import type { Key } from '../../../contract/dto';
import type { OpenSpec } from '../../../core/ports';
import { assertKey, tmuxKeyName } from '../key-encoding';

/** Largest literal text, in UTF-8 bytes, sent in one `send-keys -l` (tmux messages are ≤ 16 KiB). */
export const TEXT_CHUNK_BYTES = 1024;

/** Field separator in our `-F` formats: a control character no pane field can contain. */
export const FIELD_SEPARATOR = '\x1f';

/** The pane option that keeps the title Tower opened a pane with (programs can rewrite `pane_title`). */
export const TITLE_OPTION = '@tower_title';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Makes tmux deliver an argument ending in `;` intact: a final `;` becomes `\;`. */
export function escapeTrailingSemicolon(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/**
 * Escapes text for a format-expanded tmux argument: each run of `#` is doubled (`##` expands to `#`)
 * unless it is followed by `[`, which tmux copies verbatim (style markers).
 */
export function escapeFormat(text: string): string {
  return text.replace(/#+(?!\[)(?!#)/g, (run) => run + run);
}

/** Splits text into chunks of at most `maxBytes` UTF-8 bytes, never inside a code point. */
export function chunkText(text: string, maxBytes = TEXT_CHUNK_BYTES): string[] {
  const chunks: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes && current !== '') {
      chunks.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/** `send-keys` for one chunk of literal text (`-l`, after `--` so a leading `-` stays text). */
export function sendTextArgv(paneId: string, chunk: string): string[] {
  return ['send-keys', '-t', paneId, '-l', '--', escapeTrailingSemicolon(chunk)];
}

/** `send-keys` for vocabulary keys: one argv element per key name; every key is checked first. */
export function sendKeysArgv(paneId: string, keys: readonly Key[]): string[] {
  for (const key of keys) assertKey(key);
  return ['send-keys', '-t', paneId, ...keys.map((key) => tmuxKeyName(key))];
}

/**
 * The argv tmux runs in the new pane. tmux runs a single argument through `sh -c`, and several
 * arguments with execvp; a one-element command is therefore run as `env -- <command>`.
 */
export function paneCommandArgv(command: readonly string[]): string[] {
  const [first] = command;
  if (first === undefined || first === '') throw new Error('open: command must be a non-empty argv');
  if (command.length > 1) return [...command];
  if (first.includes('=')) throw new Error(`open: a lone command may not contain "=": ${first}`);
  return ['env', '--', first];
}

function dimension(name: string, value: number | undefined): string[] {
  if (value === undefined) return [];
  if (!Number.isInteger(value) || value < 1 || value > 10_000) throw new Error(`open: bad ${name}: ${value}`);
  return [name === 'cols' ? '-x' : '-y', String(value)];
}

/**
 * One tmux invocation that creates a detached session running `spec.command`, sets
 * `remain-on-exit` and the pane title. The commands run in one server loop turn, before tmux can
 * reap a command that exits at once, so its exit status is never lost.
 */
export function newSessionArgv(spec: OpenSpec, sessionName: string, printFormat: string): string[] {
  const env = Object.entries(spec.env ?? {}).flatMap(([name, value]) => {
    if (!ENV_NAME.test(name)) throw new Error(`open: bad environment variable name: ${JSON.stringify(name)}`);
    return ['-e', `${name}=${value}`];
  });
  if (spec.cwd !== undefined && !spec.cwd.startsWith('/'))
    throw new Error(`open: cwd must be absolute: ${spec.cwd}`);
  const target = `=${sessionName}:`;
  const title = escapeFormat(spec.title);
  const data = [
    ...['-s', sessionName, '-n', title],
    ...(spec.cwd === undefined ? [] : ['-c', escapeFormat(spec.cwd)]),
    ...env,
    ...dimension('cols', spec.cols),
    ...dimension('rows', spec.rows),
    '--',
    ...paneCommandArgv(spec.command),
  ].map(escapeTrailingSemicolon);
  return [
    ...['new-session', '-d', '-P', '-F', printFormat, ...data],
    ...[';', 'set-option', '-w', '-t', target, 'remain-on-exit', 'on'],
    ...[';', 'select-pane', '-t', target, '-T', escapeTrailingSemicolon(title)],
    // Not format-expanded, so the plain title; control characters would break the listing's records.
    ...[
      ';',
      'set-option',
      '-p',
      '-t',
      target,
      TITLE_OPTION,
      escapeTrailingSemicolon(withoutControls(spec.title)),
    ],
  ];
}

function withoutControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** `tmux -C attach` for one session, without resizing anything and unable to type. */
export function controlAttachArgv(sessionId: string): string[] {
  return ['-C', 'attach-session', '-t', sessionId, '-f', 'ignore-size,read-only'];
}
