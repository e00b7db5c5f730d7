import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Key } from '../../../contract/dto';
import { waitFor } from '../../../core/testing/terminal-driver.contract';
import type { OsascriptCallOptions, OsascriptRunner } from '../terminal-app/osascript-runner';
import type { TtyFactsSource } from '../terminal-app/tty-facts';
import { AppleScriptBackend } from './applescript-backend';
import { ITerm2TerminalDriver } from './iterm2-terminal-driver';
import { PythonBackend } from './python-backend';
import { startStandIn } from './test-support';

const DIR = '/app/native-scripts/applescript';
const N = 'cd'.repeat(16);
const facts: TtyFactsSource = () =>
  Promise.resolve({
    processes: [{ pid: 11, command: 'claude', args: 'claude' }],
    leaderPid: 10,
    shellPid: 10,
    foreground: { pid: 11, command: 'claude', args: 'claude' },
  });

/** Records argv; answers the list script with one session and everything else with "ok". */
class RecordingRunner implements OsascriptRunner {
  readonly calls: string[][] = [];
  run(argv: readonly string[], _o: OsascriptCallOptions): Promise<string> {
    this.calls.push([...argv]);
    if (argv[0]?.endsWith('iterm2-list.applescript')) {
      const rec = (...f: string[]) => f.map((x) => `${x}\x1f${N}`).join('') + `\x1e${N}`;
      return Promise.resolve(
        rec('tower-iterm2-list-v1', 'running') +
          rec('1', '1', 'GUID-1', '/dev/ttys004', 'zsh', '80', '24', '$ '),
      );
    }
    if (argv[0]?.endsWith('iterm2-open.applescript'))
      return Promise.resolve('5\x1fGUID-2\x1f/dev/ttys009\x1f');
    return Promise.resolve('ok');
  }
}

function appleScriptDriver(startPython?: () => Promise<never>) {
  const runner = new RecordingRunner();
  const driver = new ITerm2TerminalDriver({
    ...(startPython ? { startPython } : {}),
    appleScript: () =>
      new AppleScriptBackend({ runner, appleScriptDir: DIR, random: () => new Uint8Array(16).fill(0xcd) }),
    isRunning: () => Promise.resolve(true),
    ttyFacts: facts,
    platform: 'darwin',
  });
  return { runner, driver };
}

const drivers: ITerm2TerminalDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.dispose()));
});

describe('ITerm2TerminalDriver over the Python helper (stand-in iterm2)', () => {
  it('lists by GUID, types text and keys exactly, and reports activity', async () => {
    const driver = new ITerm2TerminalDriver({
      startPython: async () =>
        new PythonBackend(
          await startStandIn({ sessions: [{ id: 'S-1', tty: '/dev/ttys002', lines: ['$ '] }] }),
        ),
      appleScript: () => {
        throw new Error('not expected');
      },
      isRunning: () => Promise.resolve(true),
      ttyFacts: facts,
      platform: 'darwin',
    });
    drivers.push(driver);
    expect(await driver.availability()).toEqual({ available: true, reason: null });
    expect(driver.status()).toEqual({ kind: 'python-api', pythonUnavailable: null });
    const [info] = await driver.list();
    expect(info).toMatchObject({ id: 'iterm2|S-1', provider: 'iterm2', currentCommand: 'zsh', pid: 10 });
    const seen: string[] = [];
    driver.onActivity((id) => seen.push(id));
    await driver.type('iterm2|S-1', { kind: 'text', text: 'ok é' });
    await driver.type('iterm2|S-1', { kind: 'keys', keys: ['Enter', '1'] });
    const screen = await driver.readScreen('iterm2|S-1');
    expect(screen.lines.slice(0, 2)).toEqual(['$ ok é', '1']);
    await waitFor('activity', () => (seen.includes('iterm2|S-1') ? true : undefined));
    await expect(driver.readScreen('iterm2|nope')).rejects.toThrow(/NO_SUCH_SESSION|no session/);
  });
});

