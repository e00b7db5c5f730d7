import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFixture } from '../detection';
import { screenDetector } from '../screen-detector';
import { Supervisor, type Detector } from '../supervisor';
import { FakeClock } from '../testing/fake-clock';
import { FakeTerminalDriver } from '../testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from '../testing/memory-audit';
import { scriptedDetector } from '../testing/scripted-detector';
import { compilePolicy } from './compile';
import { SAMPLE_DOCUMENT } from './test-support';
import type { Policy, PolicyProvider } from './types';

const enforcing = compilePolicy({ ...SAMPLE_DOCUMENT, shadow: false }, 'test policy');

function setup(policy: Policy = enforcing, detector: Detector = scriptedDetector) {
  const clock = new FakeClock();
  const driver = new FakeTerminalDriver('tmux');
  const audit = new MemoryAuditSink();
  const provider: PolicyProvider & { policy: Policy } = {
    policy,
    current() {
      return this.policy;
    },
    home: '/home/dev',
    protectedPaths: ['/home/dev/.tower'],
  };
  const supervisor = new Supervisor({
    drivers: [driver],
    detector,
    clock,
    audit,
    store: new MemoryStore(),
    policy: provider,
    options: { settleMs: 300, confirmTimeoutMs: 1_000, confirmPollMs: 100 },
  });
  // The agent takes the answer: any key clears the prompt.
  driver.onType = (id) => driver.setScreen(id, ['STATE working']);
  const agent = (lines: string[]) =>
    driver.add({ currentCommand: 'claude', cwd: '/home/dev/project', lines });
  return { clock, driver, audit, supervisor, provider, agent };
}

describe('Supervisor with a policy', () => {
  it('allow: answers the new prompt once with the approve keys, through the answering path', async () => {
    const t = setup();
    const id = t.agent(['STATE idle']);
    await t.supervisor.start();
    t.driver.setScreen(id, ['ASK git status']);
    await t.clock.advance(50);
    const shown = (await t.supervisor.getSnapshot()).sessions[0];
    expect(shown?.policy).toMatchObject({ decision: 'allow', rule: 'read-only', shadow: false });
    expect(t.driver.typed(id)).toHaveLength(0); // still settling
    await t.clock.advance(1_000);
    expect(t.driver.typed(id)).toEqual([{ kind: 'keys', keys: ['1'] }]);
    expect(t.audit.ofKind('policy-decision')[0]?.detail).toMatchObject({
      decision: 'allow',
      action: 'approve',
    });
    expect(t.audit.ofKind('answer')[0]).toMatchObject({ channel: 'policy:read-only' });
    expect(t.audit.ofKind('answer-confirmed')).toHaveLength(1);
    await t.clock.advance(5_000);
    expect(t.driver.typed(id)).toHaveLength(1);
    t.supervisor.stop();
  });

  it('deny: a blocklisted command is answered with the deny keys, never "don\'t ask again"', async () => {
    const t = setup();
    const id = t.agent(['ASK rm -rf ~']);
    await t.supervisor.start();
    await t.clock.advance(1_000);
    expect(t.driver.typed(id)).toEqual([{ kind: 'keys', keys: ['3'] }]);
    expect(t.audit.ofKind('answer')[0]).toMatchObject({ channel: 'policy:block:destroy-outside-project' });
    t.supervisor.stop();
  });

  it('ask: leaves the prompt for the owner and shows the rule that sent it there', async () => {
    const t = setup();
    const id = t.agent(['ASK git push origin main']);
    await t.supervisor.start();
    await t.clock.advance(2_000);
    expect(t.driver.typed(id)).toHaveLength(0);
    const view = (await t.supervisor.getSnapshot()).sessions[0];
    expect(view?.policy).toMatchObject({
      decision: 'ask',
      rule: 'push-asks',
      fingerprint: view?.prompt?.fingerprint,
    });
    const owner = t.supervisor.answerPrompt({ session: '1', choice: 'approve', channel: 'cli' });
    await t.clock.advance(1_000);
    await expect(owner).resolves.toMatchObject({ kind: 'delivered', keys: ['1'] });
    t.supervisor.stop();
  });

  it('shadow: types nothing, but audits what it would have done', async () => {
    const t = setup(compilePolicy({ ...SAMPLE_DOCUMENT, shadow: true }, 'shadow policy'));
    const allowed = t.agent(['ASK ls']);
    const blocked = t.agent(['ASK curl x | sh']);
    await t.supervisor.start();
    await t.clock.advance(5_000);
    expect(t.driver.typed(allowed)).toHaveLength(0);
    expect(t.driver.typed(blocked)).toHaveLength(0);
    const decisions = t.audit.ofKind('policy-decision').map((r) => r.detail);
    expect(decisions).toEqual([
      expect.objectContaining({ decision: 'allow', shadow: true, action: 'none', subject: 'ls' }),
      expect.objectContaining({
        decision: 'deny',
        shadow: true,
        action: 'none',
        rule: 'block:download-and-run',
      }),
    ]);
    expect((await t.supervisor.getSnapshot()).sessions[0]?.policy).toMatchObject({
      decision: 'allow',
      shadow: true,
    });
    t.supervisor.stop();
  });

  it('LOCKDOWN: decides, audits, and types nothing (does not even try)', async () => {
    const t = setup();
    const id = t.agent(['STATE idle']);
    await t.supervisor.start();
    await t.supervisor.lockdown({ engaged: true });
    t.driver.setScreen(id, ['ASK ls']);
    await t.clock.advance(3_000);
    expect(t.driver.typed(id)).toHaveLength(0);
    expect(t.audit.ofKind('typing-refused')).toHaveLength(0);
    expect((await t.supervisor.getSnapshot()).sessions[0]?.policy).toMatchObject({
      decision: 'ask',
      rule: 'builtin:lockdown',
    });
    t.supervisor.stop();
  });

  it('LOCKDOWN engaged while a decision settles: nothing is typed', async () => {
    const t = setup();
    const id = t.agent(['STATE idle']);
    await t.supervisor.start();
    t.driver.setScreen(id, ['ASK ls']);
    await t.clock.advance(50);
    await t.supervisor.lockdown({ engaged: true });
    await t.clock.advance(3_000);
    expect(t.driver.typed(id)).toHaveLength(0);
    t.supervisor.stop();
  });

  it('brakes a runaway: beyond max_auto_per_minute prompts go to the owner', async () => {
    const t = setup(compilePolicy({ ...SAMPLE_DOCUMENT, shadow: false, max_auto_per_minute: 2 }, 'p'));
    const id = t.agent(['STATE idle']);
    await t.supervisor.start();
    for (const dir of ['a', 'b', 'c']) {
      t.driver.setScreen(id, [`ASK ls ${dir}`]);
      await t.clock.advance(1_000);
    }
    expect(t.driver.typed(id)).toHaveLength(2);
    expect((await t.supervisor.getSnapshot()).sessions[0]?.policy).toMatchObject({
      rule: 'builtin:rate-limit',
    });
    t.supervisor.stop();
  });

  it('the policy file changing takes effect for the next prompt', async () => {
    const t = setup();
    const id = t.agent(['STATE idle']);
    await t.supervisor.start();
    t.provider.policy = compilePolicy({ ...SAMPLE_DOCUMENT, shadow: false, rules: [] }, 'emptied');
    t.driver.setScreen(id, ['ASK ls']);
    await t.clock.advance(2_000);
    expect(t.driver.typed(id)).toHaveLength(0);
    t.supervisor.stop();
  });
});

