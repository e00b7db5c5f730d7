/**
 * Ground truth with providers that are not here (iTerm2 not running, macOS-only providers on Linux):
 * each is listed with its reason, and only a provider whose listing failed counts as disagreement.
 */
import { describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor';
import { FakeClock } from './testing/fake-clock';
import { FakeTerminalDriver } from './testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from './testing/memory-audit';
import { scriptedDetector } from './testing/scripted-detector';

class AbsentDriver extends FakeTerminalDriver {
  override availability() {
    return Promise.resolve({ available: false, reason: 'iTerm2 is not running' });
  }
}

function setup() {
  const tmux = new FakeTerminalDriver('tmux');
  const iterm2 = new AbsentDriver('iterm2');
  const supervisor = new Supervisor({
    drivers: [iterm2, tmux],
    detector: scriptedDetector,
    clock: new FakeClock(),
    audit: new MemoryAuditSink(),
    store: new MemoryStore(),
  });
  return { tmux, supervisor };
}

describe('ground truth across the provider chain', () => {
  it('lists an absent provider with its reason without calling it a disagreement', async () => {
    const { tmux, supervisor } = setup();
    tmux.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await supervisor.start();
    const truth = (await supervisor.getSnapshot()).groundTruth;
    expect(truth.providers).toEqual([
      { id: 'iterm2', available: false, reason: 'iTerm2 is not running' },
      { id: 'tmux', available: true, reason: null },
    ]);
    expect(truth.agreed).toBe(true);
    supervisor.stop();
  });

  it('still calls it a disagreement when a provider fails to list its terminals', async () => {
    const { tmux, supervisor } = setup();
    tmux.listFails = 'tmux crashed';
    await supervisor.start();
    const truth = (await supervisor.getSnapshot()).groundTruth;
    expect(truth.agreed).toBe(false);
    expect(truth.providers).toContainEqual({ id: 'tmux', available: false, reason: 'tmux crashed' });
    supervisor.stop();
  });
});
