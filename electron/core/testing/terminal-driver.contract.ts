/**
 * The contract every `TerminalDriver` keeps, as a reusable vitest suite.
 *
 * Run it from an adapter's test file against the real thing (tmux, node-pty …):
 * `describeTerminalDriverContract('tmux', async () => new TmuxTerminalDriver({ … }))`.
 * It needs `sh`, `bash` and `env` on PATH and opens, types into and closes its own terminals only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Key } from '../../contract/dto';
import type { OpenSpec, ScreenCapture, TerminalDriver, TerminalInfo } from '../ports';

/** Options for the contract suite. */
export interface TerminalDriverContractOptions {
  /** Runs after the driver is disposed (e.g. kill a private tmux server). */
  readonly teardown?: () => Promise<void>;
  /** How long to wait for a terminal to show something, in ms. */
  readonly timeoutMs?: number;
}

/** Polls `probe` until it returns a value other than `undefined`, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The screen's rows joined with newlines, for `toContain` checks. */
export function screenText(screen: ScreenCapture): string {
  return screen.lines.join('\n');
}

/**
 * Declares the contract suite for one driver. `makeDriver` is called once, before the tests;
 * the driver is disposed (and `teardown` run) after them.
 */
export function describeTerminalDriverContract(
  name: string,
  makeDriver: () => Promise<TerminalDriver> | TerminalDriver,
  options: TerminalDriverContractOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 5_000;

  describe(`TerminalDriver contract: ${name}`, () => {
    let driver: TerminalDriver;
    const opened: string[] = [];

    beforeAll(async () => {
      driver = await makeDriver();
    });

    afterAll(async () => {
      for (const id of opened) await driver.close(id).catch(() => undefined);
      await driver.dispose();
      await options.teardown?.();
    });

    async function open(command: string[], extra: Partial<OpenSpec> = {}) {
      const info = await driver.open({ command, title: `contract-${opened.length}`, ...extra });
      opened.push(info.id);
      return info;
    }

    async function screenContaining(id: string, text: string): Promise<ScreenCapture> {
      return waitFor(
        `${JSON.stringify(text)} on screen`,
        async () => {
          const screen = await driver.readScreen(id);
          return screenText(screen).includes(text) ? screen : undefined;
        },
        timeoutMs,
      );
    }

    async function listed(id: string): Promise<TerminalInfo | undefined> {
      return (await driver.list()).find((t) => t.id === id);
    }

    it('is available and reports its provider', async () => {
      const availability = await driver.availability();
      expect(availability.available).toBe(true);
      expect(availability.reason).toBeNull();
      expect(driver.provider).toBeTruthy();
    });

    it('opens a terminal that is listed with its title and size', async () => {
      const info = await open(['bash', '--norc', '--noprofile'], {
        title: 'contract-listed',
        cols: 91,
        rows: 27,
      });
      expect(info.provider).toBe(driver.provider);
      expect(info.alive).toBe(true);
      expect(info.title).toBe('contract-listed');
      const seen = await waitFor('terminal in list()', () => listed(info.id), timeoutMs);
      expect(seen.alive).toBe(true);
      expect(seen.exitCode).toBeNull();
      expect(seen.cols).toBe(91);
      expect(seen.rows).toBe(27);
      expect(seen.title).toBe('contract-listed');
      const screen = await driver.readScreen(info.id);
      expect(screen.cols).toBe(91);
      expect(screen.rows).toBe(27);
      expect(screen.lines).toHaveLength(27);
      expect(screen.inMode).toBe(false);
    });

    it('keeps the title it opened the terminal with when the program sets its own', async () => {
      // Claude Code's Kitty graphics probe (an APC string, which tmux takes for a title; `\134` is the
      // backslash of its terminator), then its OSC 2 title.
      const script =
        'printf "\\033_Gi=31,s=1;AAAA\\033\\134\\033]2;✳ Claude Code\\007TITLED\\n"; exec sleep 60';
      const info = await open(['sh', '-c', script], { title: 'agent #1;' });
      const screen = await screenContaining(info.id, 'TITLED');
      expect((await listed(info.id))?.title).toBe('agent #1;');
      // The screen's title is the program's own: a signal about what runs there.
      expect(screen.title).toBe('✳ Claude Code');
    });

    it('passes argv, cwd and env through without a shell', async () => {
      const script = 'printf "<%s>" "$@"; printf "\\n%s|%s|END\\n" "$PWD" "$TOWER_CONTRACT"; exec sleep 60';
      const info = await open(['sh', '-c', script, 'sh', 'a b', 'c;', '$(id)', '-x', ';'], {
        cwd: '/',
        env: { TOWER_CONTRACT: 'v;$(id) `id`' },
        cols: 120,
      });
      const screen = await screenContaining(info.id, 'END');
      const text = screenText(screen);
      expect(text).toContain('<a b><c;><$(id)><-x><;>');
      expect(text).toContain('/|v;$(id) `id`|END');
    });

    it('shows typed text and keys, and reports activity', async () => {
      const info = await open(['bash', '--norc', '--noprofile'], { env: { PS1: 'contract$ ' } });
      await screenContaining(info.id, 'contract$');
      const active: string[] = [];
      const unsubscribe = driver.onActivity((id) => active.push(id));
      try {
        await driver.type(info.id, { kind: 'text', text: 'echo typed-$((6*7))' });
        await screenContaining(info.id, 'echo typed-$((6*7))');
        await driver.type(info.id, { kind: 'keys', keys: ['Enter'] });
        await screenContaining(info.id, 'typed-42');
        await waitFor(
          'an activity notification',
          () => (active.includes(info.id) ? true : undefined),
          timeoutMs,
        );
      } finally {
        unsubscribe();
      }
    });

    it('rejects keys outside the vocabulary and text with control characters, typing nothing', async () => {
      const info = await open(['bash', '--norc', '--noprofile'], { env: { PS1: 'guard$ ' } });
      await screenContaining(info.id, 'guard$');
      for (const key of ['C-m', 'F1', 'Home', 'enter', 'M-x', '\r', '']) {
        await expect(driver.type(info.id, { kind: 'keys', keys: [key as Key] })).rejects.toThrow();
        await expect(driver.type(info.id, { kind: 'keys', keys: ['1', key as Key] })).rejects.toThrow();
      }
      for (const text of ['a\nb', 'x\r', '\x03', '\x1b[201~', 'bell\x07', 'del\x7f', 'c1\u009b', '\0']) {
        await expect(driver.type(info.id, { kind: 'text', text })).rejects.toThrow();
      }
      await driver.type(info.id, { kind: 'text', text: 'MARK' });
      const screen = await screenContaining(info.id, 'guard$ MARK');
      expect(screenText(screen)).not.toContain('guard$ 1');
    });

    it('keeps an exited command listed as not alive with its exit code and last screen', async () => {
      const info = await open(['sh', '-c', 'printf "\\n\\nexit-marker\\n"; sleep 0.3; exit 7']);
      let last: TerminalInfo | undefined;
      const dead = await waitFor(
        'the command to exit',
        async () => {
          last = await listed(info.id);
          return last && !last.alive ? last : undefined;
        },
        timeoutMs,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; last listed as ${JSON.stringify(last ?? 'missing')}`);
      });
      expect(dead.exitCode).toBe(7);
      expect(screenText(await driver.readScreen(info.id))).toContain('exit-marker');
    });

    it('closes a terminal: gone from the list, and further use rejects', async () => {
      const info = await open(['bash', '--norc', '--noprofile']);
      await waitFor('terminal in list()', () => listed(info.id), timeoutMs);
      await driver.close(info.id);
      await waitFor(
        'terminal gone from list()',
        async () => ((await listed(info.id)) ? undefined : true),
        timeoutMs,
      );
      await expect(driver.readScreen(info.id)).rejects.toThrow();
      await expect(driver.type(info.id, { kind: 'text', text: 'x' })).rejects.toThrow();
    });

    it('rejects ids it never issued', async () => {
      for (const id of ['', 'nonsense', '%0', `${driver.provider}|bogus`]) {
        await expect(driver.readScreen(id)).rejects.toThrow();
        await expect(driver.type(id, { kind: 'keys', keys: ['Enter'] })).rejects.toThrow();
      }
    });

    it('unsubscribes activity listeners', async () => {
      const calls: string[] = [];
      const unsubscribe = driver.onActivity((id) => calls.push(id));
      unsubscribe();
      const info = await open(['sh', '-c', 'echo quiet; exec sleep 60']);
      await screenContaining(info.id, 'quiet');
      expect(calls).toEqual([]);
    });
  });
}
