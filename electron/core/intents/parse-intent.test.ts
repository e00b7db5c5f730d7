import { describe, expect, it } from 'vitest';
import type { Intent } from './intent';
import { parseIntent } from './parse-intent';

const all = { kind: 'all' } as const;
const cases: readonly (readonly [string, Intent])[] = [
  ['/status', { kind: 'status' }],
  ['/status@TowerBot', { kind: 'status' }],
  ['/session 3', { kind: 'session', session: 3 }],
  ['/approve 2', { kind: 'approve', session: 2 }],
  ['/APPROVE #2', { kind: 'approve', session: 2 }],
  ['/deny 12', { kind: 'deny', session: 12 }],
  ['/send 2 run the tests; then Stop', { kind: 'send', session: 2, text: 'run the tests; then Stop' }],
  ['/open', { kind: 'open', template: null }],
  ['/open claude', { kind: 'open', template: 'claude' }],
  ['/close 4', { kind: 'close', session: 4 }],
  ['/pause', { kind: 'pause', scope: all }],
  ['/pause 3', { kind: 'pause', scope: { kind: 'session', session: 3 } }],
  ['/resume all', { kind: 'resume', scope: all }],
  ['/queue', { kind: 'queue' }],
  ['/task Fix the Login bug', { kind: 'task', text: 'Fix the Login bug' }],
  ['LOCKDOWN', { kind: 'lockdown', engage: true }],
  ['/lockdown', { kind: 'lockdown', engage: true }],
  ['/lockdown off', { kind: 'lockdown', engage: false }],
  ['/unlock', { kind: 'lockdown', engage: false }],
  ['/start', { kind: 'start' }],
  ["what's the status?", { kind: 'status' }],
  ['Status', { kind: 'status' }],
  ['how are the agents doing?', { kind: 'status' }],
  ['approve 2', { kind: 'approve', session: 2 }],
  ['Please approve session 2.', { kind: 'approve', session: 2 }],
  ['reject #5', { kind: 'deny', session: 5 }],
  ['show 3', { kind: 'session', session: 3 }],
  ['pause all', { kind: 'pause', scope: all }],
  ['resume everything', { kind: 'resume', scope: all }],
  ['kill 3', { kind: 'close', session: 3 }],
  ['tell 2: Add a test', { kind: 'send', session: 2, text: 'Add a test' }],
  ['new task: Write docs', { kind: 'task', text: 'Write docs' }],
  ['lock down now', { kind: 'lockdown', engage: true }],
  ['lift lockdown', { kind: 'lockdown', engage: false }],
  ['help', { kind: 'help', reason: 'asked' }],
  ['/approve', { kind: 'help', reason: 'missing-number' }],
  ['/approve two', { kind: 'help', reason: 'bad-number' }],
  ['/approve 2 3', { kind: 'help', reason: 'bad-number' }],
  ['/approve 0', { kind: 'help', reason: 'bad-number' }],
  ['/approve 12345', { kind: 'help', reason: 'bad-number' }],
  ['/send 2', { kind: 'help', reason: 'missing-text' }],
  ["don't approve 2", { kind: 'help', reason: 'unknown' }],
  ['do not deny 3', { kind: 'help', reason: 'unknown' }],
  ['approve 2 and 3', { kind: 'help', reason: 'unknown' }],
  ['approve ２', { kind: 'help', reason: 'unknown' }],
  ['\u0430pprove 2', { kind: 'help', reason: 'unknown' }],
  ['cloſe 2', { kind: 'help', reason: 'unknown' }],
  ['lockdown is a word I like', { kind: 'help', reason: 'unknown' }],
  ['/frobnicate', { kind: 'help', reason: 'unknown' }],
  ['', { kind: 'help', reason: 'unknown' }],
  ['hello there', { kind: 'help', reason: 'unknown' }],
];

describe('parseIntent', () => {
  it.each(cases)('%j', (text, expected) => {
    expect(parseIntent(text)).toEqual(expected);
  });

  it('keeps /send text exactly, case and inner spacing included', () => {
    expect(parseIntent('/send 7   Use  TABS\tplease')).toEqual({
      kind: 'send',
      session: 7,
      text: 'Use  TABS\tplease',
    });
  });

  it('refuses messages longer than Telegram allows', () => {
    expect(parseIntent(`approve 2 ${'x'.repeat(5000)}`).kind).toBe('help');
  });
});
