/**
 * Consented install of Tower's hooks into the user's own Claude Code settings
 * (`$CLAUDE_CONFIG_DIR/settings.json`, default `~/.claude/settings.json`), so sessions the owner starts
 * by hand report too. Only ever run by an explicit command (`tower hooks install|uninstall`):
 * a timestamped backup first, idempotent (Tower's old entries are replaced, never duplicated), every
 * other setting and hook left exactly as it was, written atomically with the file's mode kept.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CLAUDE_HOOK_EVENTS,
  claudeHooksSettings,
  isTowerHookCommand,
  writePrivate,
  type HookConfig,
} from './hook-command';

/** The user's Claude Code settings file. */
export function userSettingsPath(env: Env): string {
  const dir = env.CLAUDE_CONFIG_DIR ?? join(env.HOME ?? homedir(), '.claude');
  return join(dir, 'settings.json');
}

/** What an install or uninstall did. */
export interface UserHooksChange {
  readonly path: string;
  /** The copy made before writing, or null when there was no file (or nothing changed). */
  readonly backup: string | null;
  readonly changed: boolean;
}

type Json = Record<string, unknown>;
/** The environment (HOME, CLAUDE_CONFIG_DIR). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Adds (or refreshes) Tower's hooks in the user's settings. */
export function installUserHooks(env: Env, config: HookConfig, now = Date.now()): UserHooksChange {
  const path = userSettingsPath(env);
  const settings = readSettings(path);
  const hooks = withoutTower(isRecord(settings.hooks) ? settings.hooks : {});
  const ours = claudeHooksSettings(config, null);
  for (const event of CLAUDE_HOOK_EVENTS) {
    const list = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    hooks[event] = [...list, ...(ours[event] as unknown[])];
  }
  return write(path, { ...settings, hooks }, now);
}

/** Removes Tower's hooks (and only them) from the user's settings. */
export function uninstallUserHooks(env: Env, now = Date.now()): UserHooksChange {
  const path = userSettingsPath(env);
  if (!existsSync(path)) return { path, backup: null, changed: false };
  const settings = readSettings(path);
  if (!isRecord(settings.hooks)) return { path, backup: null, changed: false };
  const hooks = withoutTower(settings.hooks);
  const next: Json = { ...settings, hooks };
  if (Object.keys(hooks).length === 0) delete next.hooks;
  return write(path, next, now);
}

/** One line for the bridge status: whether the user's settings carry Tower's hooks. */
export function userHooksStatus(env: Env): string {
  const path = userSettingsPath(env);
  try {
    const settings = readSettings(path);
    const installed = isRecord(settings.hooks) && JSON.stringify(settings.hooks).includes('tower-hook.mjs');
    return `${path}: ${installed ? 'installed' : 'not installed'}`;
  } catch {
    return `${path}: unreadable`;
  }
}

function readSettings(path: string): Json {
  if (!existsSync(path)) return {};
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!isRecord(parsed)) throw new Error(`${path} is not a JSON object; Tower leaves it alone`);
  return parsed;
}

// Drops every hook handler whose command is Tower's, then matcher groups and events left empty.
function withoutTower(hooks: Json): Json {
  const out: Json = {};
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) {
      out[event] = groups;
      continue;
    }
    const kept = groups.flatMap((group: unknown) => {
      if (!isRecord(group) || !Array.isArray(group.hooks)) return [group];
      const handlers = group.hooks.filter((h: unknown) => !(isRecord(h) && isTowerHookCommand(h.command)));
      return handlers.length === 0 ? [] : [{ ...group, hooks: handlers }];
    });
    if (kept.length > 0) out[event] = kept;
  }
  return out;
}

function write(path: string, settings: Json, now: number): UserHooksChange {
  const text = `${JSON.stringify(settings, null, 2)}\n`;
  const before = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (before !== null && JSON.stringify(JSON.parse(before)) === JSON.stringify(settings))
    return { path, backup: null, changed: false };
  let backup: string | null = null;
  if (before !== null) {
    backup = `${path}.tower-backup-${now}`;
    copyFileSync(path, backup);
  }
  const mode = before === null ? 0o600 : statSync(path).mode & 0o777;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writePrivate(path, text, mode);
  return { path, backup, changed: true };
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
