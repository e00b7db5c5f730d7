import { mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalSocket, discoverSockets, resolveSocket, tmuxSocketDir } from './tmux-sockets';

describe('tmux sockets', () => {
  let dir: string;
  let server: Server;

  beforeAll(async () => {
    // realpath: on macOS the temp dir sits behind a symlink (/var → /private/var).
    dir = await realpath(await mkdtemp(join(tmpdir(), 'tower-sockets-')));
    await writeFile(join(dir, 'not-a-socket'), '');
    server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'default'), resolve));
    await symlink(dir, join(dir, 'link'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('computes the socket directory like tmux', () => {
    const uid = process.getuid?.() ?? 0;
    expect(tmuxSocketDir({ TMUX_TMPDIR: '/run/x' })).toBe(`/run/x/tmux-${uid}`);
    expect(tmuxSocketDir({})).toBe(`/tmp/tmux-${uid}`);
  });

  it('resolves names and paths, rejecting names with slashes', () => {
    expect(resolveSocket('work', '/d')).toBe('/d/work');
    expect(resolveSocket('/abs/sock', '/d')).toBe('/abs/sock');
    expect(() => resolveSocket('a/b', '/d')).toThrow();
    expect(() => resolveSocket('', '/d')).toThrow();
  });

  it('finds socket files only, and canonicalises through symlinked directories', async () => {
    expect(await discoverSockets(dir)).toEqual([join(dir, 'default')]);
    expect(await discoverSockets(join(dir, 'missing'))).toEqual([]);
    expect(await canonicalSocket(join(dir, 'link', 'default'))).toBe(join(dir, 'default'));
  });
});
