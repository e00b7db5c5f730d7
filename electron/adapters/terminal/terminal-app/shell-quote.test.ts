import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandLineFor, quoteShellArg } from './shell-quote';

/** Runs `printf '%s\0' <quoted…>` through `sh -c` and reads the arguments back. */
function roundTrip(args: readonly string[]): string[] {
  const line = `printf '%s\\0' ${args.map(quoteShellArg).join(' ')}`;
  const out = execFileSync('sh', ['-c', line], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const nasty = fc.constantFrom(
  "'",
  '\\',
  '"',
  '$(id)',
  '`id`',
  '!',
  '*',
  '~',
  '-x',
  '--',
  '\n',
  ';',
  '&&',
  '#',
  ' ',
  'é',
  '👩‍💻',
  '${HOME}',
  "'\\''",
);
const arg = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.array(fc.oneof(nasty, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((a) => a.join('')),
);

describe('quoteShellArg', () => {
  it.each([
    ['', "''"],
    ['plain', "'plain'"],
    ["it's", `'it'"'"'s'`],
    ['a\\b', `'a'"\\\\"'b'`],
    ['-rf', "'-rf'"],
  ])('%j → %s', (input, quoted) => expect(quoteShellArg(input)).toBe(quoted));

  it('is only single-quoted runs without backslashes, "\'" and "\\\\" (same in sh and fish)', () => {
    const shape = /^(?:''|(?:'[^'\\]+'|"'"|"\\\\")+)$/u;
    fc.assert(
      fc.property(arg, (a) => {
        expect(quoteShellArg(a.replace(/\0/g, ''))).toMatch(shape);
      }),
    );
  });

  it('round-trips arbitrary argv through sh -c exactly', () => {
    fc.assert(
      fc.property(fc.array(arg, { minLength: 1, maxLength: 5 }), (args) => {
        const clean = args.map((a) => a.replace(/\0/g, ''));
        expect(roundTrip(clean)).toEqual(clean);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses NUL', () => expect(() => quoteShellArg('a\0b')).toThrow(/NUL/));
});

describe('commandLineFor', () => {
  it('builds cd && env -- assignments then argv', () => {
    expect(commandLineFor({ command: ['claude', '--resume'], cwd: "/tmp/it's", env: { A: 'x y' } })).toBe(
      `cd '/tmp/it'"'"'s' && env -- 'A=x y' 'claude' '--resume'`,
    );
  });

  it('runs the same argv through sh', () => {
    const line = commandLineFor({ command: ['printf', '%s|', 'a b', '$(id)', '-x'], cwd: '/' });
    expect(execFileSync('sh', ['-c', line], { encoding: 'utf8' })).toBe('a b|$(id)|-x|');
  });

  it.each([
    [{ command: [] }, /empty/],
    [{ command: ['A=1'] }, /=/],
    [{ command: ['-x'] }, /-/],
    [{ command: ['ls'], cwd: 'rel' }, /absolute/],
    [{ command: ['ls'], env: { 'A B': '1' } }, /environment name/],
    [{ command: ['echo', 'a\nb'] }, /control character/],
    [{ command: ['echo', 'x'.repeat(2000)] }, /longer than/],
  ])('refuses %j', (spec, why) => expect(() => commandLineFor(spec)).toThrow(why));
});
