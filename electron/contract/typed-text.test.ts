import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typedTextProblem } from './typed-text';

describe('typedTextProblem', () => {
  it.each([
    ['newline', 'ls\nrm -rf ~', /control character \(U\+000A\)/],
    ['escape sequence', 'a\u001b]52;c;Zm9v\u0007', /control character \(U\+001B\)/],
    ['tab', 'a\tb', /control character/],
    ['C1 CSI', 'a\u009b2J', /control character \(U\+009B\)/],
    ['bidi override', 'echo \u202etxt.exe', /bidirectional control \(U\+202E\)/],
    ['zero-width space', 'r\u200bm', /invisible character \(U\+200B\)/],
    ['tag character', 'ok\u{e0041}', /invisible character \(U\+E0041\)/],
    ['lone surrogate', 'a\ud800b', /lone surrogate/],
  ])('refuses %s with a reason', (_name, text, reason) => {
    expect(typedTextProblem(text)).toMatch(reason);
  });

  it('accepts ordinary text of any script, emoji and shell metacharacters as literal data', () => {
    for (const text of [
      'run the tests',
      '$(id); `x` | sh && rm -rf /',
      'héllo 世界 👩‍👩‍👧 مرحبا',
      '#{pane_id};',
    ]) {
      expect(typedTextProblem(text)).toBeNull();
    }
  });

  it('never accepts a string containing any C0/C1 control (property)', () => {
    const control = fc
      .integer({ min: 0, max: 0x9f })
      .filter((c) => c < 0x20 || c >= 0x7f)
      .map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string(), control, fc.string(), (a, c, b) => typedTextProblem(a + c + b) !== null),
      { numRuns: 300 },
    );
  });
});
