import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Key } from '../../../contract/dto';
import type { ProcessFact, TerminalInfo } from '../../../core/ports';
import { PtyTerminalDriver } from './pty-terminal-driver';
import { CODEX_LAUNCHER } from './test-programs';
import { eventually, pidRunning, screenWhere } from './test-support';

const drivers: PtyTerminalDriver[] = [];
let dir = '';

function makeDriver(): PtyTerminalDriver {
  const driver = new PtyTerminalDriver({ closeGraceMs: 300 });
  drivers.push(driver);
  return driver;
}

async function processesWhere(
  driver: PtyTerminalDriver,
  id: string,
  test: (processes: readonly ProcessFact[]) => boolean,
): Promise<TerminalInfo> {
  return eventually(async () => {
    const info = (await driver.list()).find((t) => t.id === id);
    return info && test(info.processes) ? info : undefined;
  }, 'process tree');
}

beforeAll(async () => {
  // Stand-ins for agent binaries: `sleep` copied under the names the detectors look for.
  dir = await mkdtemp(join(tmpdir(), 'tower-pty-'));
  await copyFile('/bin/sleep', join(dir, 'claude'));
  await copyFile('/bin/sleep', join(dir, 'codex'));
  await writeFile(join(dir, 'codex.js'), CODEX_LAUNCHER);
});

