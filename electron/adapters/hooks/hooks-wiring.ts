/**
 * Hooks for both composition roots: a 0700 `$TOWER_HOME/hooks/` with the 0600 hook config (URL +
 * secret), per-launch Claude Code settings for the agents Tower opens, the `/hooks/*` route on the local
 * server, and the hooks bridge status. TOWER_HOOKS=off leaves agents as they are; so does a missing
 * Node (the Electron app's own binary cannot run the hook script), with the reason on the bridge.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HookReply } from '../../core/hooks/hook-desk';
import type { HookSource } from '../../core/hooks/hook-event';
import type { HookWiring } from '../../core/hooks/launcher';
import type { AuditSink } from '../../core/ports';
import type { Supervisor } from '../../core/supervisor';
import { HOOK_SCRIPT, planHookConfig, writeHookConfig, type HookConfig } from './hook-command';
import { HookLauncher } from './hook-launcher';
import { matchTerminal } from './terminal-match';
import { userHooksStatus } from './user-settings';

/** The server's hook route, as transport/hook-route.ts takes it (adapters do not import transport). */
export interface HookEndpoint {
  readonly secret: string;
  handle(source: HookSource, body: unknown): Promise<HookReply>;
  rejected(why: { readonly status: number; readonly reason: string; readonly path: string }): void;
}

/** Hooks before the server starts: the launcher and matcher for the Supervisor. */
export interface HooksPlan {
  readonly config: HookConfig | null;
  readonly wiring: HookWiring;
  /** Why hooks are not used (config null): shown on the hooks bridge. */
  readonly without: { readonly state: 'off' | 'down'; readonly reason: string } | null;
}

/** Which Node runs the hook script and where the script is (defaults: this Node, the repo's script). */
export interface HookRuntime {
  /** null: no usable Node was found (the Electron app searched and gave up). */
  readonly node?: string | null;
  readonly script?: string;
}

/** Plans hooks under `home` unless `TOWER_HOOKS=off` or there is no Node to run the hook command. */
export function planHooks(home: string, env: NodeJS.ProcessEnv, runtime: HookRuntime = {}): HooksPlan {
  if (env.TOWER_HOOKS === 'off')
    return { config: null, wiring: {}, without: { state: 'off', reason: 'TOWER_HOOKS=off' } };
  const script = runtime.script ?? HOOK_SCRIPT;
  if (runtime.node === null) {
    const reason =
      'no Node.js found to run the hook command (searched PATH, Homebrew, /usr/local, Volta, asdf, fnm, nvm); ' +
      "set TOWER_HOOK_NODE to its path. Agents run without Tower's hooks; prompts are answered on screen.";
    return { config: null, wiring: {}, without: { state: 'down', reason } };
  }
  if (!existsSync(script)) {
    const reason = `the hook command ${script} is missing; agents run without Tower's hooks`;
    return { config: null, wiring: {}, without: { state: 'down', reason } };
  }
  const config = planHookConfig(join(home, 'hooks'), runtime.node ?? process.execPath, script);
  return { config, wiring: { launcher: new HookLauncher(config), matchTerminal }, without: null };
}

/** The server's hook endpoint: the desk answers; refusals are audited (never the secret presented). */
export function hookEndpoint(
  plan: HooksPlan,
  supervisor: Supervisor,
  audit: AuditSink,
): HookEndpoint | undefined {
  const config = plan.config;
  if (config === null) return undefined;
  return {
    secret: config.secret,
    handle: (source, body) => supervisor.hooks.handle(source, body),
    rejected: rejectionAuditor(audit, () => Date.now()),
  };
}

/** Refusals audited per minute before they are only counted (a flood must not fill the disk). */
export const REJECTIONS_AUDITED_PER_MINUTE = 30;

// Audits refused posts (never the secret presented); past the budget, counts them and reports the count
// with the next audited one.
function rejectionAuditor(audit: AuditSink, now: () => number): HookEndpoint['rejected'] {
  let windowStart = 0;
  let inWindow = 0;
  let unaudited = 0;
  return (why) => {
    const at = now();
    if (at - windowStart >= 60_000) {
      windowStart = at;
      inWindow = 0;
    }
    inWindow += 1;
    if (inWindow > REJECTIONS_AUDITED_PER_MINUTE) {
      unaudited += 1;
      return;
    }
    const detail = { ...why, unauditedBefore: unaudited };
    unaudited = 0;
    void audit.append({ at, kind: 'hook-rejected', channel: 'hook', detail }).catch(() => undefined);
  };
}

/** Writes the config once the server's URL is known, and reports the hooks bridge. */
export function announceHooks(
  plan: HooksPlan,
  supervisor: Supervisor,
  url: string,
  env: NodeJS.ProcessEnv,
): void {
  const config = plan.config;
  if (config === null) {
    const { state, reason } = plan.without ?? { state: 'off' as const, reason: 'hooks not planned' };
    supervisor.reportBridge({ id: 'hooks', state, detail: null, reason, lastActivityAt: null });
    return;
  }
  try {
    writeHookConfig(config, url);
  } catch (error) {
    const reason = `could not write ${config.configPath}: ${error instanceof Error ? error.message : String(error)}`;
    supervisor.reportBridge({ id: 'hooks', state: 'down', detail: null, reason, lastActivityAt: null });
    return;
  }
  const up = {
    id: 'hooks' as const,
    state: 'up' as const,
    detail: `per launch: claude --settings ${config.dir}/launch-*.json, codex -c notify; ${userHooksStatus(env)}`,
    reason: null,
  };
  supervisor.reportBridge({ ...up, lastActivityAt: null });
  // The last hook event shows as the bridge's activity (reportBridge publishes only on a change).
  supervisor.on('snapshot', () => {
    const lastActivityAt = supervisor.hooks.lastActivityAt();
    if (lastActivityAt !== null) supervisor.reportBridge({ ...up, lastActivityAt });
  });
}
