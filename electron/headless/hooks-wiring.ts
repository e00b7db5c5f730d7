/**
 * Hooks in the headless root: a 0700 `$TOWER_HOME/hooks/` with the 0600 hook config (URL + secret),
 * per-launch Claude Code settings for the agents Tower opens, the `/hooks/*` route on the local server,
 * and the hooks bridge status. TOWER_HOOKS=off leaves agents as they are.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HookLauncher } from '../adapters/hooks/hook-launcher';
import {
  HOOK_SCRIPT,
  planHookConfig,
  writeHookConfig,
  type HookConfig,
} from '../adapters/hooks/hook-command';
import { matchTerminal } from '../adapters/hooks/terminal-match';
import { userHooksStatus } from '../adapters/hooks/user-settings';
import type { HookWiring } from '../core/hooks/launcher';
import type { AuditSink } from '../core/ports';
import type { Supervisor } from '../core/supervisor';
import type { HookEndpoint } from '../transport/hook-route';

/** Hooks before the server starts: the launcher and matcher for the Supervisor. */
export interface HooksPlan {
  readonly config: HookConfig | null;
  readonly wiring: HookWiring;
}

/** Plans hooks under `home` unless `TOWER_HOOKS=off`. */
export function planHooks(home: string, env: NodeJS.ProcessEnv): HooksPlan {
  if (env.TOWER_HOOKS === 'off') return { config: null, wiring: {} };
  const config = planHookConfig(join(home, 'hooks'));
  return { config, wiring: { launcher: new HookLauncher(config), matchTerminal } };
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
    supervisor.reportBridge({
      id: 'hooks',
      state: 'off',
      detail: null,
      reason: 'TOWER_HOOKS=off',
      lastActivityAt: null,
    });
    return;
  }
  if (!existsSync(HOOK_SCRIPT)) {
    const reason = `the hook command ${HOOK_SCRIPT} is missing; agents run without Tower's hooks`;
    supervisor.reportBridge({ id: 'hooks', state: 'down', detail: null, reason, lastActivityAt: null });
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
