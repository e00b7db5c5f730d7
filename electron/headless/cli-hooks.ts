/**
 * `tower hooks install|uninstall|status`: the owner's explicit, consented install of Tower's hooks into
 * their own Claude Code settings (agents Tower opens get per-launch hooks without this). Offline: it
 * edits a file, with a backup, and needs no running Tower.
 */
import { join } from 'node:path';
import { HOOK_SCRIPT, type HookConfig } from '../adapters/hooks/hook-command';
import { installUserHooks, uninstallUserHooks, userHooksStatus } from '../adapters/hooks/user-settings';
import { towerHome } from './runtime-file';
import type { CliIo } from './cli';

const USAGE = `usage: tower hooks install     add Tower's hooks to your Claude Code settings (a backup is kept)
       tower hooks uninstall   remove them again (only Tower's entries)
       tower hooks status      whether they are installed`;

/** Runs `tower hooks …`; resolves with the exit code. */
export function runHooksCli(args: readonly string[], io: CliIo): number {
  const [sub, ...rest] = args;
  if (rest.length > 0 || (sub !== 'install' && sub !== 'uninstall' && sub !== 'status')) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  try {
    if (sub === 'status') {
      io.stdout(`${userHooksStatus(io.env)}\n`);
      return 0;
    }
    const dir = join(towerHome(io.env), 'hooks');
    // Settings name only the script and the config file's path; the running Tower writes the secret there.
    const config: HookConfig = {
      dir,
      configPath: join(dir, 'hook-config.json'),
      secret: '',
      node: process.execPath,
      script: HOOK_SCRIPT,
    };
    const change = sub === 'install' ? installUserHooks(io.env, config) : uninstallUserHooks(io.env);
    const what = sub === 'install' ? 'installed in' : 'removed from';
    io.stdout(
      change.changed
        ? `Tower's hooks ${what} ${change.path}${change.backup ? ` (backup: ${change.backup})` : ''}\n`
        : `${change.path} already ${sub === 'install' ? 'has' : 'lacks'} Tower's hooks; nothing changed\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`tower: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
