/**
 * focus() on a real tmux: the pane's window becomes the session's current window and the pane its
 * active pane; nothing is typed; a gone pane is refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTmuxId } from './tmux-id';
import { TmuxTerminalDriver } from './tmux-terminal-driver';
import { removeTestServer, testDriver, testSocketName, tmuxOn } from './tmux-test-server';

describe('TmuxTerminalDriver.focus', () => {
  const socket = testSocketName('focus');
  let driver: TmuxTerminalDriver;

  beforeAll(() => {
    driver = testDriver(socket);
  });

  afterAll(async () => {
    await driver.dispose();
    await removeTestServer(socket);
  });

  it('selects the window and the pane, and types nothing into it', async () => {
    const target = await driver.open({
      command: ['sh', '-c', 'echo ready; exec sleep 600'],
      title: 'target',
    });
    const pane = parseTmuxId(target.id).paneId;
    // A second window (made current) and a split in the target's window (made active), as an owner would.
    const session =
      (await tmuxOn(socket, ['display-message', '-p', '-t', pane, '#{session_id}']))?.trim() ?? '';
    const other = await tmuxOn(socket, [
      'new-window',
      '-P',
      '-F',
      '#{window_id}',
      '-t',
      `${session}:`,
      'sleep 600',
    ]);
    expect(other).not.toBeNull();
    await tmuxOn(socket, ['split-window', '-d', '-t', pane, 'sleep 600']);
    await tmuxOn(socket, ['select-pane', '-t', pane, '-D']);
    const activeBefore = await tmuxOn(socket, [
      'display-message',
      '-p',
      '-t',
      pane,
      '#{window_active}#{pane_active}',
    ]);
    expect(activeBefore?.trim()).not.toBe('11');
    const before = (await driver.readScreen(target.id)).lines.join('\n');

    await driver.focus(target.id);

    const active = await tmuxOn(socket, [
      'display-message',
      '-p',
      '-t',
      pane,
      '#{window_active}#{pane_active}',
    ]);
    expect(active?.trim()).toBe('11');
    expect((await driver.readScreen(target.id)).lines.join('\n')).toBe(before);
  });

  it('refuses a pane that is gone', async () => {
    const gone = await driver.open({ command: ['sleep', '600'], title: 'gone' });
    await driver.close(gone.id);
    // The pane is re-read first; a pane that no longer exists is never selected.
    await expect(driver.focus(gone.id)).rejects.toThrow();
  });
});

describe('TmuxTerminalDriver.open on a fresh machine', () => {
  it('creates the socket directory tmux -S needs (no tmux server ran since boot)', async () => {
    const base = await mkdtemp(join(tmpdir(), 'tower-fresh-'));
    const socket = join(base, 'tmux-test', 'fresh');
    const driver = new TmuxTerminalDriver({
      sockets: [socket],
      defaultSocket: socket,
      configFile: '/dev/null',
    });
    try {
      const opened = await driver.open({ command: ['sleep', '600'], title: 'fresh' });
      expect(opened.id).toContain(encodeURIComponent(socket));
      expect((await stat(join(base, 'tmux-test'))).mode & 0o777).toBe(0o700);
    } finally {
      await driver.dispose();
      execFileSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
      await rm(base, { recursive: true, force: true });
    }
  });
});
