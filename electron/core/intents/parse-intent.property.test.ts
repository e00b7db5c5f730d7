/**
 * Property: arbitrary text never yields an action it does not name, and a session number always
 * comes from the text itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Intent } from './intent';
import { parseIntent } from './parse-intent';

/** Words that must appear (ASCII, any case) for each acting intent. */
const NAMED: Partial<Record<Intent['kind'], RegExp>> = {
  approve: /approve|allow|accept/,
  deny: /deny|reject|decline|refuse/,
  close: /close|kill|end/,
  send: /send|tell/,
  task: /task/,
  pause: /pause/,
  resume: /resume|unpause/,
  lockdown: /lock\s*down|unlock/,
  open: /open/,
};

const WORDS = [
  'approve',
  'APPROVE',
  'deny',
  'reject',
  'close',
  'kill',
  'pause',
  'resume',
  'all',
  'session',
  '#',
  '/',
  '/approve',
  '/deny',
  '/close',
  '/send',
  '/task',
  'send',
  'tell',
  'task',
  'LOCKDOWN',
  'lockdown',
  'please',
  "don't",
  'not',
  '2',
  '02',
  '13',
  '9999',
  '10000',
  '0',
  '２',
  '٣',
  ' ',
  '  ',
  '\n',
  '.',
  '?',
  ':',
  'status',
  "what's",
  'the',
  'ſ',
  '\u0430',
  '\u202e',
  'x',
];
const wordy = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => w.join(''));
const spaced = fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((w) => w.join(' '));
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  wordy,
  spaced,
);

function sessionOf(intent: Intent): number | null {
  switch (intent.kind) {
    case 'session':
    case 'approve':
    case 'deny':
    case 'send':
    case 'close':
      return intent.session;
    case 'pause':
    case 'resume':
      return intent.scope.kind === 'session' ? intent.scope.session : null;
    default:
      return null;
  }
}

describe('parseIntent properties', () => {
  it('an acting intent is named in the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const intent = parseIntent(text);
        const named = NAMED[intent.kind];
        if (named) expect(text.replace(/[A-Z]/g, (c) => c.toLowerCase())).toMatch(named);
      }),
      { numRuns: 3000 },
    );
  });

  it('the session number acted on is the first ASCII number in the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const n = sessionOf(parseIntent(text));
        if (n === null) return;
        const first = /\d+/.exec(text);
        expect(first).not.toBeNull();
        expect(Number(first?.[0])).toBe(n);
      }),
      { numRuns: 3000 },
    );
  });

  it('text with no ASCII digit never names a session', () => {
    fc.assert(
      fc.property(
        anyText.map((t) => t.replace(/\d/g, '')),
        (text) => {
          expect(sessionOf(parseIntent(text))).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a negated or embedded command never acts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom("don't", 'do not', 'never', 'I said', 'why did you'),
        fc.constantFrom('approve', 'deny', 'close', 'kill', 'pause all', 'lockdown'),
        fc.integer({ min: 1, max: 99 }),
        (lead, verb, n) => {
          expect(parseIntent(`${lead} ${verb} ${n}`).kind).toBe('help');
        },
      ),
    );
  });
});
