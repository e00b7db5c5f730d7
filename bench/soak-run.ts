/**
 * The soak: 20 scripted agents (10 tmux, 10 node-pty) cycling working → permission → working under
 * one Tower for a while; RSS and file-descriptor growth, and prompts Tower missed or reported twice.
 * Run by `npm run soak` (bench/soak.ts) and, briefly, by the CI test in test/soak.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenOf } from './corpus';
import { startFleet } from './fleet';
import { scriptedAgent, type AgentScreens } from './scripted-agent';

const SCREENS: AgentScreens = {
  working: screenOf('captured/claude-working-spinner.txt'),
  prompt: screenOf('captured/claude-permission-bash.txt'),
  idle: screenOf('captured/claude-idle-after-turn.txt'),
};

/** What one soak found. */
export interface SoakResult {
  readonly seconds: number;
  readonly sessions: number;
  readonly prompts: number;
  readonly missed: number;
  readonly duplicated: number;
  readonly rssMiB: { readonly start: number; readonly end: number };
  /** Before the agents start, after warm-up (the first sample), and at the end. */
  readonly fds: { readonly before: number; readonly start: number; readonly end: number };
  /** For each missed prompt: session, its index, and the states Tower published around it. */
  readonly missedDetail: readonly string[];
  /** One line per sample: elapsed seconds, RSS, fds. */
  readonly samples: readonly string[];
}

/** Options of {@link runSoak}. */
export interface SoakOptions {
  readonly seconds: number;
  /** How long each prompt stays on screen (default 700 ms). */
  readonly holdMs?: number;
  /** How long each working phase lasts, min and max ms (default 200–800). */
  readonly workMs?: readonly [number, number];
  /** Called with each sample line as it is taken. */
  readonly onSample?: (line: string) => void;
}

const fds = () => readdirSync('/proc/self/fd').length;
/**
 * The fewest descriptors seen over three seconds: one reading catches the pipes of whatever helpers
 * (tmux, ps, hook scripts) happen to be in flight — CI once read 62 against 52 with nothing leaked, and a
 * loaded machine keeps helpers running back to back — while a leak stays open in every reading.
 */
async function settledFds(): Promise<number> {
  let least = fds();
  for (let i = 0; i < 30; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    least = Math.min(least, fds());
  }
  return least;
}
const rssMiB = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const stamps = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map(Number)
    : [];

/** Runs the soak for `seconds`. The harness keeps each session's state changes (a few MB an hour). */
export async function runSoak({
  seconds,
  holdMs = 700,
  workMs = [200, 800],
  onSample,
}: SoakOptions): Promise<SoakResult> {
  const fleet = await startFleet('soak', false);
  try {
    const goFile = join(fleet.dir, 'go');
    const cycles = Math.ceil((seconds * 1000) / ((workMs[0] + workMs[1]) / 2 + holdMs));
    const agent = (i: number) =>
      scriptedAgent(fleet.dir, `agent-${i}`, SCREENS, {
        mode: 'cycle',
        goFile,
        stampFile: join(fleet.dir, `agent-${i}.stamps`),
        cycles,
        minDelayMs: workMs[0],
        maxDelayMs: workMs[1],
        holdMs,
      });
    await fleet.open('tmux', 10, agent);
    await fleet.open('pty', 10, (i) => agent(i + 10));
    const start = { rss: rssMiB(), fds: await settledFds(), at: Date.now() };
    writeFileSync(goFile, '');
    const samples: string[] = [];
    // Growth is counted from the first sample (a quarter of the run, at most a minute in), not from before
    // the agents start: Tower opens some descriptors only once sessions are busy (CI once read 46 before
    // and 63 at every later sample). A leak keeps growing after warm-up; warm-up does not.
    let warm: number | null = null;
    while (Date.now() - start.at < seconds * 1000) {
      await new Promise((r) => setTimeout(r, Math.min(60_000, seconds * 250)));
      warm ??= await settledFds();
      samples.push(`${Math.round((Date.now() - start.at) / 1000)}s: RSS ${rssMiB()} MiB, ${fds()} fds`);
      onSample?.(samples.at(-1) ?? '');
    }
    // Let every agent finish its cycles (the last prompt may still be showing), then its hold run out.
    const stampFiles = fleet.sessions.map((_, i) => join(fleet.dir, `agent-${i}.stamps`));
    await fleet.until(
      'every agent finished its cycles',
      () => stampFiles.every((f) => stamps(f).length >= cycles),
      cycles * (workMs[1] + holdMs) + 60_000,
    );
    await new Promise((r) => setTimeout(r, holdMs + 1_000));
    let prompts = 0;
    let missed = 0;
    let duplicated = 0;
    const missedDetail: string[] = [];
    fleet.sessions.forEach((id, i) => {
      const times = stamps(join(fleet.dir, `agent-${i}.stamps`));
      const into = fleet.transitions(id).filter((t) => t.state === 'permission');
      times.forEach((at, k) => {
        const next = times[k + 1] ?? Infinity;
        const hits = into.filter((t) => t.at >= at && t.at < next).length;
        prompts += 1;
        if (hits === 0) {
          missed += 1;
          const around = fleet
            .transitions(id)
            .filter((t) => Math.abs(t.at - at) < 3_000)
            .map((t) => `${t.state}@${t.at - at}`);
          missedDetail.push(`${id.split('|').at(-1) ?? id} prompt ${k + 1}: ${around.join(' ')}`);
        }
        if (hits > 1) duplicated += 1;
      });
    });
    return {
      seconds,
      sessions: fleet.sessions.length,
      prompts,
      missed,
      duplicated,
      missedDetail,
      rssMiB: { start: start.rss, end: rssMiB() },
      fds: { before: start.fds, start: warm ?? start.fds, end: await settledFds() },
      samples,
    };
  } finally {
    await fleet.close();
  }
}
