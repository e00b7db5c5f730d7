import { describe, expect, it } from 'vitest';
import { ControlModeParser } from './control-mode-parser';

describe('ControlModeParser', () => {
  it('reports pane output, mode changes, layout, sessions and exit', () => {
    const parser = new ControlModeParser();
    const events = parser.feed(
      [
        '%output %3 hello\\015\\012',
        '%extended-output %4 12 : data',
        '%pane-mode-changed %5',
        '%window-add @2',
        '%unlinked-window-close @7',
        '%layout-change @1 b25f,80x24,0,0,2 b25f,80x24,0,0,2 *',
        '%sessions-changed',
        '%session-changed $2 work',
        '%window-renamed @1 x',
        '%exit',
        '',
      ].join('\n'),
    );
    expect(events).toEqual([
      { kind: 'pane', paneId: '%3' },
      { kind: 'pane', paneId: '%4' },
      { kind: 'pane', paneId: '%5' },
      { kind: 'layout' },
      { kind: 'layout' },
      { kind: 'layout' },
      { kind: 'sessions' },
      { kind: 'session', sessionId: '$2' },
      { kind: 'exit' },
    ]);
  });

  it('ignores command replies between %begin and %end/%error', () => {
    const parser = new ControlModeParser();
    const text =
      '%begin 1 2 0\n%output %9 fake\n%exit\n%end 1 2 0\n%begin 1 3 0\n%window-add @1\n%error 1 3 0\n%output %1 x\n';
    expect(parser.feed(text)).toEqual([{ kind: 'pane', paneId: '%1' }]);
  });

  it('assembles lines split across chunks (and CRLF)', () => {
    const parser = new ControlModeParser();
    expect(parser.feed('%out')).toEqual([]);
    expect(parser.feed('put %12 abc\r')).toEqual([]);
    expect(parser.feed('\n%exit')).toEqual([{ kind: 'pane', paneId: '%12' }]);
    expect(parser.feed('\n')).toEqual([{ kind: 'exit' }]);
  });

  it('ignores malformed pane and session ids', () => {
    const parser = new ControlModeParser();
    expect(parser.feed('%output 3 x\n%output %x y\n%session-changed 2 s\n%output\n')).toEqual([]);
  });
});
