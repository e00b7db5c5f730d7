import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Key } from '../../../contract/dto';
import {
  chunkText,
  controlAttachArgv,
  escapeFormat,
  escapeTrailingSemicolon,
  newSessionArgv,
  paneCommandArgv,
  sendKeysArgv,
  sendTextArgv,
} from './tmux-argv';

describe('escapeTrailingSemicolon', () => {
  it.each([
    ['a;', 'a\\;'],
    [';', '\\;'],
    [';;', ';\\;'],
    ['a\\;', 'a\\\\;'],
    ['a;b', 'a;b'],
    ['a', 'a'],
    ['', ''],
  ])('%j → %j', (input, output) => expect(escapeTrailingSemicolon(input)).toBe(output));
});

describe('escapeFormat', () => {
  it.each([
    ['#{pane_id}', '##{pane_id}'],
    ['#(id)', '##(id)'],
    ['a##b', 'a####b'],
    ['#[fg=red]', '#[fg=red]'],
    ['##[x', '##[x'],
    ['end#', 'end##'],
    ['plain', 'plain'],
  ])('%j → %j', (input, output) => expect(escapeFormat(input)).toBe(output));
});

describe('chunkText', () => {
  it('keeps every chunk within the byte limit, never splits a code point, and loses nothing', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 4, max: 64 }),
        (text, max) => {
          const chunks = chunkText(text, max);
          expect(chunks.join('')).toBe(text);
          for (const chunk of chunks) {
            expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(max);
            expect(chunk).not.toBe('');
            expect(Buffer.from(chunk).toString()).toBe(chunk);
          }
        },
      ),
    );
  });
});

describe('send-keys argv', () => {
  it('sends text literally after --, with a trailing ; escaped', () => {
    expect(sendTextArgv('%1', '-t %0;')).toEqual(['send-keys', '-t', '%1', '-l', '--', '-t %0\\;']);
  });

  it('maps vocabulary keys to one argv element each', () => {
    expect(sendKeysArgv('%1', ['Enter', 'CtrlC', 'Backspace', '1'])).toEqual([
      'send-keys',
      '-t',
      '%1',
      'Enter',
      'C-c',
      'BSpace',
      '1',
    ]);
  });

  it('rejects any key outside the vocabulary', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        fc.pre(
          !['Enter', 'Escape', 'Tab', 'Up', 'Down', 'Left', 'Right', 'Backspace', 'CtrlC', 'y', 'n'].includes(
            name,
          ),
        );
        fc.pre(!/^[0-9]$/.test(name));
        expect(() => sendKeysArgv('%1', ['1', name as Key])).toThrow(/vocabulary/);
      }),
    );
  });
});

describe('paneCommandArgv', () => {
  it('passes several arguments as they are (tmux execs them directly)', () => {
    expect(paneCommandArgv(['claude', '--model', 'x'])).toEqual(['claude', '--model', 'x']);
  });

  it('wraps a lone command in env so tmux does not hand it to sh -c', () => {
    expect(paneCommandArgv(['/opt/my agent/bin'])).toEqual(['env', '--', '/opt/my agent/bin']);
  });

  it('rejects empty commands and a lone command env would read as an assignment', () => {
    expect(() => paneCommandArgv([])).toThrow();
    expect(() => paneCommandArgv([''])).toThrow();
    expect(() => paneCommandArgv(['A=b'])).toThrow();
  });
});

describe('newSessionArgv', () => {
  it('builds one invocation: new-session, remain-on-exit, pane title, title option; data escaped', () => {
    const argv = newSessionArgv(
      {
        command: ['sh', '-c', 'x;'],
        title: 'T #(id);',
        cwd: '/w#{x}',
        env: { A: 'v;' },
        cols: 100,
        rows: 30,
      },
      'tower-1',
      'FMT',
    );
    expect(argv).toEqual([
      ...['new-session', '-d', '-P', '-F', 'FMT', '-s', 'tower-1', '-n', 'T ##(id)\\;', '-c', '/w##{x}'],
      ...['-e', 'A=v\\;', '-x', '100', '-y', '30', '--', 'sh', '-c', 'x\\;'],
      ...[';', 'set-option', '-w', '-t', '=tower-1:', 'remain-on-exit', 'on'],
      ...[';', 'select-pane', '-t', '=tower-1:', '-T', 'T ##(id)\\;'],
      ...[';', 'set-option', '-p', '-t', '=tower-1:', '@tower_title', 'T #(id)\\;'],
    ]);
  });

  it('keeps the title option free of control characters (they would split the listing records)', () => {
    const argv = newSessionArgv({ command: ['sh'], title: 'a\x1fb\nc\x9bd' }, 's', 'F');
    expect(argv.at(-1)).toBe('a b c d');
  });

  it('rejects bad environment names, relative cwds and bad sizes', () => {
    const base = { command: ['sh', '-c', 'true'], title: 't' };
    expect(() => newSessionArgv({ ...base, env: { 'A B': '1' } }, 's', 'F')).toThrow();
    expect(() => newSessionArgv({ ...base, env: { 'A=B': '1' } }, 's', 'F')).toThrow();
    expect(() => newSessionArgv({ ...base, cwd: 'rel' }, 's', 'F')).toThrow();
    expect(() => newSessionArgv({ ...base, cols: 0 }, 's', 'F')).toThrow();
    expect(() => newSessionArgv({ ...base, rows: 1.5 }, 's', 'F')).toThrow();
  });
});

describe('controlAttachArgv', () => {
  it('attaches without resizing and read-only', () => {
    expect(controlAttachArgv('$2')).toEqual([
      '-C',
      'attach-session',
      '-t',
      '$2',
      '-f',
      'ignore-size,read-only',
    ]);
  });
});
