/**
 * Bad input through the local entry points the first suite lacks (security reference §8, §10):
 * Claude Code / Codex hook posts, tray IPC calls, and policy.yaml. The same armed corpus (a payload
 * that reaches a shell touches a canary file) meets one real Tower with hooks on and a policy that
 * allows only `ls`; canary panes record every byte typed. Nothing may reach a shell, no keystroke may
 * land, no hook reply may allow more than a plain `ls`, and no bad policy file may loosen anything.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PAYLOAD_COUNT, payloads } from './corpus';
import { runHooks } from './hook-entry';
import { countingBackend, runIpc, TRUSTED_ORIGIN, type IpcHandler } from './ipc-entry';
import { startLocalRig, type LocalRig } from './local-rig';
import { runPolicy } from './policy-entry';

// Electron's ipcMain in plain Node: a stand-in that keeps each registered handler, so calls go through
// the real bindIpcMain (sender check, then the shared dispatcher) into the real Supervisor.
const fakeIpc = vi.hoisted(() => ({ handlers: new Map<string, IpcHandler>() }));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: IpcHandler) => fakeIpc.handlers.set(channel, fn),
    removeHandler: (channel: string) => fakeIpc.handlers.delete(channel),
  },
}));
const { bindIpcMain } = await import('../../electron/transport/ipc-main-transport');

let rig: LocalRig;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const armed = (entry: string) => payloads((i) => join(rig.canaryDir, `${entry}-${i}`));

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  rig = await startLocalRig('local');
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  if (!rig) return;
  await new Promise((r) => setTimeout(r, 300)); // a stray `touch` would have run by now
  const fired = rig.canariesFired();
  const t = rig.tally;
  process.stdout.write(
    `\nbad input (local): ${PAYLOAD_COUNT} payloads × ${t.entryPoints.size} entry points (${t.checks} checks), ` +
      `${fired.length} reached a shell, ${t.unintendedKeystrokes} unintended keystrokes, ` +
      `${t.serverErrors} server errors\n  entry points: ${[...t.entryPoints].join(', ')}\n`,
  );
  await rig.stop();
});

describe('bad input (local entry points)', () => {
  it('hook posts: every field, raw bodies, secrets and paths; never a 5xx, never more than a plain ls allowed', async () => {
    const started = Date.now();
    const found = await runHooks(rig, armed('hook'));
    process.stdout.write(`\nhooks: ${Date.now() - started} ms, ${found.allowed} plain-ls allows\n`);
    expect(rig.tally.serverErrorDetails).toEqual([]);
    expect(found.wrongAllows).toEqual([]);
    expect(found.wrongPreToolUse).toEqual([]);
    expect(found.secretLeaks).toEqual([]);
    // The control: the tags really named the canaries, so the policy was consulted for each request.
    expect(found.allowed).toBeGreaterThan(PAYLOAD_COUNT);
    expect(rig.rejected.some((r) => r.status === 401)).toBe(true);
    expect(rig.rejected.some((r) => r.status === 403)).toBe(true);
  });

  it('tray IPC: every call with payload arguments, every payload as the sending frame; forged frames refused', async () => {
    const started = Date.now();
    const counted = countingBackend(rig.tower.supervisor);
    const internal: string[] = [];
    const unbind = bindIpcMain({
      backend: counted.backend,
      trustedOrigins: [TRUSTED_ORIGIN],
      targets: () => [],
      onInternalError: (method, error) => void internal.push(`${method}: ${String(error).slice(0, 120)}`),
    });
    try {
      const found = await runIpc(rig, armed('ipc'), fakeIpc.handlers, counted.calls);
      process.stdout.write(`\nipc: ${Date.now() - started} ms, ${found.answered} trusted calls answered\n`);
      expect(internal).toEqual([]);
      expect(rig.tally.serverErrorDetails).toEqual([]);
      expect(found.untrustedAccepted).toEqual([]);
      expect(found.untrustedReachedBackend).toBe(0);
      // The control: trusted calls did reach the Supervisor.
      expect(counted.calls()).toBeGreaterThan(PAYLOAD_COUNT);
    } finally {
      unbind();
    }
    // The canaries are still there and idle: no call closed or answered them.
    const sessions = (await rig.tower.api.getSnapshot()).sessions;
    for (const pane of [rig.panes.tmux, rig.panes.pty])
      expect(sessions.find((s) => s.id === pane.session.id)).toMatchObject({ gone: false, state: 'idle' });
  });

  it('policy.yaml: a policy or a clear error that keeps the last one; never a throw, never looser', async () => {
    const started = Date.now();
    const found = await runPolicy(rig, armed('policy'));
    process.stdout.write(
      `\npolicy: ${Date.now() - started} ms, ${found.loaded} loaded, ${found.rejected} rejected, ${found.watched} watched reloads\n`,
    );
    expect(found.broken).toEqual([]);
    expect(found.loosened).toEqual([]);
    // Both outcomes happened, so both paths were checked.
    expect(found.loaded).toBeGreaterThan(PAYLOAD_COUNT);
    expect(found.rejected).toBeGreaterThan(PAYLOAD_COUNT);
    expect(found.watched).toBeGreaterThan(0);
  });

  it('nothing reached a shell, nothing typed, nothing crashed, LOCKDOWN untouched', async () => {
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.canariesFired()).toEqual([]);
    expect(rig.tally.unintendedKeystrokes).toBe(0);
    expect(unhandled).toEqual([]);
    expect((await rig.tower.api.getSnapshot()).lockdown).toBe(false);
  });
});
