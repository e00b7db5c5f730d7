/**
 * The fixed key vocabulary, encoded for each backend. Nothing else decides what a control key is.
 *
 * Literal text never passes through here: it is checked by `assertPrintable` and sent as literal
 * data (tmux `send-keys -l`, a pty write), so it can never carry a control character.
 */
import type { Key } from '../../contract/dto';
import { KEYS } from '../../contract/dto';
import { typedTextProblem } from '../../contract/typed-text';

/** tmux key names for `send-keys` (without -l). */
const TMUX_KEY_NAMES: Readonly<Record<Key, string>> = {
  Enter: 'Enter',
  Escape: 'Escape',
  Tab: 'Tab',
  Up: 'Up',
  Down: 'Down',
  Left: 'Left',
  Right: 'Right',
  Backspace: 'BSpace',
  CtrlC: 'C-c',
  '0': '0',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5',
  '6': '6',
  '7': '7',
  '8': '8',
  '9': '9',
  y: 'y',
  n: 'n',
};

/** Bytes a terminal sends for each key (normal cursor mode, as xterm and tmux send by default). */
const PTY_KEY_BYTES: Readonly<Record<Key, string>> = {
  Enter: '\r',
  Escape: '\x1b',
  Tab: '\t',
  Up: '\x1b[A',
  Down: '\x1b[B',
  Left: '\x1b[D',
  Right: '\x1b[C',
  Backspace: '\x7f',
  CtrlC: '\x03',
  '0': '0',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5',
  '6': '6',
  '7': '7',
  '8': '8',
  '9': '9',
  y: 'y',
  n: 'n',
};

const KEY_SET: ReadonlySet<string> = new Set(KEYS);

/** Throws unless `key` is in the vocabulary (guards data that crossed a wire untyped). */
export function assertKey(key: string): asserts key is Key {
  if (!KEY_SET.has(key)) throw new Error(`key ${JSON.stringify(key)} is not in Tower's key vocabulary`);
}

/** The tmux key name for `send-keys`. */
export function tmuxKeyName(key: Key): string {
  assertKey(key);
  return TMUX_KEY_NAMES[key];
}

/** The bytes a pty receives for `key`. */
export function ptyKeyBytes(key: Key): string {
  assertKey(key);
  return PTY_KEY_BYTES[key];
}

/** Throws if literal text carries a control, bidi or invisible character: keys come only from the vocabulary. */
export function assertPrintable(text: string): void {
  const problem = typedTextProblem(text);
  if (problem) throw new Error(problem);
}
