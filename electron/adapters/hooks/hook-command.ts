/**
 * The hook command line and the files it reads: one 0600 config (endpoint URL + secret) in a 0700
 * directory, and the settings objects that point Claude Code hooks / Codex `notify` at the command.
 *
 * The secret is only ever in that file: argv (visible to `ps`) carries its path, never its value.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The hook command script shipped with Tower. */
export const HOOK_SCRIPT = resolve(import.meta.dirname, '../../../native-scripts/hooks/tower-hook.mjs');

/** Claude Code events Tower listens to (all exist in 2.1.330: `hookEventName` literals in the binary). */
export const CLAUDE_HOOK_EVENTS = [
  'PermissionRequest',
  'PreToolUse',
  'PostToolUse',
  'Notification',
  'Stop',
  'SessionStart',
  'SessionEnd',
  'UserPromptSubmit',
] as const;

/** Claude Code's own bound on each hook run (seconds); the command gives up sooner (4 s). */
export const HOOK_TIMEOUT_SECONDS = 10;

/** The hook config: where its file is, the secret in it, and the node binary and script to run. */
export interface HookConfig {
  /** Directory for the config and per-launch settings (0700). */
  readonly dir: string;
  readonly configPath: string;
  readonly secret: string;
  readonly node: string;
  /** tower-hook.mjs: the repo's in development, the app's Resources copy when packaged. */
  readonly script: string;
}

/** A random hook secret (32 bytes, base64url). */
export function generateHookSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Creates the 0700 directory and picks a fresh secret; the file is written once the URL is known. */
export function planHookConfig(
  dir: string,
  node: string = process.execPath,
  script: string = HOOK_SCRIPT,
): HookConfig {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return { dir, configPath: join(dir, 'hook-config.json'), secret: generateHookSecret(), node, script };
}

/** Writes the config (0600, atomically) pointing at Tower's server `url` (`http://127.0.0.1:<port>`). */
export function writeHookConfig(config: HookConfig, url: string): void {
  writePrivate(config.configPath, JSON.stringify({ url, secret: config.secret }));
}

/** Writes a file (readable by the owner only, unless `mode` says otherwise), replacing any old one atomically. */
export function writePrivate(path: string, text: string, mode = 0o600): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode });
  chmodSync(temp, mode);
  renameSync(temp, path);
}

/** POSIX single-quoting: the command string is run by Claude Code through a shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/gu, `'\\''`)}'`;
}

/** The argv of the hook command for `source`, tagged with a launch tag when Tower launched the agent. */
export function hookArgv(config: HookConfig, source: 'claude' | 'codex', launch: string | null): string[] {
  return [config.node, config.script, source, config.configPath, ...(launch === null ? [] : [launch])];
}

/** The `hooks` settings object for Claude Code. */
export function claudeHooksSettings(config: HookConfig, launch: string | null): Record<string, unknown> {
  const command = hookArgv(config, 'claude', launch).map(shellQuote).join(' ');
  const entry = [{ matcher: '', hooks: [{ type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS }] }];
  return Object.fromEntries(CLAUDE_HOOK_EVENTS.map((event) => [event, entry]));
}

/** Codex's `notify` value: argv; Codex appends the event JSON as one more argument. */
export function codexNotifyArgv(config: HookConfig, launch: string | null): string[] {
  return hookArgv(config, 'codex', launch);
}

/** Whether a hook command string is Tower's (for idempotent install and clean uninstall). */
export function isTowerHookCommand(command: unknown): boolean {
  return typeof command === 'string' && command.includes('tower-hook.mjs');
}
