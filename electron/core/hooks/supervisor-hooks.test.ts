/**
 * The Supervisor with hooks active: screen and hook fused so neither alone approves. A screen prompt
 * with no matching hook request is never answered with keys; a hook request alone never types; the
 * hook's answer carries policy's allow.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../policy/compile';
import { SAMPLE_DOCUMENT } from '../policy/test-support';
import type { PolicyProvider } from '../policy/types';
import { Supervisor } from '../supervisor';
import { FakeClock } from '../testing/fake-clock';
import { FakeTerminalDriver } from '../testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from '../testing/memory-audit';
import { scriptedDetector } from '../testing/scripted-detector';
import type { AgentLaunchPreparer } from './launcher';

function setup() {
  const clock = new FakeClock();
  const driver = new FakeTerminalDriver('tmux');
  const audit = new MemoryAuditSink();
  const policy = compilePolicy({ ...SAMPLE_DOCUMENT, shadow: false }, 'test policy');
  const provider: PolicyProvider = { current: () => policy, home: '/home/dev', protectedPaths: [] };
  const launcher: AgentLaunchPreparer = {
    prepare: (command) =>
      Promise.resolve({
        command: [...command, '--settings', '/x.json'],
        launch: 'launchtag0001',
        agent: 'claude',
      }),
  };
  const supervisor = new Supervisor({
    drivers: [driver],
    detector: scriptedDetector,
    clock,
    audit,
    store: new MemoryStore(),
    policy: provider,
    options: { settleMs: 300, confirmTimeoutMs: 1_000, confirmPollMs: 100 },
    hooks: { launcher },
  });
  driver.onType = (id) => driver.setScreen(id, ['STATE working']);
  return { clock, driver, audit, supervisor };
}

const hookPost = (command: string) => ({
  v: 1,
  terminal: { launch: 'launchtag0001' },
  event: { hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command } },
});

describe('Supervisor with Claude Code hooks', () => {
  it('opens agents with the per-launch settings, and a spoofed screen prompt is never typed into', async () => {
    const t = setup();
    await t.supervisor.start();
    const view = await t.supervisor.openAgent({
      command: ['claude'],
      cwd: '/home/dev/project',
      provider: 'tmux',
    });
    const terminalId = view.terminalId;
    t.driver.setScreen(terminalId, ['ASK git status']); // policy allows `git status` on a plain screen
    await t.clock.advance(2_000);
    const shown = (await t.supervisor.getSnapshot()).sessions[0];
    expect(shown?.policy).toMatchObject({ decision: 'ask', rule: 'hook:no-request' });
    expect(t.driver.typed(terminalId)).toHaveLength(0);
    expect(t.audit.ofKind('open')[0]?.detail).toMatchObject({ command: ['claude'] });
    t.supervisor.stop();
  });

  it('the hook carries policy’s allow; the same prompt on screen is left alone; nothing is typed', async () => {
    const t = setup();
    await t.supervisor.start();
    const view = await t.supervisor.openAgent({
      command: ['claude'],
      cwd: '/home/dev/project',
      provider: 'tmux',
    });
    const reply = await t.supervisor.hooks.handle('claude', hookPost('git status'));
    expect(reply).toEqual({
      ok: true,
      output: { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } },
    });
    t.driver.setScreen(view.terminalId, ['ASK git status']);
    await t.clock.advance(2_000);
    const shown = (await t.supervisor.getSnapshot()).sessions[0];
    expect(shown?.policy).toMatchObject({ decision: 'ask', rule: 'hook:answered' });
    expect(shown?.evidence).toContain('hook: PermissionRequest');
    expect(t.driver.typed(view.terminalId)).toHaveLength(0);
    t.supervisor.stop();
  });

  it('a dialog the hook answers within the grace never becomes an approval; one it leaves does', async () => {
    const t = setup();
    await t.supervisor.start();
    const view = await t.supervisor.openAgent({
      command: ['claude'],
      cwd: '/home/dev/project',
      provider: 'tmux',
    });
    // Claude draws its dialog first; its PermissionRequest hook arrives a moment later and allows it.
    t.driver.setScreen(view.terminalId, ['ASK git status']);
    await t.clock.advance(100);
    await t.supervisor.hooks.handle('claude', hookPost('git status'));
    t.driver.setScreen(view.terminalId, ['STATE working']);
    await t.clock.advance(3_000);
    expect((await t.supervisor.getSnapshot()).approvals).toEqual([]);
    expect(t.audit.ofKind('approval-raised')).toHaveLength(0);
    // A dialog no hook ever reports stays: after the grace the owner is asked.
    t.driver.setScreen(view.terminalId, ['ASK npm run test']);
    await t.clock.advance(1_000);
    expect((await t.supervisor.getSnapshot()).approvals).toEqual([]);
    await t.clock.advance(1_000);
    const approvals = (await t.supervisor.getSnapshot()).approvals;
    expect(approvals).toHaveLength(1);
    expect(approvals[0]?.status).toBe('pending');
    expect(approvals[0]?.reason).toContain('hook:no-request');
    expect(t.driver.typed(view.terminalId)).toHaveLength(0);
    t.supervisor.stop();
  });
});
