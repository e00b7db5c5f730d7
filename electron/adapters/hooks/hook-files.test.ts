import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAUDE_HOOK_EVENTS, HOOK_SCRIPT, planHookConfig, shellQuote, writeHookConfig } from './hook-command';
import { HookLauncher } from './hook-launcher';
import { installUserHooks, uninstallUserHooks, userHooksStatus } from './user-settings';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tower-hook-files-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('hook config and per-launch settings', () => {
  it('the secret lives only in a 0600 file in a 0700 directory', () => {
    const config = planHookConfig(join(root, 'hooks'), '/usr/bin/node');
    writeHookConfig(config, 'http://127.0.0.1:7733');
    expect(mode(config.dir)).toBe(0o700);
    expect(mode(config.configPath)).toBe(0o600);
    expect(JSON.parse(readFileSync(config.configPath, 'utf8'))).toEqual({
      url: 'http://127.0.0.1:7733',
      secret: config.secret,
    });
    expect(config.secret.length).toBeGreaterThanOrEqual(43);
  });

  it('adds --settings after `env -i K=V … claude`, a 0600 file whose hook commands carry no secret', async () => {
    const config = planHookConfig(join(root, "it's hooks"), '/usr/bin/node');
    const launcher = new HookLauncher(config);
    const prepared = await launcher.prepare([
      'env',
      '-i',
      'HOME=/h',
      'PATH=/bin',
      '/opt/bin/claude',
      'do the task',
    ]);
    expect(prepared.agent).toBe('claude');
    const at = prepared.command.indexOf('--settings');
    expect(prepared.command.slice(0, at)).toEqual(['env', '-i', 'HOME=/h', 'PATH=/bin', '/opt/bin/claude']);
    expect(prepared.command.at(-1)).toBe('do the task');
    const file = prepared.command[at + 1] ?? '';
    expect(mode(file)).toBe(0o600);
    const settings = JSON.parse(readFileSync(file, 'utf8')) as {
      hooks: Record<string, { hooks: { command: string }[] }[]>;
    };
    expect(Object.keys(settings.hooks).sort()).toEqual([...CLAUDE_HOOK_EVENTS].sort());
    const command = settings.hooks.PermissionRequest?.[0]?.hooks[0]?.command ?? '';
    expect(command).toBe(
      ['/usr/bin/node', HOOK_SCRIPT, 'claude', config.configPath, prepared.launch ?? '']
        .map(shellQuote)
        .join(' '),
    );
    expect(JSON.stringify(prepared.command) + command).not.toContain(config.secret);
  });

  it('adds Codex notify as a -c override, and leaves other commands alone', async () => {
    const launcher = new HookLauncher(planHookConfig(join(root, 'hooks'), '/usr/bin/node'));
    const codex = await launcher.prepare(['/x/node_modules/.bin/codex', '--no-daemon', 'task']);
    expect(codex.agent).toBe('codex');
    expect(codex.command[1]).toBe('-c');
    expect(codex.command[2]).toMatch(/^notify=\["\/usr\/bin\/node",".*tower-hook\.mjs","codex",/u);
    const shell = await launcher.prepare(['bash', '-lc', 'claude']);
    expect(shell).toEqual({ command: ['bash', '-lc', 'claude'], launch: null, agent: null });
  });

  it('shellQuote survives quotes and spaces', () => {
    expect(shellQuote("a b'c")).toBe(`'a b'\\''c'`);
  });
});

describe('consented install into the user settings', () => {
  const env = () => ({ CLAUDE_CONFIG_DIR: root });
  const config = () => planHookConfig(join(root, 'tower-hooks'), '/usr/bin/node');

  it('keeps every other setting and hook, backs up, and is idempotent', () => {
    const path = join(root, 'settings.json');
    const mine = { matcher: 'Bash', hooks: [{ type: 'command', command: '/home/me/guard.sh' }] };
    writeFileSync(path, JSON.stringify({ theme: 'dark', hooks: { PreToolUse: [mine] } }), { mode: 0o644 });
    const first = installUserHooks(env(), config(), 1);
    expect(first).toMatchObject({ path, changed: true, backup: `${path}.tower-backup-1` });
    expect(JSON.parse(readFileSync(first.backup ?? '', 'utf8'))).toEqual({
      theme: 'dark',
      hooks: { PreToolUse: [mine] },
    });
    const installed = JSON.parse(readFileSync(path, 'utf8')) as {
      theme: string;
      hooks: Record<string, unknown[]>;
    };
    expect(installed.theme).toBe('dark');
    expect(installed.hooks.PreToolUse?.[0]).toEqual(mine);
    expect(installed.hooks.PreToolUse).toHaveLength(2);
    expect(Object.keys(installed.hooks)).toHaveLength(CLAUDE_HOOK_EVENTS.length);
    expect(mode(path)).toBe(0o644);
    expect(userHooksStatus(env())).toBe(`${path}: installed`);
    // Again: nothing duplicated, nothing written.
    expect(installUserHooks(env(), config(), 2)).toMatchObject({ changed: false, backup: null });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(installed);
    const removed = uninstallUserHooks(env(), 3);
    expect(removed.changed).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ theme: 'dark', hooks: { PreToolUse: [mine] } });
    expect(userHooksStatus(env())).toBe(`${path}: not installed`);
    expect(uninstallUserHooks(env(), 4).changed).toBe(false);
  });

  it('creates a missing file 0600 and refuses a file that is not a JSON object', () => {
    const path = join(root, 'settings.json');
    expect(installUserHooks(env(), config(), 1)).toMatchObject({ changed: true, backup: null });
    expect(mode(path)).toBe(0o600);
    writeFileSync(path, '[1, 2]');
    expect(() => installUserHooks(env(), config(), 2)).toThrow(/not a JSON object/u);
    expect(readFileSync(path, 'utf8')).toBe('[1, 2]');
  });
});
