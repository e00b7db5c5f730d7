import { describe, expect, it } from 'vitest';
import type { ProcessFact } from '../ports';
import { isStalled, trackProgress, type ProgressSample } from './progress';

const agent: ProcessFact = { pid: 10, command: 'claude', args: 'claude', cpuMs: 0 };
const sample = (lines: string[], processes: ProcessFact[] = [agent], eventAt: number | null = null) =>
  ({ lines, processes, ownPids: new Set([10]), eventAt }) satisfies ProgressSample;
const STALL = 120_000;

describe('progress for stall detection', () => {
  it('a spinner and timer that tick while nothing else moves are not progress', () => {
    let p = trackProgress(undefined, sample(['✻ Thinking… (1s · esc to interrupt)']), 0);
    for (let t = 1; t <= 130; t++) {
      const spin = '✢✳✶✻'[t % 4] ?? '*';
      p = trackProgress(p, sample([`${spin} Thinking… (${t}s · esc to interrupt)`]), t * 1000);
    }
    expect(isStalled(p, 130_000, STALL)).toBe(true);
  });

  it("the agent's own CPU (rendering) is not progress, a busy child's is", () => {
    const still = ['● Bash(make)', '  ⎿  Running…'];
    let idle = trackProgress(undefined, sample(still), 0);
    let busy = idle;
    for (let t = 10; t <= 200; t += 10) {
      const spinning = { ...agent, cpuMs: t * 50 };
      idle = trackProgress(idle, sample(still, [spinning]), t * 1000);
      const make = { pid: 11, command: 'make', args: 'make', cpuMs: t * 400 };
      busy = trackProgress(busy, sample(still, [spinning, make]), t * 1000);
    }
    expect(isStalled(idle, 200_000, STALL)).toBe(true);
    expect(isStalled(busy, 200_000, STALL)).toBe(false);
  });

  it('a sleeping child (no CPU) does not keep an agent alive, and is remembered as a child', () => {
    const still = ['● Bash(sleep 999)'];
    const sleeper = { pid: 12, command: 'sleep', args: 'sleep 999', cpuMs: 1 };
    let p = trackProgress(undefined, sample(still, [agent, sleeper]), 0);
    p = trackProgress(p, sample(still, [agent, sleeper]), 130_000);
    expect(isStalled(p, 130_000, STALL)).toBe(true);
    expect(p.hasChildren).toBe(true);
  });

  it('new output, a new child or a hook event resets the clock', () => {
    let p = trackProgress(undefined, sample(['a']), 0);
    p = trackProgress(p, sample(['a', 'b']), 100_000);
    expect(p.since).toBe(100_000);
    p = trackProgress(
      p,
      sample(['a', 'b'], [agent, { pid: 13, command: 'git', args: 'git', cpuMs: 0 }]),
      150_000,
    );
    expect(p.since).toBe(150_000);
    p = trackProgress(
      p,
      sample(['a', 'b'], [agent, { pid: 13, command: 'git', args: 'git', cpuMs: 0 }], 190_000),
      200_000,
    );
    expect(p.since).toBe(200_000);
    expect(isStalled(p, 300_000, STALL)).toBe(false);
  });

  it('unknown CPU (a driver that cannot read it) never counts as progress', () => {
    const noCpu = { pid: 14, command: 'cc', args: 'cc' };
    let p = trackProgress(undefined, sample(['x'], [agent, noCpu]), 0);
    p = trackProgress(p, sample(['x'], [agent, noCpu]), 130_000);
    expect(p.childCpuMs).toBeNull();
    expect(isStalled(p, 130_000, STALL)).toBe(true);
  });
});
