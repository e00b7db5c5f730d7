/**
 * Accuracy of a detector over labelled fixtures, per agent and expected state. Pure: the benchmark
 * and the fixture test both feed it parsed fixtures.
 */
import type { SessionState } from '../../contract/dto';
import type { Fixture } from './fixture-format';
import type { AgentHint, Detection } from './types';

/** Correct/total for one agent and expected state. */
export interface AccuracyRow {
  readonly agent: string;
  readonly state: SessionState;
  readonly correct: number;
  readonly total: number;
}

/** One fixture the detector got wrong. */
export interface Miss {
  readonly name: string;
  readonly expected: SessionState;
  readonly got: SessionState;
}

/** Per-agent per-state results, sorted by agent then state, plus the misses. */
export interface AccuracyReport {
  readonly rows: readonly AccuracyRow[];
  readonly misses: readonly Miss[];
  readonly correct: number;
  readonly total: number;
}

/** Runs `detector` over every fixture that has an expected state and tallies the results. */
export function accuracy(
  fixtures: readonly Fixture[],
  detector: (lines: readonly string[], hint: AgentHint) => Detection,
): AccuracyReport {
  const tally = new Map<string, { agent: string; state: SessionState; correct: number; total: number }>();
  const misses: Miss[] = [];
  for (const fixture of fixtures) {
    if (fixture.expected === null) continue;
    const got = detector(fixture.lines, fixture.hint).state;
    const agent = fixture.hint.kind ?? 'none';
    const key = `${agent}\u0000${fixture.expected}`;
    const row = tally.get(key) ?? { agent, state: fixture.expected, correct: 0, total: 0 };
    row.total += 1;
    if (got === fixture.expected) row.correct += 1;
    else misses.push({ name: fixture.name, expected: fixture.expected, got });
    tally.set(key, row);
  }
  const rows = [...tally.values()].sort(
    (a, b) => a.agent.localeCompare(b.agent) || a.state.localeCompare(b.state),
  );
  const correct = rows.reduce((n, r) => n + r.correct, 0);
  const total = rows.reduce((n, r) => n + r.total, 0);
  return { rows, misses, correct, total };
}

/** The report as a fixed-width text table. */
export function formatAccuracy(report: AccuracyReport): string {
  const lines = ['agent     state       correct/total'];
  for (const r of report.rows) {
    lines.push(`${r.agent.padEnd(10)}${r.state.padEnd(12)}${String(r.correct).padStart(3)}/${r.total}`);
  }
  lines.push(`${'all'.padEnd(22)}${String(report.correct).padStart(3)}/${report.total}`);
  for (const m of report.misses) lines.push(`miss: ${m.name} expected ${m.expected}, got ${m.got}`);
  return lines.join('\n');
}