describe('ITerm2TerminalDriver focus', () => {
  it('focuses through AppleScript while the Python helper serves everything else', async () => {
    const runner = new RecordingRunner();
    const driver = new ITerm2TerminalDriver({
      startPython: async () =>
        new PythonBackend(
          await startStandIn({ sessions: [{ id: 'S-1', tty: '/dev/ttys002', lines: ['$ '] }] }),
        ),
      appleScript: () => new AppleScriptBackend({ runner, appleScriptDir: DIR }),
      isRunning: () => Promise.resolve(true),
      ttyFacts: facts,
      platform: 'darwin',
    });
    drivers.push(driver);
    await driver.list();
    await driver.focus('iterm2|S-1');
    expect(driver.status().kind).toBe('python-api');
    expect(runner.calls).toEqual([[`${DIR}/iterm2-focus.applescript`, 'S-1']]);
  });

  it('refuses an id that is not an iTerm2 GUID before running anything', async () => {
    const { driver, runner } = appleScriptDriver();
    drivers.push(driver);
    await expect(driver.focus('iterm2|GUID-1" & do shell script "x')).rejects.toThrow(
      /not an iTerm2 session id/,
    );
    expect(runner.calls).toEqual([]);
  });
});

describe('ITerm2TerminalDriver falling back to AppleScript', () => {
  it('uses AppleScript when the helper cannot start, and says why', async () => {
    const { driver, runner } = appleScriptDriver(() => Promise.reject(new Error('API disabled')));
    drivers.push(driver);
    const [info] = await driver.list();
    expect(driver.status()).toEqual({
      kind: 'applescript',
      pythonUnavailable: 'iTerm2 Python API unavailable: API disabled',
    });
    expect(info?.id).toBe('iterm2|GUID-1');
    expect(await driver.availability()).toEqual({
      available: true,
      reason: 'using AppleScript: iTerm2 Python API unavailable: API disabled',
    });
    runner.calls.length = 0;
    await driver.type('iterm2|GUID-1', { kind: 'keys', keys: ['Escape', 'Enter'] });
    await driver.type('iterm2|GUID-1', { kind: 'text', text: 'a "b" \\c' });
    await driver.readScreen('iterm2|GUID-1').catch(() => undefined);
    await driver.open({ command: ['codex'], title: 'agent' });
    await driver.close('iterm2|GUID-2');
    await driver.focus('iterm2|GUID-1');
    expect(runner.calls).toEqual([
      [`${DIR}/iterm2-write.applescript`, 'GUID-1', '\x1b\r', 'no-newline'],
      [`${DIR}/iterm2-write.applescript`, 'GUID-1', 'a "b" \\c', 'no-newline'],
      [`${DIR}/iterm2-read.applescript`, N, 'GUID-1'],
      [`${DIR}/iterm2-open.applescript`, "env -- 'codex'", 'agent'],
      [`${DIR}/iterm2-close.applescript`, 'GUID-2'],
      [`${DIR}/iterm2-focus.applescript`, 'GUID-1'],
    ]);
  });

  it('says when no runtime was found, and is unavailable off macOS', async () => {
    const { driver } = appleScriptDriver();
    drivers.push(driver);
    await driver.list();
    expect(driver.status().pythonUnavailable).toMatch(/no iTerm2 Python runtime/);
    const linux = new ITerm2TerminalDriver({
      appleScript: () => {
        throw new Error('x');
      },
      isRunning: () => Promise.resolve(true),
      platform: 'linux',
    });
    expect(await linux.availability()).toEqual({ available: false, reason: 'iTerm2 exists only on macOS' });
  });

  it('refuses bad ids, keys and text before any call; data never changes the script path', async () => {
    const { driver, runner } = appleScriptDriver();
    drivers.push(driver);
    for (const id of ['', 'iterm2|', 'iterm2|a b', 'iterm2|x;y', 'tmux|x']) {
      await expect(driver.type(id, { kind: 'keys', keys: ['Enter'] })).rejects.toThrow();
    }
    await expect(driver.type('iterm2|G', { kind: 'keys', keys: ['F1' as Key] })).rejects.toThrow();
    await expect(driver.type('iterm2|G', { kind: 'text', text: 'a\rb' })).rejects.toThrow();
    expect(runner.calls).toEqual([]);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 30 }), async (text) => {
        runner.calls.length = 0;
        await driver.type('iterm2|G', { kind: 'text', text }).catch(() => undefined);
        for (const argv of runner.calls)
          expect(argv).toEqual([`${DIR}/iterm2-write.applescript`, 'G', text, 'no-newline']);
      }),
      { numRuns: 100 },
    );
  });
});
