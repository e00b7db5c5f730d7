import { describe, expect, it } from 'vitest';
import { trackProgress } from './progress';
import { classifyStall, exitTrouble } from './trouble';

const progress = (children: boolean) =>
  trackProgress(
    undefined,
    {
      lines: [],
      processes: children ? [{ pid: 2, command: 'sleep', args: 'sleep 9', cpuMs: 0 }] : [],
      ownPids: new Set([1]),
      eventAt: null,
    },
    0,
  );

describe('stall classification', () => {
  it('an API retry loop', () => {
    expect(classifyStall(['✻ Thinking…', '  ⎿  Retrying in 8s · attempt 4/10'], progress(false), null)).toBe(
      'api-retry',
    );
    expect(classifyStall(['anything'], progress(false), 'stalled.retry')).toBe('api-retry');
  });

  it('a question the rule pack does not know (a child asking on the terminal)', () => {
    expect(
      classifyStall(['● Bash(git push)', "Password for 'https://me@github.com': "], progress(true), null),
    ).toBe('hidden-prompt');
    expect(classifyStall(['Overwrite existing file? [y/N]'], progress(true), null)).toBe('hidden-prompt');
  });

  it('a hung child, or nothing at all', () => {
    expect(classifyStall(['● Bash(sleep 999)', '  ⎿  Running…'], progress(true), null)).toBe('hung-child');
    expect(classifyStall(['✻ Thinking…'], progress(false), null)).toBe('no-progress');
  });

  it('exit code 0 is a clean exit; anything else, or a signal, a crash', () => {
    expect(exitTrouble(0).kind).toBe('exit');
    expect(exitTrouble(1)).toMatchObject({ kind: 'crash', cause: 'exit code 1' });
    expect(exitTrouble(null)).toMatchObject({ kind: 'crash', cause: 'killed by a signal or lost' });
  });
});
