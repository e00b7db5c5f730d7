import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../process-table';
import { parseProcStat, parsePsTables, readProcessTable } from '../process-table';
import { descendantsOf, terminalProcesses, terminalTree } from './process-tree';

const row = (pid: number, ppid: number, command: string): ProcessRow => ({
  pid,
  ppid,
  command,
  args: command,
});

describe('process tree', () => {
  it('walks descendants breadth-first from the root, ignoring other trees and loops', () => {
    const rows = [
      row(1, 0, 'init'),
      row(10, 1, 'bash'),
      row(12, 10, 'node'),
      row(11, 10, 'git'),
      row(13, 12, 'codex'),
    ];
    const looped = [...rows, row(0, 0, 'swapper')];
    expect(descendantsOf(looped, 10).map((r) => r.command)).toEqual(['bash', 'git', 'node', 'codex']);
    expect(descendantsOf(looped, 99)).toEqual([]);
    expect(descendantsOf(looped, 0).length).toBe(6);
  });

  it('adds re-parented members of the terminal session after the tree', () => {
    const rows = [
      { ...row(10, 1, 'bash'), session: 10 },
      { ...row(11, 10, 'node'), session: 10 },
      { ...row(30, 1, 'orphan'), session: 10 },
      { ...row(31, 1, 'other'), session: 31 },
    ];
    expect(terminalTree(rows, 10).map((r) => r.command)).toEqual(['bash', 'node', 'orphan']);
    expect(terminalTree(rows, 99)).toEqual([]);
  });

  it('lists nothing for a terminal whose child is still a pre-exec copy of this process', () => {
    const self = { pid: 5, ppid: 1, command: 'node', args: 'node tower.js' };
    const fork = { ...self, pid: 6, ppid: 5 };
    expect(terminalProcesses([self, fork], 6, 5)).toEqual([]);
    const bash = { pid: 6, ppid: 5, command: 'bash', args: 'bash -i' };
    expect(terminalProcesses([self, bash], 6, 5)).toEqual([bash]);
  });

  it('parses /proc stat lines whose command holds spaces and parentheses', () => {
    // state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime … starttime
    const stat =
      '4242 (weird) name)) S 77 4242 4242 34816 4242 4194560 0 0 0 0 250 130 ' +
      '0 '.repeat(6) +
      '123456 rest';
    expect(parseProcStat(stat)).toEqual({
      comm: 'weird) name)',
      ppid: 77,
      session: 4242,
      ttyNr: 34816,
      startTime: '123456',
      zombie: false,
      cpuMs: 3800,
    });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('joins ps listings so spaces in macOS paths cannot shift columns', () => {
    const args =
      '  501   1 ??       1:02.50 /Applications/Google Chrome.app/Contents/MacOS/Google Chrome --type=gpu\n' +
      '  600 501 ttys003  0:00.07 claude\n';
    const comm = '  501 /Applications/Google Chrome.app/Contents/MacOS/Google Chrome\n  600 claude\n';
    expect(parsePsTables(args, comm)).toEqual([
      {
        pid: 501,
        ppid: 1,
        command: 'Google Chrome',
        args: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome --type=gpu',
        cpuMs: 62_500,
        tty: '??',
      },
      { pid: 600, ppid: 501, command: 'claude', args: 'claude', cpuMs: 70, tty: 'ttys003' },
    ]);
  });

  it('finds this test process in the real table', async () => {
    const table = await readProcessTable();
    const me = table.find((r) => r.pid === process.pid);
    expect(me?.ppid).toBe(process.ppid);
    expect(me?.args).toContain(process.argv[1] ?? 'node');
  });
});
