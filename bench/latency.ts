/**
 * Prompt on screen → `permission` state event, with scripted agents that print a captured Claude
 * working screen, then after a random pause the captured permission screen, stamping the wall time.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenOf } from './corpus';
import { startFleet, type Fleet, type Provider } from './fleet';
import { scriptedAgent, type AgentScreens } from './scripted-agent';

/** Latency samples of one provider × session count. */
export interface LatencyRun {
  readonly provider: Provider;
  readonly sessions: number;
  readonly samplesMs: readonly number[];
  /** Prompts written that Tower never reported as `permission` while they showed. */
  readonly missed: number;
}

const SCREENS: AgentScreens = {
  working: screenOf('captured/claude-working-spinner.txt'),
  prompt: screenOf('captured/claude-permission-bash.txt'),
  idle: screenOf('captured/claude-idle-after-turn.txt'),
};

/** Enough cycles for ~20 samples, at least 4 per agent. */
function cyclesFor(sessions: number): number {
  return Math.max(4, Math.ceil(20 / sessions));
}

/** Runs `sessions` scripted agents in `provider` terminals under one Tower and collects the samples. */
export async function measureLatency(provider: Provider, sessions: number): Promise<LatencyRun> {
  const fleet = await startFleet(`lat-${provider}-${sessions}`);
  try {
    const goFile = join(fleet.dir, 'go');
    const cycles = cyclesFor(sessions);
    await fleet.open(provider, sessions, (i) =>
      scriptedAgent(fleet.dir, `agent-${i}`, SCREENS, {
        mode: 'cycle',
        goFile,
        stampFile: join(fleet.dir, `agent-${i}.stamps`),
        cycles,
        minDelayMs: 200,
        maxDelayMs: 800,
        holdMs: 700,
      }),
    );
    // Start only once Tower shows every agent working, so no sample measures adoption instead.
    await fleet.until('every agent working', (s) =>
      fleet.sessions.every((id) => s.sessions.find((v) => v.id === id)?.state === 'working'),
    );
    writeFileSync(goFile, '');
    const stampFiles = fleet.sessions.map((_, i) => join(fleet.dir, `agent-${i}.stamps`));
    await fleet.until(
      'every agent finished its cycles',
      () => stampFiles.every((f) => existsSync(f) && stampsOf(f).length >= cycles),
      cycles * 3_000 + 30_000,
    );
    // Let the last prompt's hold run out so its event can land.
    await new Promise((r) => setTimeout(r, 1_200));
    return { provider, sessions, ...collect(fleet, stampFiles) };
  } finally {
    await fleet.close();
  }
}

function stampsOf(file: string): number[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map(Number);
}

/** Matches each prompt stamp with the first transition into `permission` after it (and before the next prompt). */
function collect(fleet: Fleet, stampFiles: readonly string[]): { samplesMs: number[]; missed: number } {
  const samplesMs: number[] = [];
  let missed = 0;
  fleet.sessions.forEach((id, i) => {
    const stamps = stampsOf(stampFiles[i] ?? '');
    const into = fleet.transitions(id).filter((t) => t.state === 'permission');
    stamps.forEach((at, k) => {
      const next = stamps[k + 1] ?? Infinity;
      const hit = into.find((t) => t.at >= at && t.at < next);
      if (hit) samplesMs.push(hit.at - at);
      else missed += 1;
    });
  });
  return { samplesMs, missed };
}
