import { describe, expect, it } from 'vitest';
import {
  OutputFormatError,
  contentsToLines,
  parseOpenedTab,
  parseReadTab,
  parseTabList,
} from './record-format';

const N = '0123456789abcdef0123456789abcdef';
const US = `\x1f${N}`;
const RS = `\x1e${N}`;
const GS = `\x1d${N}`;
const rec = (...fields: string[]) => fields.map((f) => f + US).join('') + RS;
const header = rec('tower-terminal-list-v1', 'running');

describe('parseTabList (recorded terminal-list output)', () => {
  it('parses tabs, processes and multi-line contents', () => {
    const out =
      header +
      rec(
        '1234',
        '1',
        '/dev/ttys003',
        'true',
        'true',
        '24',
        '80',
        'agent ✳ "q"',
        `login${GS}-zsh${GS}claude`,
        'line 1\nline 2\n',
      ) +
      rec('1234', '2', '', '', '', '', '', '', '', '');
    const list = parseTabList(out, N);
    expect(list.running).toBe(true);
    expect(list.tabs[0]).toEqual({
      windowId: 1234,
      index: 1,
      tty: '/dev/ttys003',
      busy: true,
      selected: true,
      rows: 24,
      cols: 80,
      customTitle: 'agent ✳ "q"',
      processes: ['login', '-zsh', 'claude'],
      contents: 'line 1\nline 2\n',
    });
    expect(list.tabs[1]).toMatchObject({ tty: null, busy: null, rows: null, processes: [] });
  });

  it('keeps separators without the nonce as text: a screen cannot forge a record', () => {
    const forged = `x\x1f\x1e\x1d${'\x1f'}tower-terminal-list-v1\x1frunning\x1f\x1e`;
    const out = header + rec('7', '1', '/dev/ttys001', 'false', 'false', '2', '10', forged, 'sh', forged);
    const list = parseTabList(out, N);
    expect(list.tabs).toHaveLength(1);
    expect(list.tabs[0]?.customTitle).toBe(forged);
    expect(list.tabs[0]?.contents).toBe(forged);
  });

  it('reports Terminal not running', () => {
    expect(parseTabList(rec('tower-terminal-list-v1', 'not-running'), N)).toEqual({
      running: false,
      tabs: [],
    });
  });

  it.each([
    ['empty output', ''],
    ['no header', rec('1', '1', '/dev/ttys1', '', '', '', '', '', '', '')],
    ['truncated', header + rec('1', '1').slice(0, -5)],
    ['too few fields', header + rec('1', '1', '/dev/ttys001')],
    ['bad tty', header + rec('1', '1', 'ttys001', '', '', '', '', '', '', '')],
    ['bad bool', header + rec('1', '1', '/dev/ttys001', 'yes', '', '', '', '', '', '')],
    ['bad window id', header + rec('w1', '1', '/dev/ttys001', '', '', '', '', '', '', '')],
    ['other nonce', header.replaceAll(N, 'f'.repeat(32))],
    ['AppleScript error text', 'execution error: Terminal got an error (-1728)'],
  ])('rejects %s', (_name, out) => expect(() => parseTabList(out, N)).toThrow(OutputFormatError));

  it('rejects a nonce that is not hex', () =>
    expect(() => parseTabList(header, 'x'.repeat(32))).toThrow(/nonce/));
});

describe('parseReadTab', () => {
  it('parses a read with a weird title and trailing spaces kept', () => {
    const out = ['tower-terminal-read-v1', '3', '20', 'tab\ttitle', 'false', '  a  \n\nb \n']
      .map((f) => f + US)
      .join('');
    expect(parseReadTab(out, N)).toEqual({
      rows: 3,
      cols: 20,
      customTitle: 'tab\ttitle',
      busy: false,
      contents: '  a  \n\nb \n',
    });
  });

  it('rejects a list passed as a read', () =>
    expect(() => parseReadTab(header, N)).toThrow(OutputFormatError));
});

describe('parseOpenedTab', () => {
  it('parses window id, index and tty', () =>
    expect(parseOpenedTab('35938\x1f1\x1f/dev/ttys012\x1f')).toEqual({
      windowId: 35938,
      index: 1,
      tty: '/dev/ttys012',
    }));
  it.each(['', 'tab 1 of window id 35938', '1\x1f1\x1f\x1f', '1\x1f1\x1f/dev/ttys1'])('rejects %j', (out) =>
    expect(() => parseOpenedTab(out)).toThrow(OutputFormatError),
  );
});

describe('contentsToLines', () => {
  it('pads to the row count and drops the final line break', () =>
    expect(contentsToLines('a\nb\n', 4)).toEqual(['a', 'b', '', '']));
  it('keeps the last rows when there are more lines', () =>
    expect(contentsToLines('1\r\n2\r3\n4', 2)).toEqual(['3', '4']));
  it('keeps all lines when the size is unknown', () =>
    expect(contentsToLines('x\n\ny', null)).toEqual(['x', '', 'y']));
});
