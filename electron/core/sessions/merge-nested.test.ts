import { describe, expect, it } from 'vitest';
import type { HostTab } from './merge-nested';
import { mergeNested } from './merge-nested';

const shell = { pid: 1, command: '-zsh', args: '-zsh' };
const tmuxClient = { pid: 2, command: 'tmux', args: 'tmux attach -t work' };
const tabs: HostTab[] = [
  { id: 'terminal-app|1|ttys001|10', tty: '/dev/ttys001', processes: [shell, tmuxClient] },
  {
    id: 'terminal-app|2|ttys002|20',
    tty: '/dev/ttys002',
    processes: [shell, { pid: 3, command: 'claude', args: 'claude' }],
  },
  { id: 'iterm2|G', tty: '/dev/ttys003', processes: [shell] },
  { id: 'terminal-app|4|ttys004|40', tty: null, processes: [] },
];

describe('mergeNested', () => {
  it('hides a tab whose tty is a tmux client tty and marks what it hosts', () => {
    const merge = mergeNested(tabs, {
      available: true,
      clients: [
        { tty: '/dev/ttys001', session: 'default:work' },
        { tty: '/dev/ttys003', session: 'default:other' },
        { tty: '/dev/ttys003', session: 'default:other' },
        { tty: '/dev/ttys099', session: 'default:elsewhere' },
      ],
    });
    expect([...merge.hidden]).toEqual(['terminal-app|1|ttys001|10', 'iterm2|G']);
    expect(merge.hosting.get('iterm2|G')).toEqual(['default:other']);
    expect(merge.hosting.get('terminal-app|1|ttys001|10')).toEqual(['default:work']);
  });

  it('uses the tmux process on the tty when clients cannot be listed', () => {
    const merge = mergeNested(tabs, { available: true, clients: null });
    expect([...merge.hidden]).toEqual(['terminal-app|1|ttys001|10']);
    expect(merge.hosting.get('terminal-app|1|ttys001|10')).toEqual([]);
  });

  it('hides nothing when the tmux provider is unavailable: the agent must stay visible', () => {
    const merge = mergeNested(tabs, { available: false, clients: [{ tty: '/dev/ttys001', session: 's' }] });
    expect(merge.hidden.size).toBe(0);
  });

  it('never matches a tab without a tty', () => {
    const merge = mergeNested(tabs, { available: true, clients: [{ tty: '', session: 's' }] });
    expect(merge.hidden.has('terminal-app|4|ttys004|40')).toBe(false);
  });
});
