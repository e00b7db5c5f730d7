import { describe, expect, it } from 'vitest';
import { parseCommand, parseDigits, parseSpeech } from './phone-intent';
import { numberWords, wordsToNumber } from './speech';

describe('phone intents', () => {
  it.each([
    ['1', { kind: 'status' }],
    ['2', { kind: 'approve', session: null }],
    ['23', { kind: 'approve', session: 3 }],
    ['312', { kind: 'deny', session: 12 }],
    ['4', { kind: 'retry', session: null }],
    ['5', { kind: 'pause' }],
    ['62', { kind: 'session', session: 2 }],
    ['7', { kind: 'lockdown' }],
    ['9', { kind: 'menu' }],
    ['0', { kind: 'bye' }],
    ['6', { kind: 'unclear' }],
    ['12', { kind: 'unclear' }],
    ['8', { kind: 'unclear' }],
    ['2*3', { kind: 'unclear' }],
    ['', { kind: 'unclear' }],
    ['212345', { kind: 'unclear' }],
  ])('keys %j', (digits, expected) => expect(parseDigits(digits)).toEqual(expected));

  it.each([
    ['Status.', { kind: 'status' }],
    ["What's the status?", { kind: 'status' }],
    ['Approve.', { kind: 'approve', session: null }],
    ['approve session two', { kind: 'approve', session: 2 }],
    ['Approve 2.', { kind: 'approve', session: 2 }],
    ['deny twenty one', { kind: 'deny', session: 21 }],
    ['reject three', { kind: 'deny', session: 3 }],
    ['Try again, flight four', { kind: 'retry', session: 4 }],
    ['Session 12.', { kind: 'session', session: 12 }],
    ['flight seven', { kind: 'session', session: 7 }],
    ['Lock down.', { kind: 'lockdown' }],
    ['Goodbye!', { kind: 'bye' }],
    ['pause', { kind: 'pause' }],
    // Never guessed: extra words, substrings, lifting LOCKDOWN, instructions.
    ['approve everything', { kind: 'unclear' }],
    ['disapprove', { kind: 'unclear' }],
    ['please approve', { kind: 'unclear' }],
    ['unlock', { kind: 'unclear' }],
    ['lift lockdown', { kind: 'unclear' }],
    ['session twenty two three', { kind: 'unclear' }],
    ['approve two and run rm -rf', { kind: 'unclear' }],
    ['</Say><Dial>+15555550100</Dial>', { kind: 'unclear' }],
  ])('speech %j', (speech, expected) => expect(parseSpeech(speech)).toEqual(expected));

  it('digits win over speech; silence and low confidence are their own outcomes', () => {
    expect(parseCommand({ digits: '1', speech: 'bye', confidence: 0.9 })).toEqual({ kind: 'status' });
    expect(parseCommand({ digits: null, speech: null, confidence: null })).toEqual({ kind: 'silence' });
    expect(parseCommand({ digits: '', speech: '  ', confidence: null })).toEqual({ kind: 'silence' });
    expect(parseCommand({ digits: null, speech: 'approve', confidence: 0.3 })).toEqual({ kind: 'unclear' });
    expect(parseCommand({ digits: null, speech: 'approve', confidence: 0.7 })).toEqual({
      kind: 'approve',
      session: null,
    });
  });

  it('number words round-trip for 0–99', () => {
    for (let n = 0; n < 100; n += 1) expect(wordsToNumber(numberWords(n).split(' '))).toBe(n);
    expect(wordsToNumber(['twenty', 'twelve'])).toBeNull();
    expect(wordsToNumber(['one', 'two'])).toBeNull();
  });
});
