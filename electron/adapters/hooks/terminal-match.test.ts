import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TerminalTag } from '../../core/hooks/hook-event';
import type { TerminalInfo } from '../../core/ports';
import { encodeTmuxId } from '../terminal/tmux/tmux-id';
import { matchTerminal } from './terminal-match';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tower-match-'));
  writeFileSync(join(root, 'default'), '');
  symlinkSync(root, join(root, 'link'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const terminal = (id: string, provider: TerminalInfo['provider'] = 'tmux'): TerminalInfo => ({
  provider,
  id,
  title: '',
  pid: null,
  alive: true,
  exitCode: null,
  cwd: null,
  currentCommand: null,
  processes: [],
  cols: 80,
  rows: 24,
});

const tag = (socket: string, serverPid: number, pane: string): TerminalTag => ({
  launch: null,
  tmux: { socket, serverPid, pane },
  pids: [],
  tty: null,
});

describe('matchTerminal (tmux)', () => {
  it('matches socket (through links), server pid and pane; nothing else', () => {
    const id = encodeTmuxId({
      socket: join(root, 'default'),
      serverPid: 42,
      serverStart: 1700000000,
      paneId: '%3',
    });
    expect(matchTerminal(tag(join(root, 'default'), 42, '%3'), terminal(id))).toBe(true);
    expect(matchTerminal(tag(join(root, 'link', 'default'), 42, '%3'), terminal(id))).toBe(true);
    expect(matchTerminal(tag(join(root, 'default'), 43, '%3'), terminal(id))).toBe(false);
    expect(matchTerminal(tag(join(root, 'default'), 42, '%4'), terminal(id))).toBe(false);
    expect(matchTerminal(tag(join(root, 'other'), 42, '%3'), terminal(id))).toBe(false);
    expect(matchTerminal(tag(join(root, 'default'), 42, '%3'), terminal('pty-1', 'pty'))).toBe(false);
    expect(matchTerminal({ ...tag('/x', 1, '%1'), tmux: null }, terminal(id))).toBe(false);
  });
});

describe('matchTerminal (Terminal.app)', () => {
  it('matches the agent tty against the tab id', () => {
    const id = 'terminal-app|1234|ttys004|555';
    const withTty = (tty: string | null): TerminalTag => ({ launch: null, tmux: null, pids: [], tty });
    expect(matchTerminal(withTty('/dev/ttys004'), terminal(id, 'terminal-app'))).toBe(true);
    expect(matchTerminal(withTty('/dev/ttys005'), terminal(id, 'terminal-app'))).toBe(false);
    expect(matchTerminal(withTty(null), terminal(id, 'terminal-app'))).toBe(false);
    expect(matchTerminal(withTty('/dev/ttys004'), terminal('junk', 'terminal-app'))).toBe(false);
  });
});
