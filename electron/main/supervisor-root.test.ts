/**
 * The Electron root's core, in plain Node: the real provider chain on this (non-Mac) machine, the
 * audit log opened, the runtime file published so the CLI's HTTP client reaches the app, secrets
 * encrypted through the safeStorage port, one Tower at a time.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EncryptionPort } from '../adapters/secrets/safe-storage-secret-store';
import { createHttpClient } from '../transport/http-client';
import { readRuntimeFile } from '../transport/runtime-file';
import { providerChain, startSupervisor } from './supervisor-root';
import type { SupervisorRoot } from './supervisor-root';

const NATIVE = join(import.meta.dirname, '..', '..', 'native-scripts');

class AesEncryption implements EncryptionPort {
  private readonly key = randomBytes(32);
  isEncryptionAvailable = () => true;
  encryptString(plain: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  decryptString(data: Buffer): string {
    const d = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    d.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
  }
}

const roots: SupervisorRoot[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((r) => r.stop()));
});

// Tower watches every tmux server of the user; a private TMUX_TMPDIR keeps these scans to none of
// the other suites' servers (and quick on a loaded machine).
const tmuxTmpdir = process.env.TMUX_TMPDIR;
beforeAll(async () => {
  process.env.TMUX_TMPDIR = await mkdtemp(join(tmpdir(), 'tower-root-tmux-'));
});
afterAll(() => {
  if (tmuxTmpdir === undefined) delete process.env.TMUX_TMPDIR;
  else process.env.TMUX_TMPDIR = tmuxTmpdir;
});

async function start(home: string, warnings: string[] = [], hookNode: string | null = process.execPath) {
  const root = await startSupervisor({
    hookNode,
    env: { TOWER_HOME: home, TOWER_PORT: '0', TOWER_TMUX_SOCKET: `tower-root-test-${process.pid}` },
    nativeScriptsDir: NATIVE,
    encryption: new AesEncryption(),
    warn: (line) => warnings.push(line),
    drivers: (tmux) => providerChain(tmux, NATIVE, 'linux'),
  });
  roots.push(root);
  return root;
}

describe('Electron supervisor root', { timeout: 90_000 }, () => {
  it('publishes the runtime file so the CLI reaches the app, and removes it on stop', async () => {
    const home = await mkdtemp(join(tmpdir(), 'tower-app-'));
    const root = await start(home);
    const found = await readRuntimeFile({ TOWER_HOME: home });
    expect(found.kind).toBe('running');
    if (found.kind !== 'running') return;
    expect(found.info.pid).toBe(process.pid);
    expect((await stat(found.path)).mode & 0o777).toBe(0o600);
    const cli = createHttpClient({ url: found.info.url, token: found.info.token });
    const snapshot = await cli.getSnapshot();
    expect(snapshot.lockdown).toBe(false);
    await root.stop();
    expect((await readRuntimeFile({ TOWER_HOME: home })).kind).toBe('not-running');
  });

  it('shows every link of the provider chain in ground truth, with why the Mac ones are unavailable', async () => {
    const home = await mkdtemp(join(tmpdir(), 'tower-app-'));
    const root = await start(home);
    await root.supervisor.scanNow(true);
    const { providers, agreed } = (await root.supervisor.getSnapshot()).groundTruth;
    expect(providers.map((p) => p.id)).toEqual(['iterm2', 'pty', 'terminal-app', 'tmux']);
    const mac = providers.filter((p) => p.id === 'iterm2' || p.id === 'terminal-app');
    expect(mac.every((p) => !p.available && /macOS/u.test(p.reason ?? ''))).toBe(true);
    expect(providers.find((p) => p.id === 'pty')).toMatchObject({ available: true });
    expect(agreed).toBe(true);
  });

  it('continues the audit log it finds (opened before anything acts) and refuses a second Tower', async () => {
    const home = await mkdtemp(join(tmpdir(), 'tower-app-'));
    const root = await start(home);
    await root.supervisor.lockdown({ engaged: true });
    await expect(start(home)).rejects.toThrow(/already running/u);
    await root.stop();
    roots.splice(0);
    const again = await start(home);
    // LOCKDOWN survived the restart, and the audit chain continued (seq goes on, not from 1 again).
    expect((await again.supervisor.getSnapshot()).lockdown).toBe(true);
    await again.supervisor.lockdown({ engaged: false });
    const lines = (await readFile(join(home, 'audit.jsonl'), 'utf8')).trim().split('\n');
    const seqs = lines.map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('keeps secrets set over the API encrypted on disk, and never returns the value', async () => {
    const home = await mkdtemp(join(tmpdir(), 'tower-app-'));
    await start(home);
    const found = await readRuntimeFile({ TOWER_HOME: home });
    if (found.kind !== 'running') throw new Error('not running');
    const cli = createHttpClient({ url: found.info.url, token: found.info.token });
    await cli.setSecret({ name: 'telegram.token', value: '7000000001:AAF-secret-value-ABCD' });
    expect(await readFile(join(home, 'secrets.enc.json'), 'utf8')).not.toContain('secret-value');
    const listed = await cli.listSecrets();
    expect(listed.find((s) => s.name === 'telegram.token')).toMatchObject({ set: true, preview: '…ABCD' });
    expect(JSON.stringify(listed)).not.toContain('secret-value');
    expect(await readFile(join(home, 'audit.jsonl'), 'utf8')).not.toContain('secret-value');
  });

  it('refuses to start on an audit log whose chain is broken', async () => {
    const home = await mkdtemp(join(tmpdir(), 'tower-app-'));
    const root = await start(home);
    await root.supervisor.lockdown({ engaged: true });
    await root.stop();
    roots.splice(0);
    const log = join(home, 'audit.jsonl');
    const text = await readFile(log, 'utf8');
    await writeFile(log, text.replace('lockdown-engaged', 'lockdown-lifted'));
    await expect(start(home)).rejects.toThrow(/audit|chain|hash/iu);
    expect((await readRuntimeFile({ TOWER_HOME: home })).kind).toBe('not-running');
  });

  it('serves Claude Code hooks: the hook command, run by the Node it found, reaches the app', async () => {
    const home = await mkdtemp(join(tmpdir(), 'tower-app-'));
    const root = await start(home);
    const hooksBridge = async () =>
      (await root.supervisor.getSnapshot()).bridges.find((b) => b.id === 'hooks');
    expect(await hooksBridge()).toMatchObject({ state: 'up', reason: null, lastActivityAt: null });
    const config = join(home, 'hooks', 'hook-config.json');
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    // Exactly what a per-launch settings file runs: <node> <native-scripts>/hooks/tower-hook.mjs claude <config>.
    // The command gives up silently after 1.5 s for report-only events (it must never hold Claude up),
    // so on a loaded machine one run may not land: up to three runs.
    const runHook = () =>
      new Promise<void>((resolve, reject) => {
        const child = execFile(
          process.execPath,
          [join(NATIVE, 'hooks', 'tower-hook.mjs'), 'claude', config],
          (e: Error | null) => (e ? reject(e) : resolve()),
        );
        child.stdin?.end(JSON.stringify({ hook_event_name: 'SessionStart', session_id: 's1', cwd: home }));
      });
    for (let run = 0; run < 3 && root.supervisor.hooks.lastActivityAt() === null; run += 1) await runHook();
    expect(root.supervisor.hooks.lastActivityAt()).not.toBeNull();
  });

  it('without a Node to run the hook command: no hook route, the bridge says down and how to fix it', async () => {
    const home = await mkdtemp(join(tmpdir(), 'tower-app-'));
    const root = await start(home, [], null);
    const bridge = (await root.supervisor.getSnapshot()).bridges.find((b) => b.id === 'hooks');
    expect(bridge).toMatchObject({ state: 'down' });
    expect(bridge?.reason).toMatch(/TOWER_HOOK_NODE/u);
    const res = await fetch(`${root.url.split('/#')[0]}/hooks/claude`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tower-hook-secret': 'x' },
      body: '{}',
    });
    expect(res.status).toBe(404);
  });
});
