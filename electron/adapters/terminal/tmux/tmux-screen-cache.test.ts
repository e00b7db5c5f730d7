/**
 * The screen cache with real tmux (private socket): an unchanged, watched pane is served from the
 * last capture; anything tmux reports (output, copy-mode) makes the next read a real one; a driver
 * that watches nothing never serves a cached screen.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenCapture } from '../../../core/ports';
import { waitFor } from '../../../core/testing/terminal-driver.contract';
import { parseTmuxId } from './tmux-id';
import type { TmuxTerminalDriver } from './tmux-terminal-driver';
import { removeTestServer, testDriver, testSocketName, tmuxOn } from './tmux-test-server';

const text = (screen: ScreenCapture) => screen.lines.join('\n');

describe('tmux screen cache', () => {
  const socket = testSocketName('cache');
  let driver: TmuxTerminalDriver;
  let dir = '';
  const activity: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tower-cache-'));
    driver = testDriver(socket);
    driver.onActivity((id) => activity.push(id));
  });

  afterAll(async () => {
    await driver.dispose();
    await removeTestServer(socket);
    await rm(dir, { recursive: true, force: true });
  });

  /** Lists (as a full scan does), then reads twice: the second read is cached once the pane is watched. */
  async function cachedRead(id: string): Promise<ScreenCapture> {
    return waitFor(
      'a cached read',
      async () => {
        await driver.list();
        const first = await driver.readScreen(id, { unchangedOk: true });
        const second = await driver.readScreen(id, { unchangedOk: true });
        return first === second ? second : undefined;
      },
      15_000,
    );
  }

  it('serves an unchanged pane from its last capture, and re-reads once the pane prints', async () => {
    const go = join(dir, 'go');
    const script = `echo before; while [ ! -e '${go}' ]; do sleep 0.05; done; echo after; exec sleep 60`;
    const info = await driver.open({ command: ['sh', '-c', script], title: 'cache' });
    await waitFor('before', async () =>
      text(await driver.readScreen(info.id)).includes('before') ? 1 : undefined,
    );
    const cached = await cachedRead(info.id);
    expect(text(cached)).not.toContain('after');
    // A read that does not accept a cached screen always asks tmux.
    expect(await driver.readScreen(info.id)).not.toBe(cached);

    const seenBefore = activity.length;
    await writeFile(go, '');
    expect(existsSync(go)).toBe(true);
    await waitFor('activity for the pane', () =>
      activity.slice(seenBefore).includes(info.id) ? true : undefined,
    );
    // Once tmux has reported output, no read may return the old capture.
    const after = await waitFor('after on screen', async () => {
      const screen = await driver.readScreen(info.id, { unchangedOk: true });
      expect(screen).not.toBe(cached);
      return text(screen).includes('after') ? screen : undefined;
    });
    expect(text(after)).toContain('before');
  });

  it('re-reads a pane put into copy-mode (no output, but tmux reports the mode change)', async () => {
    const info = await driver.open({ command: ['sh', '-c', 'echo still; exec sleep 60'], title: 'mode' });
    await waitFor('still', async () =>
      text(await driver.readScreen(info.id)).includes('still') ? 1 : undefined,
    );
    const cached = await cachedRead(info.id);
    expect(cached.inMode).toBe(false);
    await tmuxOn(socket, ['copy-mode', '-t', parseTmuxId(info.id).paneId]);
    const inMode = await waitFor('copy-mode seen', async () => {
      await driver.list();
      const screen = await driver.readScreen(info.id, { unchangedOk: true });
      return screen.inMode ? screen : undefined;
    });
    expect(inMode).not.toBe(cached);
  });

  it('never serves a cached screen when nothing watches the server', async () => {
    const unwatched = testDriver(socket);
    try {
      const info = await unwatched.open({ command: ['sh', '-c', 'echo idle; exec sleep 60'], title: 'x' });
      await unwatched.list();
      const first = await unwatched.readScreen(info.id, { unchangedOk: true });
      const second = await unwatched.readScreen(info.id, { unchangedOk: true });
      expect(second).not.toBe(first);
      expect(second.lines).toEqual(first.lines);
    } finally {
      await unwatched.dispose();
    }
  });
});
