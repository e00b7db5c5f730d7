/**
 * argv builders and output parsers for the iTerm2 AppleScript fallback scripts
 * (`native-scripts/applescript/iterm2-*.applescript`). Same nonce-separated records as Terminal.app.
 */
import { join } from 'node:path';
import { OutputFormatError, splitRecords } from '../terminal-app/record-format';
import type { ITerm2Session } from './iterm2-backend';

/** The constant iTerm2 scripts. */
export const ITERM2_APPLESCRIPTS = {
  list: 'iterm2-list.applescript',
  read: 'iterm2-read.applescript',
  write: 'iterm2-write.applescript',
  open: 'iterm2-open.applescript',
  close: 'iterm2-close.applescript',
  focus: 'iterm2-focus.applescript',
} as const;

/** argv for each operation: the constant script path, then data. */
export class ITerm2Argv {
  constructor(private readonly appleScriptDir: string) {
    if (!appleScriptDir.startsWith('/')) throw new Error('the AppleScript folder must be an absolute path');
  }

  private script(name: keyof typeof ITERM2_APPLESCRIPTS): string {
    return join(this.appleScriptDir, ITERM2_APPLESCRIPTS[name]);
  }

  list(nonce: string): string[] {
    return [this.script('list'), nonce];
  }
  read(nonce: string, sessionId: string): string[] {
    return [this.script('read'), nonce, sessionId];
  }
  /** `write text … newline no`: the text verbatim. */
  write(sessionId: string, text: string): string[] {
    return [this.script('write'), sessionId, text, 'no-newline'];
  }
  open(line: string, title: string): string[] {
    return [this.script('open'), line, title];
  }
  close(sessionId: string): string[] {
    return [this.script('close'), sessionId];
  }
  /** Selects the session's window, tab and pane and activates iTerm2 (types nothing). */
  focus(sessionId: string): string[] {
    return [this.script('focus'), sessionId];
  }
}

const int = (text: string): number | null => (/^[0-9]{1,9}$/u.test(text) ? Number(text) : null);

/** A listed session plus its contents (for change polling). */
export interface ListedSession extends ITerm2Session {
  readonly contents: string;
}

/** Parses `iterm2-list.applescript` output. */
export function parseITerm2List(stdout: string, nonce: string): ListedSession[] {
  const [header, ...rows] = splitRecords(stdout, nonce);
  if (header?.[0] !== 'tower-iterm2-list-v1' || header.length !== 2)
    throw new OutputFormatError('missing list header');
  if (header[1] === 'not-running') return [];
  return rows.map((fields) => {
    if (fields.length !== 8)
      throw new OutputFormatError(`a session record has ${fields.length} fields, not 8`);
    const [, , id, tty, name, cols, rowCount, contents] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (id === '') throw new OutputFormatError('a session without an id');
    return {
      id,
      tty: tty === '' ? null : tty,
      title: name,
      jobName: null,
      cols: int(cols),
      rows: int(rowCount),
      contents,
    };
  });
}

/** Parses `iterm2-read.applescript` output. */
export function parseITerm2Read(
  stdout: string,
  nonce: string,
): { cols: number | null; rows: number | null; title: string; contents: string } {
  const [fields] = splitRecords(`${stdout}\x1e${nonce}`, nonce);
  if (fields?.[0] !== 'tower-iterm2-read-v1' || fields.length !== 5)
    throw new OutputFormatError('missing read header');
  const [, cols, rows, title, contents] = fields as [string, string, string, string, string];
  return { cols: int(cols), rows: int(rows), title, contents };
}

/** Parses `iterm2-open.applescript` output: window id, session id, tty. */
export function parseITerm2Open(stdout: string): { sessionId: string; tty: string | null } {
  const fields = stdout.split('\x1f');
  if (fields.length !== 4 || !fields[1]) throw new OutputFormatError('bad open output');
  return { sessionId: fields[1], tty: fields[2] || null };
}
