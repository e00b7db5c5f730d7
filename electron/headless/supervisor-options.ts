/**
 * Supervisor tunables the owner may set from the environment (headless root).
 */
import type { SupervisorOptions } from '../core/supervisor';

/** `TOWER_STALL_AFTER_S`: seconds without progress before a working agent is stalled (default 120). */
export function supervisorOptions(env: NodeJS.ProcessEnv): Partial<SupervisorOptions> {
  const raw = env.TOWER_STALL_AFTER_S;
  if (raw === undefined || raw === '') return {};
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 5 || seconds > 86_400)
    throw new Error(`TOWER_STALL_AFTER_S "${raw}" must be whole seconds from 5 to 86400`);
  return { stallAfterMs: seconds * 1000 };
}
