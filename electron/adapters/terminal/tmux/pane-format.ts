/**
 * The `-F` format Tower asks tmux for, and its parser. One record per pane, fields separated by
 * U+001F; free-text fields come last (titles cannot hold control characters: tmux drops titles
 * that do, and the path is last so nothing after it can be misread).
 */
import { FIELD_SEPARATOR, TITLE_OPTION } from './tmux-argv';

const FIELDS = [
  'pid',
  'start_time',
  'pane_id',
  'pane_pid',
  'pane_dead',
  'pane_dead_status',
  'pane_dead_signal',
  'pane_width',
  'pane_height',
  'pane_in_mode',
  'pane_synchronized',
  'window_panes',
  'cursor_x',
  'cursor_y',
  'pane_tty',
  TITLE_OPTION,
  'pane_title',
  'pane_current_command',
  'pane_current_path',
] as const;

/** The `-F` format for `list-panes`, `display -p` and `new-session -P`. */
export const PANE_FORMAT = FIELDS.map((field) => `#{${field}}`).join(FIELD_SEPARATOR);

/** One pane as tmux reports it. */
export interface PaneRecord {
  readonly serverPid: number;
  readonly serverStart: number;
  readonly paneId: string;
  readonly panePid: number | null;
  readonly dead: boolean;
  /** The pty closed but tmux has not reaped the process yet (see server-nudge.ts). */
  readonly exitPending: boolean;
  /** Exit status of an exited pane; null while alive or when a signal ended it. */
  readonly exitCode: number | null;
  readonly cols: number;
  readonly rows: number;
  readonly inMode: boolean;
  /** `synchronize-panes` is on and the window has other panes: keys sent here reach them too. */
  readonly synchronized: boolean;
  readonly cursor: { readonly x: number; readonly y: number } | null;
  readonly tty: string | null;
  /** The title the owner knows the pane by (see paneTitle). */
  readonly title: string;
  /** What the program itself set (`pane_title`, minus a graphics command): the screen's title. */
  readonly programTitle: string;
  readonly currentCommand: string | null;
  readonly cwd: string | null;
}

function int(value: string): number | null {
  return /^-?[0-9]+$/.test(value) ? Number(value) : null;
}

/** Parses one record; throws on a record that does not have the expected shape. */
export function parsePaneRecord(line: string): PaneRecord {
  const parts = line.split(FIELD_SEPARATOR);
  if (parts.length < FIELDS.length) throw new Error(`unexpected tmux pane record: ${JSON.stringify(line)}`);
  const field = (name: (typeof FIELDS)[number]): string => parts[FIELDS.indexOf(name)] ?? '';
  // The path is last and may itself contain the separator: rejoin the tail.
  const cwd = parts.slice(FIELDS.length - 1).join(FIELD_SEPARATOR);
  const paneId = field('pane_id');
  const serverPid = int(field('pid'));
  const serverStart = int(field('start_time'));
  const cols = int(field('pane_width'));
  const rows = int(field('pane_height'));
  if (
    serverPid === null ||
    serverStart === null ||
    cols === null ||
    rows === null ||
    !/^%[0-9]+$/.test(paneId)
  ) {
    throw new Error(`unexpected tmux pane record: ${JSON.stringify(line)}`);
  }
  const x = int(field('cursor_x'));
  const y = int(field('cursor_y'));
  const status = int(field('pane_dead_status'));
  const signal = int(field('pane_dead_signal'));
  // tmux marks the pane dead when its pty closes, and learns the exit status a moment later (or
  // never, if the process only closed its tty): the pane counts as exited once the status is in.
  const closed = field('pane_dead') === '1';
  const dead = closed && (status !== null || signal !== null);
  const tty = field('pane_tty');
  const command = field('pane_current_command');
  return {
    serverPid,
    serverStart,
    paneId,
    panePid: int(field('pane_pid')),
    dead,
    exitPending: closed && !dead,
    exitCode: dead ? status : null,
    cols,
    rows,
    inMode: field('pane_in_mode') === '1',
    synchronized: field('pane_synchronized') === '1' && (int(field('window_panes')) ?? 0) > 1,
    cursor: x === null || y === null ? null : { x, y },
    tty: tty ? tty : null,
    title: paneTitle(field(TITLE_OPTION), field('pane_title')),
    programTitle: paneTitle('', field('pane_title')),
    currentCommand: command ? command : null,
    cwd: cwd ? cwd : null,
  };
}

/**
 * The title the owner knows the pane by. A program can set `pane_title` with an escape sequence: Claude
 * Code writes "✳ Claude Code" over it, and tmux even takes Claude's Kitty graphics probe (an APC string)
 * for a title. So the title Tower opened the pane with, kept in a pane option no program can reach,
 * comes first; other panes show what tmux has, minus a graphics command that is not a title.
 */
function paneTitle(opened: string, current: string): string {
  if (opened !== '') return opened;
  return KITTY_GRAPHICS_COMMAND.test(current) ? '' : current;
}

/** `Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA`: key=value pairs, then `;` and base64 data. */
const KITTY_GRAPHICS_COMMAND = /^G[a-zA-Z]=[^;]*;[A-Za-z0-9+/=]*$/;

/** Parses `list-panes -a -F PANE_FORMAT` output, one record per line; malformed lines are skipped. */
export function parsePaneList(stdout: string): PaneRecord[] {
  const records: PaneRecord[] = [];
  const seen = new Set<string>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    try {
      const record = parsePaneRecord(line);
      // A window linked into several sessions lists its panes once per session.
      if (seen.has(record.paneId)) continue;
      seen.add(record.paneId);
      records.push(record);
    } catch {
      // A path with a newline splits its record; that pane is skipped rather than misread.
    }
  }
  return records;
}

/**
 * The same record without the command and path (free text that could hold a newline): for
 * replies that continue after the record, like `display-message` followed by `capture-pane`.
 */
export const SCREEN_FORMAT = FIELDS.map((field) =>
  field === 'pane_current_command' || field === 'pane_current_path' ? '' : `#{${field}}`,
).join(FIELD_SEPARATOR);
