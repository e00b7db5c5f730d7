/**
 * On a Mac: every constant script compiles against the installed dictionaries (`osacompile`), and
 * osascript hands argv through exactly (the facts the Linux tests assume).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecOsascriptRunner } from '../../electron/adapters/terminal/terminal-app/osascript-runner';
import { NATIVE_SCRIPTS, explainSkip, onMac } from './mac-support';

explainSkip('AppleScript smoke tests');

describe.skipIf(!onMac)('AppleScript files on macOS', () => {
  const dir = join(NATIVE_SCRIPTS, 'applescript');
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.applescript'));

  it.each(scripts)('%s compiles', (name) => {
    execFileSync('/usr/bin/osacompile', ['-o', '/dev/null', join(dir, name)]);
  });

  it('passes argv through osascript exactly', async () => {
    const args = ['-e', '--', 'é 👩‍💻 "q" \\ \' $(id)', 'a\nb', ' lead', '', 'on run argv', '«event sysodsct»'];
    const out = await new ExecOsascriptRunner().run(
      [join(import.meta.dirname, 'fixtures/echo-argv.applescript'), ...args],
      {
        timeoutMs: 20_000,
      },
    );
    expect(out.split('\x1f').slice(0, -1)).toEqual(args);
  });
});
