import { describe, expect, it } from 'vitest';
import { PANE_FORMAT, SCREEN_FORMAT, parsePaneList, parsePaneRecord } from './pane-format';

const S = '\x1f';
// pid, start, pane, pane pid, dead, status, signal, w, h, mode, sync, window panes, cx, cy, tty, opened title,
// title, command, path
const row = (over: Partial<Record<number, string>> = {}) =>
  [
    '100',
    '1700',
    '%3',
    '200',
    '0',
    '',
    '',
    '80',
    '24',
    '0',
    '0',
    '1',
    '5',
    '7',
    '/dev/pts/4',
    '',
    'my title',
    'claude',
    '/w',
  ]
    .map((value, i) => over[i] ?? value)
    .join(S);

describe('pane records', () => {
  it('has formats with the same field count', () => {
    expect(PANE_FORMAT.split(S)).toHaveLength(19);
    expect(SCREEN_FORMAT.split(S)).toHaveLength(19);
    expect(SCREEN_FORMAT).not.toContain('pane_current_path');
  });

  it('parses a live pane', () => {
    expect(parsePaneRecord(row())).toEqual({
      serverPid: 100,
      serverStart: 1700,
      paneId: '%3',
      panePid: 200,
      dead: false,
      exitPending: false,
      exitCode: null,
      cols: 80,
      rows: 24,
      inMode: false,
      synchronized: false,
      cursor: { x: 5, y: 7 },
      tty: '/dev/pts/4',
      title: 'my title',
      programTitle: 'my title',
      currentCommand: 'claude',
      cwd: '/w',
    });
  });

  it('reports an exited pane once its status is known', () => {
    expect(parsePaneRecord(row({ 4: '1', 5: '3' }))).toMatchObject({ dead: true, exitCode: 3 });
    expect(parsePaneRecord(row({ 4: '1', 6: '9' }))).toMatchObject({ dead: true, exitCode: null });
    // pty closed, status not reaped yet (or the process merely closed its tty): still running.
    expect(parsePaneRecord(row({ 4: '1' }))).toMatchObject({
      dead: false,
      exitPending: true,
      exitCode: null,
    });
  });

  it('names the pane by the title Tower opened it with, not what the program wrote over it', () => {
    expect(parsePaneRecord(row({ 15: 'respawn', 16: '✳ Claude Code' }))).toMatchObject({
      title: 'respawn',
      programTitle: '✳ Claude Code',
    });
    expect(parsePaneRecord(row({ 16: '✳ Claude Code' })).title).toBe('✳ Claude Code');
    // Claude Code's Kitty graphics probe, which tmux takes for a title: not one.
    expect(parsePaneRecord(row({ 16: 'Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA' })).title).toBe('');
    expect(parsePaneRecord(row({ 16: 'Gi=31 is a fine title' })).title).toBe('Gi=31 is a fine title');
  });

  it('keeps a path that contains the separator, and empty fields as null', () => {
    expect(parsePaneRecord(row({ 18: `/a${S}b` })).cwd).toBe(`/a${S}b`);
    expect(parsePaneRecord(row({ 14: '', 17: '', 18: '' }))).toMatchObject({
      tty: null,
      currentCommand: null,
      cwd: null,
    });
    expect(parsePaneRecord(row({ 12: '' })).cursor).toBeNull();
  });

  it('flags synchronized panes only when the window has other panes', () => {
    expect(parsePaneRecord(row({ 10: '1', 11: '2' })).synchronized).toBe(true);
    expect(parsePaneRecord(row({ 10: '1', 11: '1' })).synchronized).toBe(false);
  });

  it('rejects malformed records', () => {
    expect(() => parsePaneRecord('garbage')).toThrow();
    expect(() => parsePaneRecord(row({ 2: '3' }))).toThrow();
    expect(() => parsePaneRecord(row({ 0: 'x' }))).toThrow();
  });

  it('parses a list, skipping malformed lines and duplicate panes of linked windows', () => {
    const list = [row(), 'junk', row(), row({ 2: '%4' }), ''].join('\n');
    expect(parsePaneList(list).map((r) => r.paneId)).toEqual(['%3', '%4']);
  });
});
