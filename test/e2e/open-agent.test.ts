/**
 * openAgent against the real drivers through the HTTP API: three agents opened at once each get
 * their own session (none "did not appear"), and a directory the driver refuses is a clear
 * invalid-arguments / terminal-failed error, never an anonymous internal one.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TowerError } from '../../electron/contract/api';
import { resolveSocket } from '../../electron/adapters/terminal/tmux/tmux-sockets';
import { startTower, type TowerUnderTest } from './tower-harness';

const SOCKET = `tower-e2e-open-${process.pid}`;
let tower: TowerUnderTest;

beforeAll(async () => {
  tower = await startTower(SOCKET);
});

afterAll(async () => {
  await tower.stop();
  const path = resolveSocket(SOCKET);
  await new Promise<void>((r) => execFile('tmux', ['-S', path, 'kill-server'], () => r()));
  rmSync(path, { force: true });
});

async function refusal(call: Promise<unknown>): Promise<TowerError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TowerError)) throw new Error(`expected a TowerError, got ${String(error)}`);
  return error;
}

describe('openAgent with real terminals', () => {
  it.each(['tmux', 'pty'] as const)(
    'three agents opened at once in %s each get a session',
    async (provider) => {
      const titles = ['one', 'two', 'three'].map((t) => `${provider}-${t}`);
      const views = await Promise.all(
        titles.map((title) =>
          tower.api.openAgent({
            command: ['sh', '-c', `echo ${title}; exec sleep 60`],
            provider,
            title,
            cwd: '/tmp',
          }),
        ),
      );
      expect(views.map((v) => v.title)).toEqual(titles);
      expect(new Set(views.map((v) => v.id)).size).toBe(3);
      const listed = (await tower.api.getSnapshot()).sessions.filter((s) => !s.gone).map((s) => s.id);
      for (const view of views) expect(listed).toContain(view.id);
    },
  );

  it.each(['tmux', 'pty'] as const)(
    '%s: a relative cwd is invalid-arguments, a missing one terminal-failed',
    async (provider) => {
      const relative = await refusal(tower.api.openAgent({ command: ['sh'], provider, cwd: 'some/dir' }));
      expect(relative.code).toBe('invalid-arguments');
      expect(relative.message).toMatch(/absolute/);
      const missing = '/nonexistent/tower-e2e-dir';
      const gone = await refusal(tower.api.openAgent({ command: ['sh'], provider, cwd: missing }));
      expect(gone.code).toBe('terminal-failed');
      expect(gone.message).toContain(missing);
      expect(gone.message).toMatch(/not a directory/);
    },
  );
});
