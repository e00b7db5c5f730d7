import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTmuxId, parseTmuxId, sameServer } from './tmux-id';

const ref = { socket: '/tmp/tmux-1000/default', serverPid: 4242, serverStart: 1_700_000_000, paneId: '%3' };

describe('tmux terminal ids', () => {
  it('round-trips and carries the server identity', () => {
    const id = encodeTmuxId(ref);
    expect(id).toBe('tmux|%2Ftmp%2Ftmux-1000%2Fdefault|4242|1700000000|%3');
    expect(parseTmuxId(id)).toEqual(ref);
  });

  it('gives a restarted server’s %0 a different id', () => {
    const before = encodeTmuxId({ ...ref, paneId: '%0' });
    expect(encodeTmuxId({ ...ref, paneId: '%0', serverPid: 4243 })).not.toBe(before);
    expect(encodeTmuxId({ ...ref, paneId: '%0', serverStart: 1_700_000_001 })).not.toBe(before);
    expect(sameServer(ref, { serverPid: 4242, serverStart: 1_700_000_001 })).toBe(false);
  });

  it('round-trips any absolute socket path', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(99_999), (path, pane) => {
        const socket = `/${path}`;
        const id = encodeTmuxId({ ...ref, socket, paneId: `%${pane}` });
        expect(parseTmuxId(id)).toEqual({ ...ref, socket, paneId: `%${pane}` });
      }),
    );
  });

  it.each([
    '',
    '%3',
    'tmux|%2Ftmp%2Fx|1|2',
    'tmux|%2Ftmp%2Fx|1|2|%3|extra',
    'pty|%2Ftmp%2Fx|1|2|%3',
    'tmux|tmp%2Fx|1|2|%3',
    'tmux|/tmp/x|1|2|%3',
    'tmux|%2Ftmp%2Fx|0|2|%3',
    'tmux|%2Ftmp%2Fx|01|2|%3',
    'tmux|%2Ftmp%2Fx|-1|2|%3',
    'tmux|%2Ftmp%2Fx|1|x|%3',
    'tmux|%2Ftmp%2Fx|1|2|3',
    'tmux|%2Ftmp%2Fx|1|2|%03',
    'tmux|%2Ftmp%2Fx|1|2|%3;',
    'tmux|%E0%A4%A|1|2|%3',
  ])('rejects %j', (id) => {
    expect(() => parseTmuxId(id)).toThrow(/not a tmux terminal id/);
  });

  it('refuses to encode relative sockets or bad pane ids', () => {
    expect(() => encodeTmuxId({ ...ref, socket: 'default' })).toThrow();
    expect(() => encodeTmuxId({ ...ref, paneId: '@1' })).toThrow();
  });
});
