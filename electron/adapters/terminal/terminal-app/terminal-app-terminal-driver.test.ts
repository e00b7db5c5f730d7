import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Key } from '../../../contract/dto';
import { FakeTerminalApp } from './fake-terminal-app';
import { TerminalAppTerminalDriver } from './terminal-app-terminal-driver';
import type { HookDecisionSeam } from './terminal-app-terminal-driver';

const DIR = '/app/native-scripts/applescript';
const NONCE = 'ab'.repeat(16);

function setup(options: { keystrokes?: boolean; hook?: HookDecisionSeam } = {}) {
  const app = new FakeTerminalApp();
  const driver = new TerminalAppTerminalDriver({
    runner: app,
    appleScriptDir: DIR,
    ttyFacts: app.ttyFacts,
    platform: 'darwin',
    random: () => new Uint8Array(16).fill(0xab),
    keystrokesEnabled: () => options.keystrokes === true,
    ...(options.hook ? { hookDecisions: options.hook } : {}),
  });
  return { app, driver };
}

async function oneTab(options?: Parameters<typeof setup>[0]) {
  const { app, driver } = setup(options);
  const tab = app.addTab({ title: 'agent', contents: 'hello\n' });
  const [info] = await driver.list();
  if (!info) throw new Error('no tab listed');
  app.calls.length = 0;
  return { app, driver, tab, id: info.id };
}

describe('TerminalAppTerminalDriver: golden argv', () => {
  it('lists with one call and a nonce', async () => {
    const { app, driver } = setup();
    app.addTab({ title: 't' });
    const [info] = await driver.list();
    expect(app.calls.map((c) => c.argv)).toEqual([[`${DIR}/terminal-list.applescript`, NONCE]]);
    expect(info).toMatchObject({
      provider: 'terminal-app',
      id: 'terminal-app|1000|ttys001|502',
      title: 't',
      pid: 503,
      currentCommand: 'zsh',
      alive: true,
    });
  });

  it('reads, sends Enter as an empty do script, types a line, closes', async () => {
    const { app, driver, id, tab } = await oneTab();
    const screen = await driver.readScreen(id);
    expect(screen.lines.slice(0, 2)).toEqual(['hello', '']);
    expect(screen.lines).toHaveLength(24);
    await driver.type(id, { kind: 'keys', keys: ['Enter'] });
    await driver.typeLine(id, 'npm test');
    await driver.close(id);
    expect(app.calls.map((c) => c.argv)).toEqual([
      [`${DIR}/terminal-read.applescript`, NONCE, '1000', '/dev/ttys001'],
      [`${DIR}/terminal-send-line.applescript`, '1000', '/dev/ttys001', ''],
      [`${DIR}/terminal-send-line.applescript`, '1000', '/dev/ttys001', 'npm test'],
      [`${DIR}/terminal-close.applescript`, '1000', '/dev/ttys001'],
    ]);
    expect(tab.input).toEqual(['line:', 'line:npm test']);
  });

  it('focuses a tab by window id and tty after re-checking it, typing nothing', async () => {
    const { app, driver, id, tab } = await oneTab();
    await driver.focus(id);
    expect(app.calls.map((c) => c.argv).at(-1)).toEqual([
      `${DIR}/terminal-focus.applescript`,
      '1000',
      '/dev/ttys001',
    ]);
    expect(app.focused).toBe(tab);
    expect(tab.input).toEqual([]);
  });

  it('refuses to focus a tab that is gone', async () => {
    const { app, driver, id, tab } = await oneTab();
    app.tabs.splice(app.tabs.indexOf(tab), 1);
    await expect(driver.focus(id)).rejects.toThrow();
    expect(app.focused).toBeNull();
  });

  it('opens a one-tab window running quoted argv with a title and size', async () => {
    const { app, driver } = setup();
    const info = await driver.open({
      command: ['claude', "it's"],
      title: 'agent 1',
      cwd: '/w',
      cols: 100,
      rows: 30,
    });
    expect(app.calls[0]?.argv).toEqual([
      `${DIR}/terminal-open.applescript`,
      `cd '/w' && env -- 'claude' 'it'"'"'s'`,
      'agent 1',
      '100',
      '30',
    ]);
    expect(info).toMatchObject({ title: 'agent 1', cols: 100, rows: 30, alive: true });
    expect((await driver.list()).map((t) => t.id)).toEqual([info.id]);
  });

  it('can follow a line with a separate Return for TUIs that treat a burst as a paste', async () => {
    const { driver, id, tab } = await oneTab();
    await driver.typeLine(id, 'approve', { separateReturnMs: 1 });
    expect(tab.input).toEqual(['line:approve', 'line:']);
  });

  it('sends keystrokes only when enabled, into the verified tab', async () => {
    const { app, driver, id } = await oneTab({ keystrokes: true });
    await driver.type(id, { kind: 'keys', keys: ['Down', 'Enter'] });
    await driver.type(id, { kind: 'text', text: 'yes please' });
    expect(app.calls.map((c) => c.argv)).toEqual([
      [`${DIR}/terminal-keystroke.applescript`, '1000', '/dev/ttys001', 'keys', 'Down', 'Enter'],
      [`${DIR}/terminal-keystroke.applescript`, '1000', '/dev/ttys001', 'text', 'yes please'],
    ]);
  });
});

