/**
 * Activity from tmux control mode (real tmux, private socket): output, new sessions, closes, exits,
 * server restarts; throttled per pane; the user's windows are never resized.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../core/testing/terminal-driver.contract';
import { parseTmuxId } from './tmux-id';
import type { TmuxTerminalDriver } from './tmux-terminal-driver';
import { killTestServer, removeTestServer, testDriver, testSocketName, tmuxOn } from './tmux-test-server';

describe('tmux activity (control mode)', () => {
  const socket = testSocketName('activity');
  let driver: TmuxTerminalDriver;
  const seen: { id: string; at: number }[] = [];
  let unsubscribe: () => void = () => undefined;

  const count = (id: string, since = 0) => seen.filter((e) => e.id === id && e.at >= since).length;
  // Generous deadlines: on a loaded machine tmux and the control clients can lag by seconds.
  const PATIENCE = 30_000;
  const notified = (id: string, since = 0) =>
    waitFor(`activity for ${id}`, () => (count(id, since) > 0 ? true : undefined), PATIENCE);

  beforeAll(() => {
    driver = testDriver(socket, { reconcileMs: 300 });
    // Subscribed before any server exists: the monitor must find the server when it appears.
    unsubscribe = driver.onActivity((id) => seen.push({ id, at: Date.now() }));
  });

  afterAll(async () => {
    unsubscribe();
    await driver.dispose();
    await removeTestServer(socket);
  });

  it('notifies output of sessions created after subscribing, and typing echoes', async () => {
    const a = await driver.open({
      command: ['bash', '--norc', '--noprofile'],
      title: 'a',
      env: { PS1: 'a$ ' },
    });
    await notified(a.id);
    const b = await driver.open({
      command: ['bash', '--norc', '--noprofile'],
      title: 'b',
      env: { PS1: 'b$ ' },
    });
    await notified(b.id);
    const since = Date.now();
    await driver.type(b.id, { kind: 'text', text: 'echo hi' });
    await notified(b.id, since);
  });

  it('throttles a flooding pane to about one notification per 50 ms, with a trailing one', async () => {
    const flood = await driver.open({
      command: ['sh', '-c', 'while :; do echo flood; done'],
      title: 'flood',
    });
    await notified(flood.id);
    const start = Date.now();
    // Wait for a run of notifications rather than a fixed window: a loaded machine delivers them late.
    await waitFor('eight notifications', () => (count(flood.id, start) >= 8 ? true : undefined), PATIENCE);
    const elapsed = Date.now() - start;
    const times = seen.filter((e) => e.id === flood.id && e.at >= start).map((e) => e.at);
    // Never closer than the 50 ms throttle (less timer jitter), so at most one per 45 ms overall.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(45);
    expect(times.length).toBeLessThanOrEqual(Math.floor(elapsed / 45) + 1);
    await driver.close(flood.id);
  });

  it('notifies closes and exits (so the registry rescans)', async () => {
    const closing = await driver.open({ command: ['sh', '-c', 'exec sleep 60'], title: 'closing' });
    await waitFor(
      'listed',
      async () => ((await driver.list()).some((t) => t.id === closing.id) ? 1 : undefined),
      PATIENCE,
    );
    let since = Date.now();
    await driver.close(closing.id);
    await notified(closing.id, since);

    since = Date.now();
    const exiting = await driver.open({ command: ['sh', '-c', 'sleep 0.4; exit 3'], title: 'exiting' });
    await waitFor(
      'exit noticed',
      async () => {
        const t = (await driver.list()).find((x) => x.id === exiting.id);
        return t && !t.alive && count(exiting.id, since + 350) > 0 ? true : undefined;
      },
      PATIENCE,
    );
  });

  it('attaches without resizing windows, read-only, one client per session', async () => {
    const big = await driver.open({
      command: ['sh', '-c', 'exec sleep 60'],
      title: 'big',
      cols: 211,
      rows: 53,
    });
    await notified(big.id);
    await waitFor(
      'a control client per session',
      async () => {
        const sessions =
          (await tmuxOn(socket, ['list-sessions', '-F', '#{session_id}']))?.trim().split('\n') ?? [];
        const clients =
          (await tmuxOn(socket, ['list-clients', '-F', '#{session_id} #{client_flags}']))
            ?.trim()
            .split('\n') ?? [];
        const covered = new Set(clients.map((line) => line.split(' ')[0]));
        return sessions.every((s) => covered.has(s)) && clients.length === sessions.length
          ? clients
          : undefined;
      },
      PATIENCE,
    ).then((clients) => {
      for (const line of clients) expect(line).toMatch(/control-mode.*ignore-size.*read-only/);
    });
    const listed = (await driver.list()).find((t) => t.id === big.id);
    expect([listed?.cols, listed?.rows]).toEqual([211, 53]);
  });

  it('reconnects after the server restarts and reports the old panes as changed', async () => {
    const old = await driver.open({ command: ['sh', '-c', 'exec sleep 60'], title: 'old' });
    await notified(old.id);
    const since = Date.now();
    await killTestServer(socket);
    await notified(old.id, since);
    const fresh = await driver.open({
      command: ['sh', '-c', 'sleep 0.5; echo after-restart; exec sleep 60'],
      title: 'new',
    });
    expect(parseTmuxId(fresh.id).serverPid).not.toBe(parseTmuxId(old.id).serverPid);
    await notified(fresh.id);
    const later = Date.now();
    await waitFor('output after restart', () => (count(fresh.id, later) > 0 ? true : undefined), PATIENCE);
  });

  it('detaches every control client when the last listener goes', async () => {
    unsubscribe();
    await waitFor(
      'no control clients',
      async () => ((await tmuxOn(socket, ['list-clients']))?.trim() === '' ? 1 : undefined),
      PATIENCE,
    );
  });
});
