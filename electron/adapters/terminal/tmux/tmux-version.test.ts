import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TmuxTerminalDriver, tmuxTooOld } from './tmux-terminal-driver';

describe('tmux version', () => {
  it('takes 3.2 and later, and versions it cannot read', () => {
    for (const line of ['tmux 3.2', 'tmux 3.3a', 'tmux 3.5a\n', 'tmux 4.0', 'tmux next-3.6', 'tmux master'])
      expect(tmuxTooOld(line)).toBeNull();
    expect(tmuxTooOld('tmux 3.1c')).toBe('tmux 3.1c is too old: Tower needs tmux 3.2 or later');
    expect(tmuxTooOld('tmux 2.9a')).toMatch(/too old/);
  });

  it('reports an old tmux as unavailable with the reason, and the real one as available', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower-old-tmux-'));
    try {
      const old = join(dir, 'tmux');
      await writeFile(old, '#!/bin/sh\necho "tmux 3.1c"\n');
      await chmod(old, 0o755);
      expect(await new TmuxTerminalDriver({ tmuxPath: old, sockets: [] }).availability()).toEqual({
        available: false,
        reason: 'tmux 3.1c is too old: Tower needs tmux 3.2 or later',
      });
      // …and opens nothing there (the agent would start, then the pane option would fail).
      await expect(
        new TmuxTerminalDriver({ tmuxPath: old, sockets: [] }).open({ command: ['true'], title: 't' }),
      ).rejects.toThrow('tmux 3.1c is too old');
      expect(await new TmuxTerminalDriver({ sockets: [] }).availability()).toEqual({
        available: true,
        reason: null,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
