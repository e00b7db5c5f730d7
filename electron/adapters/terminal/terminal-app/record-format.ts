/**
 * Parses what the Terminal.app scripts print. Fields end with U+001F and records with U+001E, each
 * followed by a random per-call nonce, so text on a screen or in a title cannot forge a separator.
 */

const US = '\x1f';
const RS = '\x1e';
const GS = '\x1d';

/** One Terminal.app tab as `terminal-list.applescript` reports it. */
export interface ListedTab {
  readonly windowId: number;
  readonly index: number;
  /** `/dev/ttys003`, or null when reading it raised (the tab's shell has exited). */
  readonly tty: string | null;
  readonly busy: boolean | null;
  readonly selected: boolean | null;
  readonly rows: number | null;
  readonly cols: number | null;
  readonly customTitle: string;
  readonly processes: readonly string[];
  readonly contents: string;
}

/** The parsed list: whether Terminal runs, and its tabs. */
export interface TabList {
  readonly running: boolean;
  readonly tabs: readonly ListedTab[];
}

/** What `terminal-read.applescript` reports for one tab. */
export interface ReadTab {
  readonly rows: number | null;
  readonly cols: number | null;
  readonly customTitle: string;
  readonly busy: boolean | null;
  readonly contents: string;
}

/** Where `terminal-open.applescript` put the new tab. */
export interface OpenedTab {
  readonly windowId: number;
  readonly index: number;
  readonly tty: string;
}

/** A random nonce for one call: hex only, so it is safe as an argument and in a separator. */
export function makeNonce(random: () => Uint8Array): string {
  return Buffer.from(random()).toString('hex');
}

/** Thrown when a script's output is not what the script prints: never guessed around. */
export class OutputFormatError extends Error {
  override readonly name = 'OutputFormatError';
}

/** Splits nonce-separated output into records of fields; throws on anything malformed. */
export function splitRecords(stdout: string, nonce: string): string[][] {
  if (!/^[0-9a-f]{16,}$/u.test(nonce)) throw new OutputFormatError('bad nonce');
  const rs = RS + nonce;
  const us = US + nonce;
  if (!stdout.endsWith(rs)) throw new OutputFormatError('output does not end with a record separator');
  return stdout
    .slice(0, -rs.length)
    .split(rs)
    .map((record) => {
      if (!record.endsWith(us)) throw new OutputFormatError('a record does not end with a field separator');
      return record.slice(0, -us.length).split(us);
    });
}

const TTY = /^\/dev\/tty[A-Za-z0-9]+$/u;

function optionalTty(text: string): string | null {
  if (text === '') return null;
  if (!TTY.test(text)) throw new OutputFormatError(`not a tty: ${JSON.stringify(text)}`);
  return text;
}

function bool(text: string): boolean | null {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === '') return null;
  throw new OutputFormatError(`not a boolean: ${JSON.stringify(text)}`);
}

function int(text: string, what: string): number {
  if (!/^[0-9]{1,12}$/u.test(text))
    throw new OutputFormatError(`${what} is not a number: ${JSON.stringify(text)}`);
  return Number(text);
}

function optionalInt(text: string, what: string): number | null {
  return text === '' ? null : int(text, what);
}

/** Parses `terminal-list.applescript` output made with `nonce`. */
export function parseTabList(stdout: string, nonce: string): TabList {
  const [header, ...rows] = splitRecords(stdout, nonce);
  if (header?.[0] !== 'tower-terminal-list-v1' || header.length !== 2) {
    throw new OutputFormatError('missing list header');
  }
  if (header[1] === 'not-running') {
    if (rows.length > 0) throw new OutputFormatError('tabs listed while not running');
    return { running: false, tabs: [] };
  }
  if (header[1] !== 'running') throw new OutputFormatError('bad list state');
  const tabs = rows.map((fields): ListedTab => {
    if (fields.length !== 10) throw new OutputFormatError(`a tab record has ${fields.length} fields, not 10`);
    const [windowId, index, tty, busy, selected, rowCount, colCount, title, processes, contents] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    return {
      windowId: int(windowId, 'window id'),
      index: int(index, 'tab index'),
      tty: optionalTty(tty),
      busy: bool(busy),
      selected: bool(selected),
      rows: optionalInt(rowCount, 'rows'),
      cols: optionalInt(colCount, 'columns'),
      customTitle: title,
      processes: processes === '' ? [] : processes.split(GS + nonce),
      contents,
    };
  });
  return { running: true, tabs };
}

/** Parses `terminal-read.applescript` output made with `nonce`. */
export function parseReadTab(stdout: string, nonce: string): ReadTab {
  // The read script prints one record without a trailing record separator.
  const [fields] = splitRecords(stdout + RS + nonce, nonce);
  if (fields?.[0] !== 'tower-terminal-read-v1' || fields.length !== 6) {
    throw new OutputFormatError('missing read header');
  }
  const [, rows, cols, title, busy, contents] = fields as [string, string, string, string, string, string];
  return {
    rows: optionalInt(rows, 'rows'),
    cols: optionalInt(cols, 'columns'),
    customTitle: title,
    busy: bool(busy),
    contents,
  };
}

/** Parses `terminal-open.applescript` output: `<window id>US<index>US<tty>US`. */
export function parseOpenedTab(stdout: string): OpenedTab {
  const fields = stdout.split(US);
  if (fields.length !== 4 || fields[3] !== '') throw new OutputFormatError('bad open output');
  const tty = optionalTty(fields[2] ?? '');
  if (tty === null) throw new OutputFormatError('the new tab has no tty');
  return { windowId: int(fields[0] ?? '', 'window id'), index: int(fields[1] ?? '', 'tab index'), tty };
}

/** Splits a tab's `contents` into screen rows: exactly `rows` of them when the size is known. */
export function contentsToLines(contents: string, rows: number | null): string[] {
  const lines = contents.split(/\r\n|\r|\n/u);
  // Terminal ends the text with a line break; that is not an extra row.
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  if (rows === null) return lines;
  if (lines.length > rows) return lines.slice(lines.length - rows);
  while (lines.length < rows) lines.push('');
  return lines;
}
