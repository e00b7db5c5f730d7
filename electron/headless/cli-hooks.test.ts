import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './cli';

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tower-cli-hooks-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { TOWER_HOME: join(root, 'tower'), CLAUDE_CONFIG_DIR: join(root, 'claude') },
    cwd: root,
  });
  return { code, out, err };
}

describe('tower hooks', () => {
  it('install, status, uninstall: only on request, with a backup, needing no running Tower', async () => {
    const settings = join(root, 'claude', 'settings.json');
    expect(await run('hooks', 'status')).toMatchObject({ code: 0, out: `${settings}: not installed\n` });
    expect((await run('hooks', 'install')).code).toBe(0); // creates the file (and its directory)
    writeFileSync(settings, JSON.stringify({ model: 'x' }));
    const installed = await run('hooks', 'install');
    expect(installed.code).toBe(0);
    expect(installed.out).toContain(`installed in ${settings} (backup: ${settings}.tower-backup-`);
    const hooks = (JSON.parse(readFileSync(settings, 'utf8')) as { hooks: Record<string, unknown> }).hooks;
    expect(JSON.stringify(hooks)).toContain(join(root, 'tower', 'hooks', 'hook-config.json'));
    expect((await run('hooks', 'install')).out).toContain('nothing changed');
    expect((await run('hooks', 'status')).out).toBe(`${settings}: installed\n`);
    expect((await run('hooks', 'uninstall')).code).toBe(0);
    expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({ model: 'x' });
    expect(readdirSync(join(root, 'claude')).filter((f) => f.includes('tower-backup'))).toHaveLength(2);
  });

  it('anything else is a usage error that writes nothing', async () => {
    const result = await run('hooks', 'install', '--force');
    expect(result.code).toBe(2);
    expect(result.err).toContain('usage: tower hooks install');
    expect(await run('hooks')).toMatchObject({ code: 2 });
  });
});
