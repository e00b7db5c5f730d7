import { describe, expect, it } from 'vitest';
import { TowerError } from '../contract/api';
import { adoptOpened, openTerminal } from './open-terminal';
import type { OpenSpec, TerminalInfo } from './ports';
import { FakeTerminalDriver } from './testing/fake-terminal-driver';

/** A provider that refuses like the real ones do: a plain Error with its reason. */
class RefusingDriver extends FakeTerminalDriver {
  opened: OpenSpec[] = [];
  override open(spec: OpenSpec): Promise<TerminalInfo> {
    this.opened.push(spec);
    return Promise.reject(new Error(`cannot open terminal: ${spec.cwd ?? '?'} is not a directory`));
  }
}

async function refusal(promise: Promise<unknown>): Promise<TowerError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TowerError)) throw new Error(`expected a TowerError, got ${String(error)}`);
  return error;
}

describe('openTerminal', () => {
  it('refuses a relative cwd as invalid-arguments without asking the driver', async () => {
    const driver = new RefusingDriver('pty');
    const error = await refusal(openTerminal(driver, { command: ['claude'], title: 't', cwd: 'src/app' }));
    expect(error.code).toBe('invalid-arguments');
    expect(error.message).toMatch(/absolute path.*"src\/app"/);
    expect(driver.opened).toEqual([]);
  });

  it('refuses an empty command as invalid-arguments', async () => {
    const driver = new RefusingDriver('pty');
    const error = await refusal(openTerminal(driver, { command: [], title: 't' }));
    expect(error.code).toBe('invalid-arguments');
    expect(driver.opened).toEqual([]);
  });

  it("maps a driver's refusal to terminal-failed with the driver's reason", async () => {
    const driver = new RefusingDriver('tmux');
    const error = await refusal(openTerminal(driver, { command: ['claude'], title: 't', cwd: '/nope' }));
    expect(error.code).toBe('terminal-failed');
    expect(error.message).toBe(
      'tmux could not open the terminal: cannot open terminal: /nope is not a directory',
    );
  });

  it('returns what the driver opened when it succeeds', async () => {
    const driver = new FakeTerminalDriver('tmux');
    const info = await openTerminal(driver, { command: ['claude'], title: 'ok', cwd: '/work' });
    expect((await driver.list()).map((t) => t.id)).toEqual([info.id]);
  });
});

describe('adoptOpened', () => {
  it('scans again when one scan missed the new terminal (a busy server), then gives up clearly', async () => {
    const waits: number[] = [];
    let scans = 0;
    const found = await adoptOpened(
      'tmux:x',
      () => Promise.resolve(void (scans += 1)),
      (id) => (scans >= 2 ? { id } : undefined),
      (ms) => Promise.resolve(void waits.push(ms)),
    );
    expect(found).toEqual({ id: 'tmux:x' });
    expect([scans, waits]).toEqual([2, [100]]);

    const never = adoptOpened(
      'tmux:y',
      () => Promise.resolve(),
      () => undefined,
      (ms) => Promise.resolve(void waits.push(ms)),
    );
    await expect(never).rejects.toMatchObject({ code: 'terminal-failed' });
    expect(waits).toEqual([100, 100, 300]);
  });
});
