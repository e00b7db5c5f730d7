import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from './evaluate';
import { parseSimpleCommand } from './shell-words';
import { bash, CTX, SAMPLE } from './test-support';

const ALLOWED_COMMANDS = ['ls', 'ls -la', 'git status', 'git diff', 'npm run test', 'cat README.md', 'pwd'];
// Every character that makes a shell do more than run one program with plain arguments.
const METACHARACTERS = [
  ...';&|<>()$`\\{}*?[]!#',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001b',
  '\u2028',
  '\u202e',
  '\u200b',
];

describe('policy properties', () => {
  it('never allows an allowed command followed by any shell metacharacter and anything after it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALLOWED_COMMANDS),
        fc.constantFrom('', ' '),
        fc.constantFrom(...METACHARACTERS),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (command, gap, meta, rest) => {
          const decision = evaluatePolicy(SAMPLE, bash(`${command}${gap}${meta}${rest}`), CTX);
          expect(decision.decision).not.toBe('allow');
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('the allowed commands themselves are allowed (the property above is not vacuous)', () => {
    for (const command of ALLOWED_COMMANDS)
      expect(evaluatePolicy(SAMPLE, bash(command), CTX).decision).toBe('allow');
  });

  it('never throws, and allows only what the exact parser reads as one simple command', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const decision = evaluatePolicy(SAMPLE, bash(text), CTX);
        if (decision.decision === 'allow') expect(parseSimpleCommand(text).kind).toBe('simple');
      }),
      { numRuns: 3_000 },
    );
  });

  it('reads plain words back exactly, and quoted words without their quotes', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_./:=@%+,-]{1,12}$/u);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 6 }),
        fc.string({ maxLength: 10 }),
        (words, quoted) => {
          fc.pre(!/^[A-Za-z_][A-Za-z0-9_]*=/u.test(words[0] ?? ''));
          expect(parseSimpleCommand(words.join(' '))).toEqual({ kind: 'simple', argv: words });
          const inner = quoted.replace(/'/gu, '');
          const parsed = parseSimpleCommand(`${words.join(' ')} '${inner}'`);
          if (parsed.kind === 'simple') expect(parsed.argv.at(-1)).toBe(inner);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
