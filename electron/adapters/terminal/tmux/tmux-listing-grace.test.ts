/**
 * A tmux server that fails to list its panes keeps them listed for a while; one that stopped
 * running does not. Against a real tmux behind a wrapper that can make `list-panes` fail.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTING_GRACE_MS, ListingGrace } from './listing-grace';
import type { PaneRecord } from './pane-format';
import { TmuxError } from './tmux-runner';
import type { TmuxTerminalDriver } from './tmux-terminal-driver';
import { killTestServer, removeTestServer, testDriver, testSocketName } from './tmux-test-server';

describe('listing a tmux server that fails to answer', () => {
  const socket = testSocketName('grace');
  let dir: string;
  let flag: string;
  let driver: TmuxTerminalDriver;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tower-grace-'));
    flag = join(dir, 'fail-list-panes');
    const wrapper = join(dir, 'tmux');
    // While the flag file exists, `list-panes` fails the way a busy or confused server answers.
    await writeFile(
      wrapper,
      `#!/bin/sh\nif [ -e '${flag}' ]; then for a in "$@"; do [ "$a" = list-panes ] && { echo 'lost server' >&2; exit 1; }; done; fi\nexec tmux "$@"\n`,
    );
    await chmod(wrapper, 0o755);
    driver = testDriver(socket, { tmuxPath: wrapper });
  });

  afterAll(async () => {
    await driver.dispose();
    await removeTestServer(socket);
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the panes of a server whose list-panes fails, and drops them once the server is gone', async () => {
    const opened = await driver.open({ command: ['sleep', '60'], title: 'kept' });
    expect((await driver.list()).map((t) => t.id)).toEqual([opened.id]);

    await writeFile(flag, '');
    const during = await driver.list();
    expect(during.map((t) => [t.id, t.alive, t.title])).toEqual([[opened.id, true, 'kept']]);

    await rm(flag);
    await killTestServer(socket);
    expect(await driver.list()).toEqual([]);
  });
});

describe('ListingGrace', () => {
  const record = { paneId: '%1' } as PaneRecord;
  const busy = new TmuxError('failed', 'tmux failed: lost server');

  it('stands in the last listing for a failing server until the grace runs out', () => {
    let now = 1_000;
    const grace = new ListingGrace(() => now);
    grace.listed('/s', [record]);
    now += LISTING_GRACE_MS;
    expect(grace.failed('/s', busy)).toEqual([record]);
    now += 1;
    expect(grace.failed('/s', busy)).toEqual([]);
    expect(grace.failed('/s', busy)).toEqual([]); // forgotten, not revived
  });

  it('lists nothing for a server that is not running or was never listed, and rethrows a missing tmux', () => {
    const grace = new ListingGrace(() => 0);
    expect(grace.failed('/new', busy)).toEqual([]);
    grace.listed('/s', [record]);
    expect(grace.failed('/s', new TmuxError('no-server', 'no tmux server running'))).toEqual([]);
    grace.listed('/s', [record]);
    grace.keepOnly([]);
    expect(grace.failed('/s', busy)).toEqual([]);
    expect(() => grace.failed('/s', new TmuxError('not-installed', 'no tmux'))).toThrow(/no tmux/);
  });
});