describe('TerminalAppTerminalDriver: typing safety', () => {
  it('refuses text and non-Enter keys when keystrokes are off, typing nothing', async () => {
    const { app, driver, id } = await oneTab();
    await expect(driver.type(id, { kind: 'text', text: 'x' })).rejects.toThrow(
      /cannot type text without pressing Return/,
    );
    await expect(driver.type(id, { kind: 'keys', keys: ['1'] })).rejects.toThrow(/other than Return/);
    expect(app.calls).toEqual([]);
  });

  it('answers through the hook seam first', async () => {
    const seen: Key[][] = [];
    const hook: HookDecisionSeam = { tryAnswer: (_t, keys) => (seen.push([...keys]), Promise.resolve(true)) };
    const { app, driver, id } = await oneTab({ hook });
    await driver.type(id, { kind: 'keys', keys: ['2'] });
    expect(seen).toEqual([['2']]);
    expect(app.calls).toEqual([]);
  });

  it('rejects keys outside the vocabulary and control characters before any call', async () => {
    const { app, driver, id } = await oneTab({ keystrokes: true });
    for (const key of ['C-m', 'F1', '\r', '']) {
      await expect(driver.type(id, { kind: 'keys', keys: [key as Key] })).rejects.toThrow();
    }
    for (const text of ['a\nb', '\x1b[201~', '\0', 'é']) {
      await expect(driver.type(id, { kind: 'text', text })).rejects.toThrow();
      await expect(driver.typeLine(id, text === 'é' ? '\x07' : text)).rejects.toThrow();
    }
    expect(app.calls).toEqual([]);
  });

  it('treats a reused tty (new session leader) as a gone tab', async () => {
    const { app, driver, id, tab } = await oneTab();
    tab.leaderPid = 9999;
    await expect(driver.type(id, { kind: 'keys', keys: ['Enter'] })).rejects.toThrow(/tab is gone/);
    await expect(driver.readScreen(id)).rejects.toThrow(/tab is gone/);
    expect(app.calls).toEqual([]);
  });

  it('rejects ids it never issued', async () => {
    const { driver } = setup();
    for (const id of [
      '',
      'nonsense',
      'terminal-app|1|ttys1|0',
      'terminal-app|x|ttys001|5',
      'tmux|1|ttys001|5',
    ]) {
      await expect(driver.readScreen(id)).rejects.toThrow();
      await expect(driver.type(id, { kind: 'keys', keys: ['Enter'] })).rejects.toThrow();
    }
  });

  it('maps a denied Automation permission to how to grant it', async () => {
    const { app, driver } = setup();
    app.failWith =
      'terminal-list.applescript: execution error: Not authorized to send Apple events to Terminal. (-1743)';
    await expect(driver.list()).rejects.toThrow(/Privacy & Security → Automation/);
  });

  it('is unavailable off macOS and when Terminal is not running', async () => {
    const app = new FakeTerminalApp();
    const linux = new TerminalAppTerminalDriver({ runner: app, appleScriptDir: DIR, platform: 'linux' });
    expect(await linux.availability()).toEqual({
      available: false,
      reason: 'Terminal.app exists only on macOS',
    });
    const { app: stopped, driver } = setup();
    stopped.running = false;
    expect(await driver.availability()).toEqual({ available: false, reason: 'Terminal.app is not running' });
    expect(await driver.list()).toEqual([]);
  });
});

describe('TerminalAppTerminalDriver: no input reaches the script text', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const nasty = fc.constantFrom(
    '" & (do shell script "id") & "',
    '"\ndo shell script "id"\n--',
    '\\" & quit & \\"',
    '¬',
    '«event sysodsct»',
    'end tell\ndo shell script "id"',
    '-e',
    '--',
    'on run argv',
  );
  const SCRIPTS = new Set(
    ['list', 'read', 'send-line', 'open', 'close', 'keystroke', 'focus'].map(
      (s) => `${DIR}/terminal-${s}.applescript`,
    ),
  );

  it('every argv starts with a constant script path and carries the data exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, nasty), fc.oneof(text, nasty), async (title, line) => {
        const { app, driver } = setup({ keystrokes: true });
        const tab = app.addTab({ title });
        const [info] = await driver.list();
        if (!info) throw new Error('missing');
        expect(info.title).toBe(title);
        await driver.typeLine(info.id, line).catch(() => undefined);
        await driver.type(info.id, { kind: 'text', text: line }).catch(() => undefined);
        await driver.open({ command: ['echo', line], title }).catch(() => undefined);
        for (const { argv } of app.calls) expect(SCRIPTS.has(argv[0] ?? '')).toBe(true);
        const sent = app.calls.filter((c) => c.argv[0]?.endsWith('send-line.applescript'));
        for (const c of sent) expect(c.argv[3]).toBe(line);
        const typed = app.calls.filter((c) => c.argv[0]?.endsWith('keystroke.applescript'));
        for (const c of typed) expect(c.argv.slice(3)).toEqual(['text', line]);
        expect(tab.input.every((i) => i === `line:${line}` || i === `text:${line}`)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
