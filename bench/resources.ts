/**
 * Supervisor CPU (% of one core) and RSS with many idle, then busy, scripted agents, plus how long
 * one full scan (list every terminal + read every screen) takes at that size.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenOf } from './corpus';
import { startFleet, type Provider } from './fleet';
import { scriptedAgent, type AgentScreens } from './scripted-agent';

/** One CPU/RSS window. */
export interface ResourceWindow {
  /** Tower's own process, % of one core. */
  readonly cpuPercent: number;
  /** Including the short-lived helpers Tower ran and reaped in the window (tmux, ps), % of one core. */
  readonly cpuWithHelpersPercent: number;
  readonly rssMiB: number;
}

/** Idle and busy windows for one provider. */
export interface ResourceRun {
  readonly provider: Provider;
  readonly sessions: number;
  readonly windowMs: number;
  readonly idle: ResourceWindow;
  readonly busy: ResourceWindow;
  /** Wall time of one full scan with every session live (median of 3). */
  readonly fullScanMs: number;
}

const SCREENS: AgentScreens = {
  working: screenOf('captured/claude-working-spinner.txt'),
  prompt: screenOf('captured/claude-permission-bash.txt'),
  idle: screenOf('captured/claude-idle-fresh.txt'),
};

const CLOCK_TICKS = 100; // USER_HZ on Linux; /proc/self/stat counts children's time in these ticks

/** CPU seconds of reaped children (fields 16 and 17 of /proc/self/stat), or 0 off Linux. */
function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

async function window(ms: number): Promise<ResourceWindow> {
  const start = process.cpuUsage();
  const startChildren = childrenCpuSeconds();
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, ms));
  const wallUs = Number(process.hrtime.bigint() - t0) / 1_000;
  const used = process.cpuUsage(start);
  const ownUs = used.user + used.system;
  const childUs = (childrenCpuSeconds() - startChildren) * 1e6;
  const pct = (us: number) => Math.round((us / wallUs) * 1000) / 10;
  return {
    cpuPercent: pct(ownUs),
    cpuWithHelpersPercent: pct(ownUs + childUs),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

/** Opens `sessions` idle agents, measures, turns them busy (spinner every 100 ms), measures again. */
export async function measureResources(
  provider: Provider,
  sessions: number,
  windowMs: number,
): Promise<ResourceRun> {
  // No view history: the figures are Tower's memory, not the harness's log of every snapshot.
  const fleet = await startFleet(`res-${provider}`, false);
  try {
    const busyFile = join(fleet.dir, 'busy');
    await fleet.open(provider, sessions, (i) =>
      scriptedAgent(fleet.dir, `agent-${i}`, SCREENS, { mode: 'idle-busy', busyFile, tickMs: 100 }),
    );
    const stateIs = (state: string) => () =>
      fleet.sessions.every((id) => fleet.latest()?.sessions.find((v) => v.id === id)?.state === state);
    await fleet.until('every agent idle', stateIs('idle'));
    const scans: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await fleet.tower.supervisor.scanNow(true);
      scans.push(performance.now() - t0);
    }
    await new Promise((r) => setTimeout(r, 2_000)); // let start-up work drain
    const idle = await window(windowMs);
    writeFileSync(busyFile, '');
    await fleet.until('every agent working', stateIs('working'));
    const busy = await window(windowMs);
    const fullScanMs = Math.round(scans.sort((a, b) => a - b)[1] ?? 0);
    return { provider, sessions, windowMs, idle, busy, fullScanMs };
  } finally {
    await fleet.close();
  }
}
