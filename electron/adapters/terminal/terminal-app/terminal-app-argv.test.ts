import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLESCRIPTS, TerminalAppArgv } from './terminal-app-argv';

const DIR = join(import.meta.dirname, '../../../../native-scripts/applescript');

describe('the constant AppleScript files', () => {
  it.each(Object.values(APPLESCRIPTS))('%s exists, takes argv and interpolates nothing', (name) => {
    const text = readFileSync(join(DIR, name), 'utf8');
    expect(text).toMatch(/^on run argv$/m);
    // No script builds code from data: no run script, do shell script or load script.
    expect(text).not.toMatch(/\b(run script|do shell script|load script)\b/);
  });

  it('refuses a relative folder', () =>
    expect(() => new TerminalAppArgv('native-scripts')).toThrow(/absolute/));
});
