import { describe, expect, it } from 'vitest';
import { approval, bashPrompt, session, snapshot, withApprovals } from './testing-fixtures';
import { trayIcon } from './tray-icon';
import { trayMenu } from './tray-menu';
import { trayState } from './tray-state';

describe('trayState', () => {
  it('counts the approvals waiting for the owner in the title and picks the worst mood', () => {
    const state = trayState(
      withApprovals(
        [
          session({ id: 'a', state: 'working' }),
          session({ id: 'b', state: 'permission', prompt: bashPrompt('ls') }),
          session({ id: 'c', state: 'error' }),
        ],
        [approval({ session: 'b', prompt: bashPrompt('ls') })],
      ),
    );
    expect(state).toMatchObject({ mood: 'attention', pending: 1, title: '1' });
    expect(state.tooltip).toBe('Tower — 3 agents · 1 working · 1 waiting for you');
  });

  it('does not count a prompt policy is answering itself, nor an ended approval; says when a bridge is down', () => {
    const auto = session({ id: 'b', state: 'working', prompt: bashPrompt('ls') });
    const state = trayState({
      ...withApprovals([auto], [approval({ session: 'b', status: 'answered' })]),
      bridges: [{ id: 'telegram', state: 'down', detail: null, reason: '401', lastActivityAt: null }],
    });
    expect(state).toMatchObject({ mood: 'working', pending: 0, title: '' });
    expect(state.tooltip).toMatch(/telegram down$/u);
  });

  it('ignores gone terminals, is calm when idle, and puts LOCKDOWN above everything', () => {
    expect(trayState(snapshot([session({ gone: true, state: 'error' })])).mood).toBe('calm');
    expect(trayState(snapshot([session({ state: 'working' })])).mood).toBe('working');
    const locked = trayState(
      withApprovals([session({ state: 'permission', prompt: bashPrompt('x') })], [approval()], true),
    );
    expect(locked.mood).toBe('lockdown');
    expect(locked.tooltip).toMatch(/^Tower — LOCKDOWN · /);
    expect(trayState(null)).toMatchObject({ title: '', pending: 0 });
  });
});

describe('trayIcon', () => {
  it('is a black template image when calm and carries colour (not template) when something is wrong', () => {
    const calm = trayIcon('calm', 2);
    expect([calm.width, calm.height, calm.template]).toEqual([32, 32, true]);
    const coloured = (bitmap: Uint8Array) =>
      Array.from({ length: bitmap.length / 4 }, (_, i) => bitmap.subarray(i * 4, i * 4 + 4)).some(
        (p) => p[3] === 0xff && !(p[0] === p[1] && p[1] === p[2]),
      );
    expect(coloured(calm.pixels)).toBe(false);
    const error = trayIcon('error', 1);
    expect([error.width, error.template, coloured(error.pixels)]).toEqual([16, false, true]);
  });
});

describe('trayMenu', () => {
  it('offers open, LOCKDOWN, launch at login (with what to do when macOS wants approval) and quit', () => {
    const entries = trayMenu({
      lockdown: true,
      login: { enabled: false, note: 'Approve Tower in System Settings' },
    });
    expect(entries.map((e) => ('label' in e ? e.label : '—'))).toEqual([
      'Open Tower',
      '—',
      'LOCKDOWN',
      'Launch at login',
      'Approve Tower in System Settings',
      '—',
      'Quit Tower',
    ]);
    expect(entries[2]).toMatchObject({ checked: true });
  });
});
