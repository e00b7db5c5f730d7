/**
 * Detector throughput (screens per second) and accuracy (per agent and state) on the fixture corpus.
 */
import { accuracy, detect, type AccuracyReport } from '../electron/core/detection';
import { loadCorpus } from './corpus';

/** Throughput and accuracy figures. */
export interface DetectorRun {
  readonly fixtures: number;
  readonly screensPerSecond: number;
  /** Mean time per screen, microseconds. */
  readonly meanUs: number;
  readonly accuracy: AccuracyReport;
}

/** Detects every fixture repeatedly for about `ms` (after a warm-up pass) and tallies accuracy once. */
export function measureDetector(ms = 2_000): DetectorRun {
  const fixtures = loadCorpus();
  for (const f of fixtures) detect(f.lines, f.hint); // warm up the JIT and the rule caches
  let screens = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const f of fixtures) detect(f.lines, f.hint);
    screens += fixtures.length;
    elapsed = performance.now() - t0;
  }
  return {
    fixtures: fixtures.length,
    screensPerSecond: Math.round((screens / elapsed) * 1000),
    meanUs: Math.round(((elapsed * 1000) / screens) * 10) / 10,
    accuracy: accuracy(fixtures, detect),
  };
}
