import { describe, expect, it } from 'vitest';
import { createMacTerminalDrivers, detectMacFacts } from './mac-providers';

const options = {
  nativeScriptsDir: '/app/native-scripts',
  platform: 'linux' as const,
  tmuxAvailable: () => Promise.resolve(false),
};

describe('Mac providers off macOS', () => {
  it('detects nothing and runs nothing', async () => {
    expect(await detectMacFacts(options)).toEqual({
      platform: 'linux',
      iterm2Running: null,
      iterm2Python: null,
      iterm2ApiEnabled: null,
      terminalAppRunning: null,
    });
  });

  it('builds iTerm2 then Terminal.app, both unavailable with a reason', async () => {
    const { drivers } = createMacTerminalDrivers({ ...options, home: '/nonexistent' });
    expect(drivers.map((d) => d.provider)).toEqual(['iterm2', 'terminal-app']);
    for (const d of drivers) expect((await d.availability()).reason).toMatch(/only on macOS/);
  });
});
