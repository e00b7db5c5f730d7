import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalInfo } from '../../../core/ports';
import { PtyTerminalDriver } from './pty-terminal-driver';
import { ALT_SCREEN, FLOOD, QUERY_PROBE } from './test-programs';
import { eventually, screenWhere } from './test-support';

const BASH = ['bash', '--norc', '--noprofile', '-i'];
const drivers: PtyTerminalDriver[] = [];

function makeDriver(): PtyTerminalDriver {
  const driver = new PtyTerminalDriver({ closeGraceMs: 300 });
  drivers.push(driver);
  return driver;
}

function node(source: string, ...args: string[]): string[] {
  return [process.execPath, '-e', source, ...args];
}

async function infoOf(driver: PtyTerminalDriver, id: string): Promise<TerminalInfo | undefined> {
  return (await driver.list()).find((info) => info.id === id);
}

afterEach(async () => {
  await Promise.all(drivers.splice(0).map((driver) => driver.dispose()));
});

describe('PtyTerminalDriver on real ptys', () => {
  it('is available where node-pty loads', async () => {
    expect(await makeDriver().availability()).toEqual({ available: true, reason: null });
  });

  it('runs a typed command in bash and shows its output', async () => {
    const driver = makeDriver();
    const info = await driver.open({ command: BASH, title: 'shell', env: { PS1: 'tower$ ' } });
    expect(info).toMatchObject({ provider: 'pty', alive: true, cols: 120, rows: 40, title: 'shell' });
    await screenWhere(driver, info.id, (s) => s.lines.some((l) => l.startsWith('tower$')), 'prompt');
    await driver.type(info.id, { kind: 'text', text: 'echo "answer-$((6*7))"' });
    await driver.type(info.id, { kind: 'keys', keys: ['Enter'] });
    // Done once the output and the next prompt under it are both on screen.
    const done = (lines: readonly string[]): boolean => lines[lines.indexOf('answer-42') + 1] === 'tower$ ';
    const screen = await screenWhere(
      driver,
      info.id,
      (s) => s.lines.includes('answer-42') && done(s.lines),
      'output',
    );
    expect(screen.lines).toContain('tower$ echo "answer-$((6*7))"');
    expect(screen.lines.filter((line) => line === 'tower$ ')).toHaveLength(1);
    expect(screen.cursor).toEqual({ x: 'tower$ '.length, y: screen.lines.indexOf('answer-42') + 1 });
  });

  it('renders alternate-screen drawing as the grid, at the right rows', async () => {
    const driver = makeDriver();
    const info = await driver.open({ command: node(ALT_SCREEN), title: 'tui', cols: 40, rows: 24 });
    const screen = await screenWhere(driver, info.id, (s) => s.cursor?.y === 19, 'drawing');
    const expected = Array.from({ length: 24 }, () => '');
    expected[2] = 'top line';
    expected[4] = 'kept';
    expected[9] = '    HELLO ALT';
    expected[11] = 'abcXYZ';
    expected[13] = 'spinner -';
    expect(screen.lines).toEqual(expected);
    expect(screen).toMatchObject({ cols: 40, rows: 24, cursor: { x: 6, y: 19 }, title: 'alt-title' });
    expect(screen.lines.join('\n')).not.toContain('before alt screen');
    expect((await infoOf(driver, info.id))?.title).toBe('tui'); // the listing keeps the title Tower gave
  });

  it('shows only the last visible rows of long output, and every byte before the exit notice', async () => {
    const driver = makeDriver();
    let exitedScreen: Promise<string[]> | undefined;
    const info = await driver.open({ command: node(FLOOD, '5000'), title: 'flood', cols: 80, rows: 10 });
    driver.onActivity((id) => {
      if (id !== info.id || exitedScreen) return;
      void driver.list().then((all) => {
        if (all.find((t) => t.id === id)?.alive === false && !exitedScreen) {
          exitedScreen = driver.readScreen(id).then((s) => [...s.lines]);
        }
      });
    });
    // 5000 lines through the emulator can take many seconds on a loaded machine: wait for the exit itself.
    const lines = await eventually(() => exitedScreen, 'exit notice', 120_000);
    expect(lines).toHaveLength(10);
    expect(lines[8]).toBe(`line 5000 ${'x'.repeat(50)}`);
    expect(lines[9]).toBe('END-OF-FLOOD');
    expect(lines[0]).toBe(`line 4992 ${'x'.repeat(50)}`);
  });

  it('serves an unchanged screen from its last capture only until the next byte arrives', async () => {
    const driver = makeDriver();
    const info = await driver.open({ command: BASH, title: 'cache', env: { PS1: 'tower$ ' } });
    const first = await screenWhere(
      driver,
      info.id,
      (s) => s.lines.some((l) => l.startsWith('tower$')),
      'prompt',
    );
    const cached = await eventually(async () => {
      const a = await driver.readScreen(info.id, { unchangedOk: true });
      const b = await driver.readScreen(info.id, { unchangedOk: true });
      return a === b ? b : undefined;
    }, 'a cached read');
    expect(cached.lines).toEqual(first.lines);
    expect(await driver.readScreen(info.id)).not.toBe(cached);
    await driver.type(info.id, { kind: 'text', text: 'echo cache-$((40+2))' });
    await driver.type(info.id, { kind: 'keys', keys: ['Enter'] });
    const after = await eventually(async () => {
      const screen = await driver.readScreen(info.id, { unchangedOk: true });
      return screen.lines.includes('cache-42') ? screen : undefined;
    }, 'the echo');
    expect(after).not.toBe(cached);
  });

  it('keeps an exited terminal listed with its exit code and final screen until close', async () => {
    const driver = makeDriver();
    const info = await driver.open({ command: ['sh', '-c', 'echo goodbye; exit 3'], title: 'short' });
    const done = await eventually(async () => {
      const now = await infoOf(driver, info.id);
      return now?.alive === false ? now : undefined;
    }, 'exit');
    expect(done).toMatchObject({ alive: false, exitCode: 3, processes: [] });
    expect((await driver.readScreen(info.id)).lines[0]).toBe('goodbye');
    await expect(driver.type(info.id, { kind: 'keys', keys: ['Enter'] })).rejects.toThrow(/exited/);
    await driver.close(info.id);
    expect(await infoOf(driver, info.id)).toBeUndefined();
    await expect(driver.readScreen(info.id)).rejects.toThrow(/no pty terminal/);
  });

  it('reads the program title from OSC 0 and OSC 2 on the screen; the listing keeps the spec title', async () => {
    const driver = makeDriver();
    const script = 'printf "\\033]0;first\\007"; read -r _; printf "\\033]2;second\\033\\\\"; sleep 30';
    const info = await driver.open({ command: ['bash', '-c', script], title: 'spec title' });
    const first = await screenWhere(driver, info.id, (s) => s.title === 'first', 'OSC 0 title');
    expect(first.title).toBe('first');
    expect((await infoOf(driver, info.id))?.title).toBe('spec title');
    await driver.type(info.id, { kind: 'keys', keys: ['Enter'] });
    await screenWhere(driver, info.id, (s) => s.title === 'second', 'OSC 2 title');
    const plain = await driver.open({ command: ['sleep', '30'], title: 'spec title' });
    expect((await driver.readScreen(plain.id)).title).toBeNull();
    expect((await infoOf(driver, plain.id))?.title).toBe('spec title');
  });

  it('answers cursor-position and device-attribute queries the way a terminal does', async () => {
    const driver = makeDriver();
    const info = await driver.open({ command: node(QUERY_PROBE), title: 'probe', cols: 60, rows: 12 });
    const screen = await screenWhere(driver, info.id, (s) => /OK|TIMEOUT/.test(s.lines.join('\n')), 'probe');
    const report = screen.lines.find((line) => /OK|TIMEOUT/.test(line)) ?? '';
    expect(report).toBe('OK <ESC>[5;9R<ESC>[?1;2c');
  });

  it('reports activity after output and once more on exit', async () => {
    const driver = makeDriver();
    const seen: string[] = [];
    const stop = driver.onActivity((id) => seen.push(id));
    const info = await driver.open({ command: ['sh', '-c', 'echo one; sleep 0.2; echo two'], title: 'a' });
    await eventually(
      async () => ((await infoOf(driver, info.id))?.alive === false ? true : undefined),
      'exit',
    );
    await eventually(() => (seen.length >= 2 ? true : undefined), 'activity');
    expect(new Set(seen)).toEqual(new Set([info.id]));
    expect((await driver.readScreen(info.id)).lines.slice(0, 2)).toEqual(['one', 'two']);
    stop();
    const before = seen.length;
    await driver.open({ command: ['echo', 'unheard'], title: 'b' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toHaveLength(before);
  });

  it('gives every terminal a fresh id, across drivers and after close', async () => {
    const one = makeDriver();
    const two = makeDriver();
    const a = await one.open({ command: ['true'], title: 'a' });
    await one.close(a.id);
    const b = await one.open({ command: ['true'], title: 'b' });
    const c = await two.open({ command: ['true'], title: 'c' });
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(a.id).toMatch(/^pty-[0-9a-f]{12}-\d+$/);
  });
});
