/**
 * Server restarts, copy-mode and error reporting against a real tmux on a private socket.
 */
import fc from 'fast-check';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenText, waitFor } from '../../../core/testing/terminal-driver.contract';
import { recorderCommand } from './raw-recorder';
import { escapeTrailingSemicolon } from './tmux-argv';
import { parseTmuxId } from './tmux-id';
import type { TmuxTerminalDriver } from './tmux-terminal-driver';
import { killTestServer, removeTestServer, testDriver, testSocketName, tmuxOn } from './tmux-test-server';

describe('tmux server restart', () => {
  const socket = testSocketName('restart');
  let driver: TmuxTerminalDriver;
  let dir: string;

  beforeAll(async () => {
    driver = testDriver(socket);
    dir = await mkdtemp(join(tmpdir(), 'tower-tmux-'));
  });

  afterAll(async () => {
    await driver.dispose();
    await removeTestServer(socket);
    await rm(dir, { recursive: true, force: true });
  });

  it('never confuses a restarted server’s %0 with the old one, and types nothing through an old id', async () => {
    const old = await driver.open({ command: recorderCommand(join(dir, 'old.bin')), title: 'old' });
    expect(parseTmuxId(old.id).paneId).toBe('%0');
    await killTestServer(socket);

    await expect(driver.readScreen(old.id)).rejects.toThrow(/is gone.*no tmux server running/);
    await expect(driver.type(old.id, { kind: 'text', text: 'x' })).rejects.toThrow(/is gone/);
    expect(await driver.list()).toEqual([]);

    const file = join(dir, 'new.bin');
    const fresh = await driver.open({ command: recorderCommand(file), title: 'new' });
    expect(parseTmuxId(fresh.id).paneId).toBe('%0');
    expect(fresh.id).not.toBe(old.id);
    await waitFor('the recorder', async () =>
      screenText(await driver.readScreen(fresh.id)).includes('RECORDING') ? true : undefined,
    );
    const ids = (await driver.list()).map((t) => t.id);
    expect(ids).toEqual([fresh.id]);

    await expect(driver.type(old.id, { kind: 'text', text: 'INJECTED' })).rejects.toThrow(
      /restarted.*nothing was sent/,
    );
    await expect(driver.type(old.id, { kind: 'keys', keys: ['Enter'] })).rejects.toThrow(/restarted/);
    await expect(driver.readScreen(old.id)).rejects.toThrow(/restarted/);
    await expect(driver.close(old.id)).rejects.toThrow(/restarted/);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await stat(file)).size).toBe(0);
    expect((await driver.list()).map((t) => [t.id, t.alive])).toEqual([[fresh.id, true]]);
  });
});

