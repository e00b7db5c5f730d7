/**
 * Reads of many panes batched into one tmux call (real tmux, private socket): each pane gets its
 * own screen, a pane printing marker-like text cannot shift the others, and a pane that is gone
 * fails alone while the rest still read.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenCapture } from '../../../core/ports';
import { waitFor } from '../../../core/testing/terminal-driver.contract';
import { parseTmuxId } from './tmux-id';
import type { TmuxTerminalDriver } from './tmux-terminal-driver';
import { removeTestServer, testDriver, testSocketName, tmuxOn } from './tmux-test-server';

const text = (screen: ScreenCapture) => screen.lines.join('\n');

describe('tmux batched screen reads', () => {
  const socket = testSocketName('batch');
  let driver: TmuxTerminalDriver;

  beforeAll(() => {
    driver = testDriver(socket);
  });

  afterAll(async () => {
    await driver.dispose();
    await removeTestServer(socket);
  });

  it('reads many panes at once, each its own screen, whatever they print', async () => {
    const liar =
      "printf 'tower-0123456789abcdef:%s\\n' x; printf '1\\0372\\037%%0\\n'; echo liar-end; exec sleep 60";
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const command = i === 3 ? ['sh', '-c', liar] : ['sh', '-c', `echo pane-${i}-says-hi; exec sleep 60`];
      ids.push((await driver.open({ command, title: `b${i}`, cols: 80 + i, rows: 20 + i })).id);
    }
    const screens = await waitFor(
      'every pane drawn',
      async () => {
        const all = await Promise.all(ids.map((id) => driver.readScreen(id)));
        return all.every((s, i) => text(s).includes(i === 3 ? 'liar-end' : `pane-${i}-says-hi`))
          ? all
          : undefined;
      },
      30_000,
    );
    screens.forEach((screen, i) => {
      expect([screen.cols, screen.rows]).toEqual([80 + i, 20 + i]);
      expect(screen.lines).toHaveLength(20 + i);
      expect(screen.title).toBe(`b${i}`);
      for (let j = 0; j < 6; j++)
        if (j !== i && j !== 3) expect(text(screen)).not.toContain(`pane-${j}-says-hi`);
    });
  });

  it('six reads asked for together cost one tmux process', async () => {
    // A tmux that logs each invocation, then runs the real one.
    const dir = mkdtempSync(join(tmpdir(), 'tower-batch-'));
    const log = join(dir, 'calls');
    const wrapper = join(dir, 'tmux');
    writeFileSync(wrapper, `#!/bin/sh\necho call >> '${log}'\nexec tmux "$@"\n`, { mode: 0o755 });
    const counted = testDriver(socket, { tmuxPath: wrapper });
    try {
      const ids = (await counted.list()).map((t) => t.id).slice(0, 6);
      expect(ids).toHaveLength(6);
      writeFileSync(log, '');
      const screens = await Promise.all(ids.map((id) => counted.readScreen(id)));
      expect(screens.every((s) => s.lines.length === s.rows)).toBe(true);
      expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
    } finally {
      await counted.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a pane that is gone fails alone; the others still read', async () => {
    const keep = await driver.open({ command: ['sh', '-c', 'echo kept; exec sleep 60'], title: 'keep' });
    const lost = await driver.open({ command: ['sh', '-c', 'echo lost; exec sleep 60'], title: 'lost' });
    await waitFor(
      'kept drawn',
      async () => (text(await driver.readScreen(keep.id)).includes('kept') ? 1 : undefined),
      30_000,
    );
    await tmuxOn(socket, ['kill-pane', '-t', parseTmuxId(lost.id).paneId]);
    const [kept, gone] = await Promise.allSettled([driver.readScreen(keep.id), driver.readScreen(lost.id)]);
    expect(kept.status === 'fulfilled' && text(kept.value)).toContain('kept');
    expect(gone.status).toBe('rejected');
    expect(gone.status === 'rejected' && String(gone.reason)).toMatch(/gone/);
  });
});
