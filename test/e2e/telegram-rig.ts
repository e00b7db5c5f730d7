/**
 * Helpers of the Telegram end-to-end tests: waiting for a condition, a real Claude Code session
 * scripted through the model stand-in, the keys Tower typed for a Telegram user, and percentiles.
 */
import { readFileSync } from 'node:fs';
import type { SessionView } from '../../electron/contract/dto';
import type { EscalationConfig } from '../../electron/core/approvals/escalation';
import { prepareClaude } from '../agents/claude-agent';
import { startModelStandIn, type ScriptStep } from '../agents/model-stand-in';
import type { TowerUnderTest } from './tower-harness';
import { removeLaunchRoot } from '../agents/remove-launch-root';

/** The ladder reaches Telegram this long after a prompt is raised. */
export const TELEGRAM_AFTER_MS = 400;

/** Tray at once, no dialog, Telegram after 400 ms, no phone. */
export const FAST_LADDER: EscalationConfig = {
  dialogAfterMs: null,
  telegramAfterMs: TELEGRAM_AFTER_MS,
  phoneAfterMs: null,
  quietHours: null,
  quietChannels: ['phone'],
  expireAfterMs: 600_000,
};

/** Resolves with the probe's first truthy value; fails after `timeoutMs` saying what it waited for. */
export async function eventually<T>(
  probe: () => T | undefined | null | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Tower's own audit records of keys typed on behalf of Telegram user `user`. */
export function typedVia(auditPath: string, user: number): { at: number }[] {
  return readFileSync(auditPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { kind?: string; channel?: string; at?: number })
    .filter((r) => r.kind === 'typed' && r.channel === `telegram:${user}`)
    .map((r) => ({ at: r.at ?? 0 }));
}

/** A real Claude Code in tmux whose model replies follow `steps`. */
export interface ScriptedClaude {
  readonly session: SessionView;
  readonly cwd: string;
  close(): Promise<void>;
}

/** Opens Claude Code through Tower with a scripted model. */
export async function openScriptedClaude(
  tower: TowerUnderTest,
  title: string,
  prompt: string,
  steps: (cwd: string) => readonly ScriptStep[],
  provider: 'tmux' | 'pty' = 'tmux',
): Promise<ScriptedClaude> {
  const standIn = await startModelStandIn();
  const launch = prepareClaude({ baseUrl: standIn.url, prompt });
  standIn.setScript(steps(launch.cwd));
  const env = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
  const close = async (id: string | null) => {
    if (id) await tower.api.closeAgent({ session: id }).catch(() => undefined);
    await standIn.close();
    await new Promise((r) => setTimeout(r, 300));
    try {
      removeLaunchRoot(launch.root);
    } catch {
      // an agent still flushing its state; the temp root is left to the OS
    }
  };
  try {
    const session = await tower.api.openAgent({
      command: ['env', '-i', ...env, ...launch.command],
      cwd: launch.cwd,
      provider,
      title,
    });
    return { session, cwd: launch.cwd, close: () => close(session.id) };
  } catch (error) {
    await close(null);
    throw error;
  }
}

/** "n=8 p50=25 p95=32 max=32" (nearest-rank percentiles). */
export function percentiles(samples: readonly number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return `n=${sorted.length} p50=${at(0.5)} p95=${at(0.95)} max=${sorted.at(-1)}`;
}
