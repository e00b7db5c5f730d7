import { describe, expect, it } from 'vitest';
import { FakeTerminalDriver } from '../../../core/testing/fake-terminal-driver';
import type { TmuxView } from '../../../core/sessions/merge-nested';
import { HostingFilterDriver } from './hosting-filter-driver';
import type { TtyAwareDriver } from './hosting-filter-driver';

/** The fake driver, plus ttys the test assigns. */
class FakeHost extends FakeTerminalDriver implements TtyAwareDriver {
  readonly ttys = new Map<string, string>();
  ttyOf(id: string): string | null {
    return this.ttys.get(id) ?? null;
  }
}

function setup(view: TmuxView) {
  const host = new FakeHost('terminal-app');
  const tmux = new FakeTerminalDriver('tmux');
  const plain = host.add({ id: 'tab-plain', processes: [{ pid: 1, command: 'claude', args: 'claude' }] });
  const hosting = host.add({ id: 'tab-tmux', processes: [{ pid: 2, command: 'tmux', args: 'tmux a' }] });
  host.ttys.set(plain, '/dev/ttys001');
  host.ttys.set(hosting, '/dev/ttys002');
  tmux.add({ id: 'tmux|pane', currentCommand: 'claude' });
  return { host, tmux, filter: new HostingFilterDriver(host, () => Promise.resolve(view)) };
}

describe('HostingFilterDriver (tmux inside a Terminal.app tab is one session)', () => {
  it('lists the tmux pane once: the hosting tab is hidden and marked', async () => {
    const { filter, tmux } = setup({
      available: true,
      clients: [{ tty: '/dev/ttys002', session: 'default:work' }],
    });
    const all = [...(await filter.list()), ...(await tmux.list())].map((t) => `${t.provider}:${t.id}`);
    expect(all).toEqual(['terminal-app:tab-plain', 'tmux:tmux|pane']);
    expect(filter.hosting().get('tab-tmux')).toEqual(['default:work']);
  });

  it('keeps every tab when tmux is not watched, or its view fails', async () => {
    expect((await setup({ available: false, clients: null }).filter.list()).map((t) => t.id)).toEqual([
      'tab-plain',
      'tab-tmux',
    ]);
    const { host } = setup({ available: true, clients: null });
    const failing = new HostingFilterDriver(host, () => Promise.reject(new Error('tmux hung')));
    expect((await failing.list()).map((t) => t.id)).toEqual(['tab-plain', 'tab-tmux']);
  });

  it('drops activity of hidden tabs and passes the rest through', async () => {
    const { filter, host } = setup({ available: true, clients: null });
    await filter.list();
    const seen: string[] = [];
    filter.onActivity((id) => seen.push(id));
    host.setScreen('tab-tmux', ['x']);
    host.setScreen('tab-plain', ['y']);
    expect(seen).toEqual(['tab-plain']);
    expect(filter.provider).toBe('terminal-app');
  });

  it('passes focus through to the host driver', async () => {
    const { filter, host } = setup({ available: false, clients: null });
    await filter.focus('tab-plain');
    expect(host.focused).toEqual(['tab-plain']);
    await expect(filter.focus('no-such-tab')).rejects.toThrow(/no terminal/u);
  });
});
