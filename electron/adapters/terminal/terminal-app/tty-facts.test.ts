import { describe, expect, it } from 'vitest';
import { parsePsRows, summarizeTty } from './tty-facts';

// A Terminal.app tab running Claude Code: login (parent Terminal, pid 500) → zsh → claude (foreground).
const PS = `  900   500   900   950
  901   900   901   950
  950   901   950   950
  951   950   950   950
`;
const NAMED = [
  { pid: 900, command: 'login', args: 'login -pf owner' },
  { pid: 901, command: '-zsh', args: '-zsh' },
  { pid: 950, command: 'claude', args: 'claude --resume' },
  { pid: 951, command: 'node', args: 'node mcp.js' },
];

describe('summarizeTty', () => {
  it('finds the leader, the shell and the foreground job', () => {
    const facts = summarizeTty(parsePsRows(PS), NAMED);
    expect(facts.leaderPid).toBe(900);
    expect(facts.shellPid).toBe(901);
    expect(facts.foreground?.command).toBe('claude');
    expect(facts.processes).toHaveLength(4);
  });

  it('prefers the root Terminal started over an orphan that kept the tty', () => {
    const rows = parsePsRows(`  120     1   120   -1\n${PS}`);
    expect(summarizeTty(rows, NAMED).leaderPid).toBe(900);
  });

  it('treats a leader that is not login as the shell', () => {
    const facts = summarizeTty(parsePsRows('  700   500   700   700\n'), [
      { pid: 700, command: 'zsh', args: 'zsh' },
    ]);
    expect(facts).toMatchObject({ leaderPid: 700, shellPid: 700 });
    expect(facts.foreground?.pid).toBe(700);
  });

  it('reports nothing for an empty tty and skips garbage lines', () => {
    expect(summarizeTty(parsePsRows('garbage\n\n'), [])).toEqual({
      processes: [],
      leaderPid: null,
      shellPid: null,
      foreground: null,
    });
  });
});
