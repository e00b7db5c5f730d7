import { describe, expect, it } from 'vitest';
import { inheritTty } from './inherit-tty';
import type { ProcessRow } from './process-table';

const row = (pid: number, ppid: number, tty: ProcessRow['tty'], command = 'x'): ProcessRow => ({
  pid,
  ppid,
  tty,
  command,
  args: command,
  cpuMs: 0,
});

describe('inheritTty', () => {
  it("gives an agent's tty-less tool children the agent's terminal", () => {
    const rows = [
      row(10, 1, 34816, 'claude'),
      row(11, 10, 0, 'bash'),
      row(12, 11, 0, 'timeout'),
      row(13, 12, 0, 'tail'),
      row(20, 1, 0, 'tmux'), // a daemon: no terminal anywhere up its chain
    ];
    expect(inheritTty(rows).map((r) => [r.pid, r.tty])).toEqual([
      [10, 34816],
      [11, 34816],
      [12, 34816],
      [13, 34816],
      [20, undefined],
    ]);
  });

  it('survives a ppid cycle', () => {
    expect(inheritTty([row(5, 6, '?'), row(6, 5, '?')]).map((r) => r.tty)).toEqual([undefined, undefined]);
  });
});
