import { describe, expect, it } from 'vitest';
import { describeOsascriptError, osascriptErrorNumber } from './osascript-errors';
import { toOsascriptError } from './osascript-runner';

describe('osascript errors', () => {
  it.each([
    ['x.applescript: execution error: Not authorized to send Apple events to Terminal. (-1743)\n', -1743],
    ['execution error: Terminal got an error: AppleEvent timed out. (-1712)', -1712],
    ["execution error: Terminal got an error: Can't get window id 9. (-1728)", -1728],
    ['execution error: the window holds other tabs (1)', 1],
    ['syntax error: Expected end of line', null],
    ['', null],
  ])('reads the number of %j', (stderr, code) => expect(osascriptErrorNumber(stderr)).toBe(code));

  it('explains -1743 with where to grant Automation', () => {
    const error = toOsascriptError(null, 'Not authorized to send Apple events to Terminal. (-1743)');
    expect(error.code).toBe(-1743);
    expect(error.message).toMatch(/Automation/);
    expect(error.message).toMatch(/System Settings → Privacy & Security → Automation/);
  });

  it('explains timeouts and vanished tabs', () => {
    expect(describeOsascriptError(-1712, '')).toMatch(/did not answer in time/);
    expect(describeOsascriptError('timeout', '')).toMatch(/did not finish in time/);
    expect(describeOsascriptError(-1728, "Can't get tab (-1728)")).toMatch(/tab is gone/);
    expect(describeOsascriptError(null, 'weird')).toBe('osascript failed: weird');
  });
});
