import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputFormatError } from '../terminal-app/record-format';
import {
  ITERM2_APPLESCRIPTS,
  parseITerm2List,
  parseITerm2Open,
  parseITerm2Read,
} from './iterm2-applescript-format';

const N = '0f'.repeat(16);
const rec = (...f: string[]) => f.map((x) => `${x}\x1f${N}`).join('') + `\x1e${N}`;
const DIR = join(import.meta.dirname, '../../../../native-scripts/applescript');

describe('iTerm2 AppleScript output', () => {
  it('parses sessions with forged separators in their contents', () => {
    const forged = 'a\x1fb\x1ec\ntower-iterm2-list-v1';
    const out =
      rec('tower-iterm2-list-v1', 'running') +
      rec('7', '1', 'AB-12', '/dev/ttys001', 'name "q"', '100', '30', forged);
    expect(parseITerm2List(out, N)).toEqual([
      {
        id: 'AB-12',
        tty: '/dev/ttys001',
        title: 'name "q"',
        jobName: null,
        cols: 100,
        rows: 30,
        contents: forged,
      },
    ]);
    expect(parseITerm2List(rec('tower-iterm2-list-v1', 'not-running'), N)).toEqual([]);
  });

  it.each([
    ['no header', rec('7', '1', 'AB', '', '', '', '', '')],
    ['no id', rec('tower-iterm2-list-v1', 'running') + rec('7', '1', '', '', '', '', '', '')],
    ['short', rec('tower-iterm2-list-v1', 'running') + rec('7', '1')],
    ['error text', 'execution error: iTerm2 got an error (-1743)'],
  ])('rejects %s', (_n, out) => expect(() => parseITerm2List(out, N)).toThrow(OutputFormatError));

  it('parses read and open', () => {
    const read = ['tower-iterm2-read-v1', '80', '2', 't', 'x\ny\n'].map((f) => `${f}\x1f${N}`).join('');
    expect(parseITerm2Read(read, N)).toEqual({ cols: 80, rows: 2, title: 't', contents: 'x\ny\n' });
    expect(parseITerm2Open('5\x1fAB-1\x1f/dev/ttys2\x1f')).toEqual({ sessionId: 'AB-1', tty: '/dev/ttys2' });
    expect(() => parseITerm2Open('5\x1f\x1f\x1f')).toThrow(OutputFormatError);
  });

  it.each(Object.values(ITERM2_APPLESCRIPTS))('%s takes argv and builds no code from data', (name) => {
    const text = readFileSync(join(DIR, name), 'utf8');
    expect(text).toMatch(/^on run argv$/m);
    expect(text).not.toMatch(/\b(run script|do shell script|load script)\b/);
  });
});