afterEach(async () => {
  await Promise.all(drivers.splice(0).map((driver) => driver.dispose()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PtyTerminalDriver processes', () => {
  it('lists a native agent binary started from bash, and the foreground command', async () => {
    const driver = makeDriver();
    const info = await driver.open({
      command: ['bash', '--norc', '--noprofile', '-i'],
      title: 'sh',
      cwd: dir,
    });
    // Right after spawn the child may not have exec'd yet: then nothing is listed, never Tower itself.
    expect(info.processes.every((p) => p.command === 'bash')).toBe(true);
    await processesWhere(driver, info.id, (ps) => ps[0]?.command === 'bash' && ps[0].pid === info.pid);
    await driver.type(info.id, { kind: 'text', text: './claude 60' });
    await driver.type(info.id, { kind: 'keys', keys: ['Enter'] });
    const now = await processesWhere(driver, info.id, (ps) => ps.some((p) => p.command === 'claude'));
    expect(now.processes.map((p) => p.command)).toEqual(['bash', 'claude']);
    expect(now.processes[1]?.args).toBe('./claude 60');
    expect(now.currentCommand).toBe('claude');
    expect(now.cwd).toBe(dir);
  });

  it('recognises node …/codex.js with its native codex child', async () => {
    const driver = makeDriver();
    const launcher = join(dir, 'codex.js');
    const info = await driver.open({ command: ['node', launcher, join(dir, 'codex')], title: 'codex' });
    const now = await processesWhere(driver, info.id, (ps) => ps.some((p) => p.command === 'codex'));
    expect(now.processes[0]).toMatchObject({
      command: 'node',
      args: `node ${launcher} ${join(dir, 'codex')}`,
    });
    expect(now.processes[1]).toMatchObject({ command: 'codex', args: `${join(dir, 'codex')} 60` });
    expect(now.currentCommand).toBe('node');
  });

  it('close kills the whole tree: children ignoring SIGHUP, and one in its own session', async () => {
    const driver = makeDriver();
    // setsid moves the last sleep out of the pty's process group: only the survivor sweep reaches it.
    const script = 'trap "" HUP; sleep 61 & sleep 62 & setsid sleep 63 & wait';
    const info = await driver.open({ command: ['bash', '-c', script], title: 'stubborn' });
    // Wait until each forked child has exec'd its sleep (until then it shows as bash or setsid).
    const wanted = ['sleep 61', 'sleep 62', 'sleep 63'];
    const now = await processesWhere(driver, info.id, (ps) =>
      wanted.every((args) => ps.some((p) => p.args === args)),
    );
    expect(now.processes).toHaveLength(4);
    const pids = now.processes.map((p) => p.pid);
    await driver.close(info.id);
    for (const pid of pids) expect(pidRunning(pid), `pid ${pid}`).toBe(false);
    expect(await driver.list()).toEqual([]);
  });

  it('lists and kills a child whose parent exited, by the terminal session', async () => {
    const driver = makeDriver();
    // The subshell exits at once, so `sleep 64` is re-parented outside the pty's process tree.
    const info = await driver.open({ command: ['bash', '-c', '(sleep 64 &); exec sleep 65'], title: 'x' });
    const now = await processesWhere(driver, info.id, (ps) => ps.some((p) => p.args === 'sleep 64'));
    const orphan = now.processes.find((p) => p.args === 'sleep 64');
    expect(orphan && orphan.pid !== info.pid).toBe(true);
    await driver.close(info.id);
    expect(pidRunning(orphan?.pid ?? 0)).toBe(false);
  });

  it('dispose closes every terminal and refuses new ones', async () => {
    const driver = makeDriver();
    const a = await driver.open({ command: ['sleep', '60'], title: 'a' });
    const b = await driver.open({ command: ['bash', '--norc', '--noprofile', '-i'], title: 'b' });
    await driver.dispose();
    expect(pidRunning(a.pid ?? 0)).toBe(false);
    expect(pidRunning(b.pid ?? 0)).toBe(false);
    expect(await driver.list()).toEqual([]);
    await expect(driver.open({ command: ['true'], title: 'late' })).rejects.toThrow(/disposed/);
  });
});

describe('PtyTerminalDriver rejections', () => {
  it('rejects bad specs before spawning anything', async () => {
    const driver = makeDriver();
    await expect(driver.open({ command: [], title: 'x' })).rejects.toThrow(/empty command/);
    await expect(driver.open({ command: ['no-such-binary-tower'], title: 'x' })).rejects.toThrow(/not found/);
    await expect(driver.open({ command: ['./nope'], title: 'x', cwd: dir })).rejects.toThrow(/executable/);
    await expect(driver.open({ command: ['true'], title: 'x', cwd: '/nonexistent' })).rejects.toThrow(
      /not a directory/,
    );
    await expect(driver.open({ command: ['echo', 'a\0b'], title: 'x' })).rejects.toThrow(/NUL/);
    await expect(driver.open({ command: ['true'], title: 'x', cols: 0 })).rejects.toThrow(/cols/);
    await expect(driver.open({ command: ['true'], title: 'x', rows: 2.5 })).rejects.toThrow(/rows/);
    expect(await driver.list()).toEqual([]);
  });

  it('rejects typing into an unknown or closed terminal', async () => {
    const driver = makeDriver();
    await expect(driver.type('pty-nope-1', { kind: 'text', text: 'hi' })).rejects.toThrow(/no pty terminal/);
    const info = await driver.open({ command: ['sleep', '60'], title: 'x' });
    await driver.close(info.id);
    await expect(driver.type(info.id, { kind: 'keys', keys: ['Enter'] })).rejects.toThrow(/no pty terminal/);
  });

  it('rejects a key outside the vocabulary and an unknown input kind', async () => {
    const driver = makeDriver();
    const info = await driver.open({ command: ['sleep', '60'], title: 'x' });
    const keys = ['Enter', 'F1'] as unknown as Key[];
    await expect(driver.type(info.id, { kind: 'keys', keys })).rejects.toThrow(/vocabulary/);
    const odd = { kind: 'paste', text: 'x' } as unknown as { kind: 'text'; text: string };
    await expect(driver.type(info.id, odd)).rejects.toThrow(/unexpected/);
  });

  it('reports an unloadable node-pty as unavailable, with the reason', async () => {
    const driver = new PtyTerminalDriver({
      loadPty: () => Promise.resolve({ ok: false, reason: 'pty.node: wrong ELF class' }),
    });
    expect(await driver.availability()).toEqual({ available: false, reason: 'pty.node: wrong ELF class' });
    await expect(driver.open({ command: ['true'], title: 'x' })).rejects.toThrow(/wrong ELF class/);
  });

  it('reports a death by signal as 128 + signal, like a shell', async () => {
    const driver = makeDriver();
    const info = await driver.open({ command: ['sh', '-c', 'kill -TERM $$'], title: 'x' });
    const done = await eventually(async () => {
      const now = (await driver.list()).find((t) => t.id === info.id);
      return now?.alive === false ? now : undefined;
    }, 'exit');
    expect(done.exitCode).toBe(143);
  });

  it('caps a program-set title at 1024 characters', async () => {
    const driver = makeDriver();
    const info = await driver.open({ command: ['printf', `\\033]2;${'t'.repeat(5000)}\\007`], title: 'x' });
    const screen = await screenWhere(driver, info.id, (s) => s.title !== null, 'title');
    expect(screen.title).toBe('t'.repeat(1024));
  });

  it('leaves the final screen readable after the program exits', async () => {
    const driver = makeDriver();
    const info = await driver.open({ command: ['printf', 'a\\nb'], title: 'x', cols: 20, rows: 3 });
    const screen = await screenWhere(driver, info.id, (s) => s.lines[1] === 'b', 'final screen');
    expect(screen.lines).toEqual(['a', 'b', '']);
  });
});