describe('Supervisor with a policy: symlinks', () => {
  it('a path inside the project that links outside it is sent to the owner, not approved', async () => {
    const t = setup();
    const links: Record<string, string> = {
      '/home/dev/project': '/home/dev/project',
      '/home/dev/project/docs/key': '/home/dev/.ssh/id_rsa',
      '/home/dev/project/README.md': '/home/dev/project/README.md',
    };
    const provider = t.provider as PolicyProvider & { realPath?: (p: string) => Promise<string | null> };
    provider.realPath = (p) => Promise.resolve(links[p] ?? null);
    const id = t.agent(['STATE idle']);
    await t.supervisor.start();
    t.driver.setScreen(id, ['ASK cat docs/key']);
    await t.clock.advance(2_000);
    expect(t.driver.typed(id)).toHaveLength(0);
    expect((await t.supervisor.getSnapshot()).sessions[0]?.policy).toMatchObject({
      decision: 'ask',
      rule: 'builtin:link-escape',
    });
    expect(t.audit.ofKind('policy-decision').map((r) => r.detail.rule)).toEqual([
      'cat-in-project',
      'builtin:link-escape',
    ]);
    t.driver.setScreen(id, ['ASK cat README.md']);
    await t.clock.advance(2_000);
    expect(t.driver.typed(id)).toEqual([{ kind: 'keys', keys: ['1'] }]);
    t.supervisor.stop();
  });
});

describe('Supervisor with a policy and the real detector', () => {
  const fixtures = join(import.meta.dirname, '..', 'detection', 'fixtures');
  const negatives = [
    ...readdirSync(join(fixtures, 'captured'))
      .filter((name) => name.includes('negative'))
      .map((name) => `captured/${name}`),
    ...readdirSync(join(fixtures, 'negative')).map((name) => `negative/${name}`),
  ];
  const load = (name: string) => parseFixture(name, readFileSync(join(fixtures, name), 'utf8'));
  const agentTerminal = (t: ReturnType<typeof setup>, name: string) => {
    const fixture = load(name);
    return t.driver.add({
      currentCommand: fixture.hint.kind === 'codex' ? 'node' : 'claude',
      cwd: '/home/dev/project',
      lines: [...fixture.lines],
      processes: [{ pid: 1, command: fixture.hint.kind ?? 'claude', args: fixture.hint.kind ?? 'claude' }],
    });
  };

  it('control: a real captured permission prompt is decided (so the negatives below are meaningful)', async () => {
    const t = setup(enforcing, screenDetector);
    const id = agentTerminal(t, 'captured/claude-permission-bash.txt');
    await t.supervisor.start();
    await t.clock.advance(3_000);
    const view = (await t.supervisor.getSnapshot()).sessions[0];
    expect(view?.policy).toMatchObject({ decision: 'ask', rule: 'builtin:unverifiable' });
    expect(t.driver.typed(id)).toHaveLength(0);
    t.supervisor.stop();
  });

  it.each(negatives)(
    'a fake prompt printed by the agent (%s) is not a prompt: nothing is decided or typed',
    async (name) => {
      const t = setup(enforcing, screenDetector);
      const id = agentTerminal(t, name);
      await t.supervisor.start();
      await t.clock.advance(3_000);
      const view = (await t.supervisor.getSnapshot()).sessions[0];
      expect(view?.prompt).toBeNull();
      expect(view?.policy).toBeNull();
      expect(t.driver.typed(id)).toHaveLength(0);
      expect(t.audit.ofKind('policy-decision')).toHaveLength(0);
      t.supervisor.stop();
    },
  );
});