describe('tmux copy-mode and processes', () => {
  const socket = testSocketName('mode');
  let driver: TmuxTerminalDriver;

  beforeAll(() => {
    driver = testDriver(socket);
  });

  afterAll(async () => {
    await driver.dispose();
    await removeTestServer(socket);
  });

  it('reports copy-mode as inMode and refuses to type into it', async () => {
    const info = await driver.open({
      command: ['bash', '--norc', '--noprofile'],
      title: 'mode',
      env: { PS1: 'mode$ ' },
    });
    await waitFor('prompt', async () =>
      screenText(await driver.readScreen(info.id)).includes('mode$') ? 1 : undefined,
    );
    const pane = parseTmuxId(info.id).paneId;
    expect(await tmuxOn(socket, ['copy-mode', '-t', pane])).not.toBeNull();
    expect((await driver.readScreen(info.id)).inMode).toBe(true);
    await expect(driver.type(info.id, { kind: 'text', text: 'q' })).rejects.toThrow(
      /copy-mode; nothing typed/,
    );
    expect((await driver.readScreen(info.id)).inMode).toBe(true);
    await tmuxOn(socket, ['send-keys', '-t', pane, '-X', 'cancel']);
    expect((await driver.readScreen(info.id)).inMode).toBe(false);
    await driver.type(info.id, { kind: 'text', text: 'echo ok' });
    await waitFor('typed text', async () =>
      screenText(await driver.readScreen(info.id)).includes('mode$ echo ok') ? 1 : undefined,
    );
  });

  it('refuses to type into a pane whose keys synchronize-panes would copy to other panes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower-tmux-'));
    const file = join(dir, 'sync.bin');
    const info = await driver.open({ command: ['sh', '-c', 'exec sleep 60'], title: 'sync' });
    const pane = parseTmuxId(info.id).paneId;
    expect(
      await tmuxOn(socket, [
        'split-window',
        '-t',
        pane,
        '--',
        ...recorderCommand(file).map(escapeTrailingSemicolon),
      ]),
    ).not.toBeNull();
    expect(await tmuxOn(socket, ['set-option', '-w', '-t', pane, 'synchronize-panes', 'on'])).not.toBeNull();
    await expect(driver.type(info.id, { kind: 'text', text: 'leak' })).rejects.toThrow(/synchronize-panes/);
    await expect(driver.type(info.id, { kind: 'keys', keys: ['y'] })).rejects.toThrow(/synchronize-panes/);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await stat(file).catch(() => null))?.size ?? 0).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a lone command directly, even with spaces in its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower tmux $(id) '));
    const script = join(dir, 'my agent;');
    await writeFile(script, '#!/bin/sh\necho "lone:$0"\nexec sleep 60\n', { mode: 0o755 });
    const info = await driver.open({ command: [script], title: 'lone' });
    await waitFor('lone output', async () =>
      screenText(await driver.readScreen(info.id)).includes(`lone:${script}`) ? 1 : undefined,
    );
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the processes on the pane tty, cursor and current command', async () => {
    const info = await driver.open({ command: ['sh', '-c', 'exec sleep 123'], title: 'procs' });
    const seen = await waitFor('sleep on the tty', async () => {
      const t = (await driver.list()).find((x) => x.id === info.id);
      return t?.processes.some((p) => p.command === 'sleep' && p.args === 'sleep 123') ? t : undefined;
    });
    expect(seen.currentCommand).toBe('sleep');
    expect(seen.pid).toBe(seen.processes[0]?.pid);
    expect(seen.cwd).toBeTruthy();
    const screen = await driver.readScreen(info.id);
    expect(screen.cursor).toEqual({ x: 0, y: 0 });
    expect(screen.title).toBe('procs');
  });

  it('gives each pane only the processes of its own tty, with their CPU time, from one table', async () => {
    const a = await driver.open({ command: ['sh', '-c', 'exec sleep 131'], title: 'a' });
    const b = await driver.open({ command: ['sh', '-c', 'sleep 132; true'], title: 'b' });
    const listing = await waitFor('both sleeps listed', async () => {
      const all = await driver.list();
      const argsOf = (id: string) => all.find((t) => t.id === id)?.processes.map((p) => p.args) ?? [];
      return argsOf(a.id).includes('sleep 131') && argsOf(b.id).includes('sleep 132') ? all : undefined;
    });
    const procs = (id: string) => listing.find((t) => t.id === id)?.processes ?? [];
    expect(procs(a.id).map((p) => p.args)).toEqual(['sleep 131']);
    expect(procs(b.id).map((p) => p.args)).toEqual(['sh -c sleep 132; true', 'sleep 132']);
    for (const p of [...procs(a.id), ...procs(b.id)]) expect(p.cpuMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps odd titles literal (no format expansion)', async () => {
    const title = 'T #{pane_id} #(echo pwned) ##x #[fg=red]; end;';
    const info = await driver.open({ command: ['sh', '-c', 'exec sleep 60'], title });
    expect(info.title).toBe(title);
    const chars = fc.constantFrom('#', '[', ']', '{', '}', ',', '(', ')', 'a', ';', '\\', ' ', '?', ':', '%');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: chars, minLength: 1, maxLength: 12 }), async (odd) => {
        const opened = await driver.open({ command: ['sh', '-c', 'exec sleep 60'], title: odd });
        expect(opened.title).toBe(odd);
        await driver.close(opened.id);
      }),
      { numRuns: 30 },
    );
  });

  it('starts in a cwd whose name looks like tmux formats, literally', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower-tmux-'));
    const cwd = join(dir, 'a#{pane_id}#(touch pwned)##[x];');
    await mkdir(cwd);
    const info = await driver.open({
      command: ['sh', '-c', 'printf "cwd=%s|\\n" "$PWD"; exec sleep 60'],
      title: 'cwd',
      cwd,
    });
    await waitFor('cwd printed', async () =>
      screenText(await driver.readScreen(info.id)).includes(`cwd=${cwd}|`) ? 1 : undefined,
    );
    expect((await driver.list()).find((t) => t.id === info.id)?.cwd).toBe(cwd);
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a missing tmux clearly', async () => {
    const { TmuxTerminalDriver: Driver } = await import('./tmux-terminal-driver');
    const missing = new Driver({ sockets: [socket], tmuxPath: '/nonexistent/tmux' });
    expect(await missing.availability()).toEqual({
      available: false,
      reason: expect.stringMatching(/not installed/) as string,
    });
    await expect(missing.list()).rejects.toThrow(/not installed/);
    await expect(missing.open({ command: ['sh'], title: 'x' })).rejects.toThrow(/not installed/);
  });
});
