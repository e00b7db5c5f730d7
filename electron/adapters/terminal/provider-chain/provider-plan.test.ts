import { describe, expect, it } from 'vitest';
import type { ProviderFacts } from './provider-plan';
import { planProviders } from './provider-plan';

const mac: ProviderFacts = {
  platform: 'darwin',
  iterm2Running: true,
  iterm2Python: '/Users/o/Library/Application Support/iTerm2/iterm2env/versions/3.10.4/bin/python3',
  iterm2ApiEnabled: true,
  terminalAppRunning: true,
  ptyAvailable: true,
  tmuxServerRunning: true,
};
const roles = (f: ProviderFacts) => planProviders(f).map((l) => `${l.id}:${l.role}`);

describe('planProviders', () => {
  it('orders iTerm2 helper → iTerm2 AppleScript → Terminal.app → pty → tmux', () => {
    expect(roles(mac)).toEqual([
      'iterm2-python:primary',
      'iterm2-applescript:fallback',
      'terminal-app:primary',
      'pty:primary',
      'tmux:primary',
    ]);
    expect(planProviders(mac)[1]?.reason).toMatch(/standby/);
  });

  it('falls back to AppleScript with the reason when the Python API is off or missing', () => {
    const off = planProviders({ ...mac, iterm2ApiEnabled: false });
    expect(off[0]).toMatchObject({
      role: 'off',
      reason: expect.stringMatching(/Enable Python API/) as unknown,
    });
    expect(off[1]).toMatchObject({ role: 'primary', reason: null });
    expect(planProviders({ ...mac, iterm2Python: null })[0]?.reason).toMatch(/Install Python Runtime/);
    // Unknown API setting: try the helper; it reports its own failure.
    expect(planProviders({ ...mac, iterm2ApiEnabled: null })[0]?.role).toBe('primary');
  });

  it('says why apps are unused', () => {
    const plan = planProviders({
      ...mac,
      iterm2Running: false,
      terminalAppRunning: false,
      tmuxServerRunning: false,
    });
    expect(plan.map((l) => l.reason)).toEqual([
      'iTerm2 is not running',
      'iTerm2 is not running',
      'Terminal.app is not running',
      null,
      'no tmux server is running',
    ]);
  });

  it('on Linux only pty and tmux remain', () => {
    expect(roles({ ...mac, platform: 'linux' })).toEqual([
      'iterm2-python:off',
      'iterm2-applescript:off',
      'terminal-app:off',
      'pty:primary',
      'tmux:primary',
    ]);
  });
});
