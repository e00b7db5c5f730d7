/**
 * `npm run bench`: Tower's published figures — state-event latency (scripted agents at 1/10/50
 * sessions in tmux and node-pty, the real Claude Code at 1), policy auto-approve, Telegram button → key delivered,
 * supervisor CPU/RSS at 50 idle and busy sessions, detector throughput and accuracy. Prints a table; writes bench/results.json.
 *
 * `BENCH_QUICK=1` runs only 1 and 10 sessions and short windows (a smoke run).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { measureAutoApprove } from './auto-approve';
import { measureDetector } from './detector';
import type { Provider } from './fleet';
import { measureLatency } from './latency';
import { machineInfo } from './machine';
import { measureRealClaude } from './real-claude';
import { measureTelegram } from './telegram';
import { formatResults, withSummary, type BenchResults } from './report';
import type { ResourceRun } from './resources';

const run = promisify(execFile);
const quick = process.env['BENCH_QUICK'] === '1';
const PROVIDERS: readonly Provider[] = ['tmux', 'pty'];
const COUNTS = quick ? [1, 10] : [1, 10, 50];
const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

/** A resource run in a fresh process under the same loader (tsx), so its RSS is Tower's alone. */
async function inChild(provider: Provider, sessions: number, windowMs: number): Promise<ResourceRun> {
  const child = join(import.meta.dirname, 'resources-child.ts');
  const args = [...process.execArgv, child, provider, String(sessions), String(windowMs)];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ResourceRun;
}

function step(what: string): void {
  process.stderr.write(`bench: ${what}…\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAvgBefore = load();
  step('detector throughput and accuracy');
  const detector = measureDetector();
  const stateEvent = [];
  for (const provider of PROVIDERS) {
    for (const count of COUNTS) {
      step(`state events, ${count} scripted agent(s) in ${provider}`);
      stateEvent.push(withSummary(await measureLatency(provider, count)));
    }
  }
  const realClaude = [];
  for (const provider of PROVIDERS) {
    step(`state events, the real Claude Code in ${provider}`);
    realClaude.push(withSummary(await measureRealClaude(provider, quick ? 3 : 10)));
  }
  step('policy auto-approve, the real Claude Code in tmux');
  const autoApprove = withSummary(await measureAutoApprove(quick ? 3 : 10));
  step('Telegram button → key delivered, the real Claude Code in tmux, Bot API emulator');
  const telegram = withSummary(await measureTelegram(quick ? 3 : 10));
  const resources = [];
  for (const provider of PROVIDERS) {
    step(`CPU and RSS, ${quick ? 10 : 50} idle then busy agents in ${provider}`);
    resources.push(await inChild(provider, quick ? 10 : 50, quick ? 3_000 : 10_000));
  }
  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: { ...machineInfo(), loadAvgBefore, loadAvgAfter: load() },
    stateEvent,
    realClaude,
    autoApprove,
    telegram,
    resources,
    detector: {
      fixtures: detector.fixtures,
      screensPerSecond: detector.screensPerSecond,
      meanUs: detector.meanUs,
      correct: detector.accuracy.correct,
      total: detector.accuracy.total,
      rows: detector.accuracy.rows,
      misses: detector.accuracy.misses,
    },
  };
  const path = join(import.meta.dirname, 'results.json');
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatResults(results)}\n\nwrote ${path}\n`);
}

await main();
