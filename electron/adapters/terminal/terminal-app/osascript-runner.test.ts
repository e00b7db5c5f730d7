import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecOsascriptRunner, OsascriptError } from './osascript-runner';

// A stand-in osascript: prints each argument NUL-terminated, or fails like osascript does.
const dir = mkdtempSync(join(tmpdir(), 'tower-osa-'));
const fake = join(dir, 'osascript');
writeFileSync(
  fake,
  `#!/bin/sh
case "$2" in
  deny) echo "x.applescript: execution error: Not authorized to send Apple events to Terminal. (-1743)" >&2; exit 1;;
  hang) exec sleep 5;;
esac
printf '  lead'; printf '%s\\0' "$@"; printf '\\n'
`,
);
chmodSync(fake, 0o755);

describe('ExecOsascriptRunner (against a stand-in osascript)', () => {
  it('passes argv exactly and keeps leading whitespace', async () => {
    const args = ['/s/terminal-list.applescript', 'ok', '-e', '--', 'é "q" \\ $(id)', 'a\nb', ''];
    const out = await new ExecOsascriptRunner(fake).run(args, { timeoutMs: 5_000 });
    expect(out.startsWith('  lead')).toBe(true);
    expect(out.slice(6).split('\0').slice(0, -1)).toEqual(args);
  });

  it('maps a -1743 failure', async () => {
    const error = await new ExecOsascriptRunner(fake)
      .run(['/s/x', 'deny'], { timeoutMs: 5_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OsascriptError);
    expect((error as OsascriptError).code).toBe(-1743);
  });

  it('kills a call that takes too long', async () => {
    const error = await new ExecOsascriptRunner(fake)
      .run(['/s/x', 'hang'], { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect((error as OsascriptError).code).toBe('timeout');
  });

  it('refuses NUL before spawning', async () => {
    await expect(new ExecOsascriptRunner(fake).run(['/s/x', 'a\0b'], { timeoutMs: 1_000 })).rejects.toThrow(
      /NUL/,
    );
  });
});
