/**
 * The bench's results: the JSON shape written to bench/results.json and the printed table.
 */
import type { AutoApproveRun } from './auto-approve';
import type { DetectorRun } from './detector';
import type { LatencyRun } from './latency';
import type { MachineInfo } from './machine';
import type { RealAgentRun } from './real-claude';
import type { ResourceRun } from './resources';
import type { TelegramRun } from './telegram';
import { summarise, type Summary } from './stats';

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: MachineInfo & { readonly loadAvgBefore: number; readonly loadAvgAfter: number };
  readonly stateEvent: readonly (LatencyRun & { readonly summary: Summary })[];
  readonly realClaude: readonly (RealAgentRun & { readonly summary: Summary })[];
  readonly autoApprove: AutoApproveRun & { readonly summary: Summary };
  readonly telegram: TelegramRun & { readonly summary: Summary };
  readonly resources: readonly ResourceRun[];
  readonly detector: Omit<DetectorRun, 'accuracy'> & {
    readonly correct: number;
    readonly total: number;
    readonly rows: DetectorRun['accuracy']['rows'];
    readonly misses: DetectorRun['accuracy']['misses'];
  };
}

const ms = (v: number | null) => (v === null ? '—' : `${v}`);

function goalMark(value: number | null, goal: number): string {
  if (value === null) return '';
  return value <= goal ? `goal ≤ ${goal} ✓` : `goal ≤ ${goal} ✗`;
}

/** Renders the results as the plain-text table the bench prints. */
export function formatResults(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [
    `Machine: ${m.cpuModel} × ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ${m.tmux}`,
    `Load average (1 min) before/after: ${m.loadAvgBefore} / ${m.loadAvgAfter}; run took ${r.durationS} s`,
    '',
    'prompt on screen → state event (ms)      n    p50    p95    max  missed  goal (p95)',
  ];
  const row = (label: string, s: Summary, missed: number, goal: number) =>
    `${label.padEnd(38)}${String(s.n).padStart(4)}${ms(s.p50).padStart(7)}${ms(s.p95).padStart(7)}` +
    `${ms(s.max).padStart(7)}${String(missed).padStart(8)}  ${goalMark(s.p95, goal)}`;
  for (const run of r.stateEvent) {
    const label = `  scripted, ${run.provider}, ${run.sessions} session${run.sessions === 1 ? '' : 's'}`;
    out.push(row(label, run.summary, run.missed, run.sessions === 1 ? 150 : 400));
  }
  for (const run of r.realClaude) {
    out.push(row(`  real Claude Code, ${run.provider}, 1 session`, run.summary, run.missed, 150));
  }
  out.push(
    row('auto-approve, real Claude, tmux: shown→gone', r.autoApprove.summary, r.autoApprove.missed, 500),
    row('Telegram button → key delivered', r.telegram.summary, r.telegram.missed, 1000),
    '',
  );
  out.push('supervisor, 50 sessions        CPU % (own / +helpers)   RSS MiB   full scan ms');
  for (const res of r.resources) {
    for (const [label, w] of [
      ['idle', res.idle],
      ['busy', res.busy],
    ] as const) {
      const cpu = `${w.cpuPercent} / ${w.cpuWithHelpersPercent}`;
      const goals =
        label === 'idle'
          ? `  goals ≤ 3 % ${w.cpuPercent <= 3 ? '✓' : '✗'}, ≤ 150 MiB ${w.rssMiB <= 150 ? '✓' : '✗'}`
          : '';
      out.push(
        `  ${res.provider.padEnd(5)} ${label.padEnd(24)}${cpu.padStart(14)}${String(w.rssMiB).padStart(12)}` +
          `${String(res.fullScanMs).padStart(13)}${goals}`,
      );
    }
  }
  const d = r.detector;
  out.push(
    '',
    `detector: ${d.screensPerSecond} screens/s (${d.meanUs} µs/screen) over ${d.fixtures} fixtures; accuracy ${d.correct}/${d.total}`,
    '  agent     state        correct/total',
    ...d.rows.map(
      (x) => `  ${x.agent.padEnd(10)}${x.state.padEnd(13)}${String(x.correct).padStart(3)}/${x.total}`,
    ),
    ...d.misses.map((x) => `  miss: ${x.name} expected ${x.expected}, got ${x.got}`),
  );
  return out.join('\n');
}

/** Attaches summaries to latency runs. */
export function withSummary<T extends { readonly samplesMs: readonly number[] }>(
  run: T,
): T & { readonly summary: Summary } {
  return { ...run, summary: summarise(run.samplesMs) };
}
