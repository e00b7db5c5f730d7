/**
 * Restart Tower mid-approval: a new Supervisor over the same state directory must not type the
 * approval again, and LOCKDOWN must survive the restart. The "agent" is a canary pane that shows a
 * captured Claude permission prompt and records every byte, so a second keystroke would be on record.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSocket } from '../../electron/adapters/terminal/tmux/tmux-sockets';
import { canaryPaneCommand, fixtureScreen, recorded } from '../bad-input/canary-pane';
import { startTower, type TowerUnderTest } from '../e2e/tower-harness';

const SOCKET = `tower-chaos-restart-${process.pid}`;
const PROMPT = fixtureScreen('captured/claude-permission-bash.txt');
let home: string;
let dir: string;
let tower: TowerUnderTest | null = null;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tower-chaos-home-'));
  dir = mkdtempSync(join(tmpdir(), 'tower-chaos-restart-'));
});

afterAll(async () => {
  await tower?.stop();
  const path = resolveSocket(SOCKET);
  await new Promise<void>((r) => execFile('tmux', ['-S', path, 'kill-server'], () => r()));
  rmSync(path, { force: true });
  rmSync(home, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a canary pane showing the permission prompt; resolves with its session id and record file. */
async function promptPane(t: TowerUnderTest, name: string): Promise<{ id: string; record: string }> {
  const { argv, record } = canaryPaneCommand(dir, name, PROMPT);
  // Through the driver: the captured screen needs the 120x40 it was captured at (openAgent takes no size).
  const info = await t.drivers.tmux.open({ command: argv, title: name, cols: 120, rows: 40 });
  const id = `tmux:${info.id}`;
  await t.supervisor.scanNow(true);
  await t.waitFor(id, (v) => v.state === 'permission');
  return { id, record };
}

describe('restart mid-approval', () => {
  it('the new Tower does not replay the approval on its own', async () => {
    tower = await startTower(SOCKET, { home });
    const pane = await promptPane(tower, 'restart-a');
    const fingerprint = (await tower.api.getSnapshot()).sessions.find((s) => s.id === pane.id)?.prompt
      ?.fingerprint;
    // Answer, and stop Tower while it is still waiting to see the prompt go (the pane never redraws).
    const answering = tower.api
      .answerPrompt({ session: pane.id, choice: 'approve', fingerprint, channel: 'chaos' })
      .catch(() => null);
    const deadline = Date.now() + 5_000;
    while (recorded(pane.record).length === 0 && Date.now() < deadline) await sleep(10);
    expect(recorded(pane.record).toString()).toBe('1');
    await tower.stop();
    tower = null;
    await answering;

    tower = await startTower(SOCKET, { home });
    await tower.waitFor(pane.id, (v) => v.state === 'permission');
    await sleep(1_500); // several scans of the same prompt
    expect(recorded(pane.record).toString()).toBe('1');
  });

  // The answer's claim is written to the state file before the key is typed, so a restarted Tower
  // knows this prompt instance was answered and refuses the retry.
  it('a retried answer for the same prompt after a restart types nothing', async () => {
    tower ??= await startTower(SOCKET, { home });
    const pane = await promptPane(tower, 'restart-b');
    const fingerprint = (await tower.api.getSnapshot()).sessions.find((s) => s.id === pane.id)?.prompt
      ?.fingerprint;
    await tower.api
      .answerPrompt({ session: pane.id, choice: 'approve', fingerprint, channel: 'chaos' })
      .catch(() => null);
    await tower.stop();
    tower = await startTower(SOCKET, { home });
    await tower.waitFor(pane.id, (v) => v.state === 'permission');
    await tower.api
      .answerPrompt({ session: pane.id, choice: 'approve', fingerprint, channel: 'chaos-retry' })
      .catch(() => null);
    await sleep(300);
    expect(recorded(pane.record).toString()).toBe('1');
  });

  it('LOCKDOWN persists across a restart and stops typing', async () => {
    tower ??= await startTower(SOCKET, { home });
    const pane = await promptPane(tower, 'restart-c');
    await tower.api.lockdown({ engaged: true });
    await tower.stop();
    tower = await startTower(SOCKET, { home });
    expect((await tower.api.getSnapshot()).lockdown).toBe(true);
    await tower.waitFor(pane.id, (v) => v.state === 'permission');
    await expect(tower.api.answerPrompt({ session: pane.id, choice: 'approve' })).rejects.toThrow(
      /LOCKDOWN/u,
    );
    await sleep(200);
    expect(recorded(pane.record).length).toBe(0);
    await tower.api.lockdown({ engaged: false });
  });

  it('a corrupt state file means LOCKDOWN with the reason: no crash, no typing, no lifting until fixed', async () => {
    await tower?.stop();
    tower = null;
    const corruptHome = mkdtempSync(join(tmpdir(), 'tower-chaos-corrupt-'));
    writeFileSync(join(corruptHome, 'state.json'), '{"lockdown": fal'); // torn by hand
    try {
      tower = await startTower(SOCKET, { home: corruptHome });
      const pane = await promptPane(tower, 'restart-d');
      const snapshot = await tower.api.getSnapshot();
      expect(snapshot.lockdown).toBe(true);
      expect(snapshot.lockdownReason).toMatch(/state file .*state\.json is corrupt/u);
      await expect(tower.api.answerPrompt({ session: pane.id, choice: 'approve' })).rejects.toThrow(
        /LOCKDOWN/u,
      );
      await expect(tower.api.lockdown({ engaged: false, channel: 'cli' })).rejects.toThrow(
        /LOCKDOWN stays on: Tower's saved state could not be read/u,
      );
      await sleep(200);
      expect(recorded(pane.record).length).toBe(0);
      expect((await tower.api.getSnapshot()).lockdown).toBe(true);
    } finally {
      await tower?.stop();
      tower = null;
      rmSync(corruptHome, { recursive: true, force: true });
    }
  });
});
