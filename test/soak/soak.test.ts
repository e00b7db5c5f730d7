/**
 * The soak in CI, short: 20 agents (10 tmux, 10 node-pty) cycling working → permission for 20 s under
 * one Tower. Every prompt is reported exactly once, and no file descriptor leaks. The hour-long run
 * is `npm run soak -- --minutes 60`.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak-run';

describe('soak (short)', () => {
  it('20 cycling agents: no prompt missed or reported twice, no fd growth', async () => {
    // Each state held 1–1.5 s so a loaded CI machine still sees every one (tmux's control-mode
    // notifications alone lag by a few hundred ms at a load of 10 on 2 cores); the bench uses 0.2–0.8 s.
    const r = await runSoak({ seconds: 30, holdMs: 1_500, workMs: [1_000, 1_500] });
    process.stdout.write(
      `\nsoak (CI): ${r.prompts} prompts, missed ${r.missed}, duplicated ${r.duplicated}, ` +
        `RSS ${r.rssMiB.start} → ${r.rssMiB.end} MiB, fds ${r.fds.before} before, ${r.fds.start} warm → ${r.fds.end}\n`,
    );
    expect(r.prompts).toBeGreaterThanOrEqual(200);
    expect(r.missedDetail).toEqual([]);
    expect(r.missed).toBe(0);
    expect(r.duplicated).toBe(0);
    // Counted from warm-up, each reading the fewest over a second; a leak grows with every cycle.
    expect(r.fds.end).toBeLessThanOrEqual(r.fds.start + 10);
  });
});
