import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Supervisor } from '../../core/supervisor';
import { FakeClock } from '../../core/testing/fake-clock';
import { FakeTerminalDriver } from '../../core/testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from '../../core/testing/memory-audit';
import { scriptedDetector } from '../../core/testing/scripted-detector';
import { announceHooks, hookEndpoint, planHooks, REJECTIONS_AUDITED_PER_MINUTE } from './hooks-wiring';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tower-hooks-wiring-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function supervisor(audit = new MemoryAuditSink()) {
  return new Supervisor({
    drivers: [new FakeTerminalDriver()],
    detector: scriptedDetector,
    clock: new FakeClock(),
    audit,
    store: new MemoryStore(),
  });
}

describe('hooks wiring (both roots)', () => {
  it('writes the 0600 config once the URL is known and reports the hooks bridge up', async () => {
    const env = { CLAUDE_CONFIG_DIR: join(home, 'claude') };
    const plan = planHooks(home, env);
    const sup = supervisor();
    announceHooks(plan, sup, 'http://127.0.0.1:7733', env);
    const path = join(home, 'hooks', 'hook-config.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      url: 'http://127.0.0.1:7733',
      secret: plan.config?.secret,
    });
    const bridge = (await sup.getSnapshot()).bridges.find((b) => b.id === 'hooks');
    expect(bridge).toMatchObject({ state: 'up', reason: null });
    expect(bridge?.detail).toContain('claude --settings');
    expect(bridge?.detail).toContain(`${join(home, 'claude', 'settings.json')}: not installed`);
    expect(JSON.stringify(bridge)).not.toContain(plan.config?.secret ?? '?');
    // A hook event shows as the bridge's last activity.
    await sup.hooks.handle('claude', { v: 1, event: { hook_event_name: 'SessionStart' } });
    const after = (await sup.getSnapshot()).bridges.find((b) => b.id === 'hooks');
    expect(after?.lastActivityAt).toBe(sup.hooks.lastActivityAt());
    expect(after?.lastActivityAt).not.toBeNull();
  });

  it('audits refused hook posts without the secret presented', async () => {
    const audit = new MemoryAuditSink();
    const plan = planHooks(home, {});
    const endpoint = hookEndpoint(plan, supervisor(audit), audit);
    endpoint?.rejected({ status: 403, reason: 'wrong hook secret', path: '/hooks/claude' });
    await Promise.resolve();
    expect(audit.ofKind('hook-rejected')).toEqual([
      expect.objectContaining({
        channel: 'hook',
        detail: { status: 403, reason: 'wrong hook secret', path: '/hooks/claude', unauditedBefore: 0 },
      }),
    ]);
    // A flood is audited up to the per-minute budget, the rest only counted.
    for (let i = 0; i < 100; i += 1)
      endpoint?.rejected({ status: 401, reason: 'missing hook secret', path: '/hooks/claude' });
    await Promise.resolve();
    expect(audit.ofKind('hook-rejected')).toHaveLength(REJECTIONS_AUDITED_PER_MINUTE);
  });

  it('TOWER_HOOKS=off: no route, agents start as given, the bridge says off and why', async () => {
    const plan = planHooks(home, { TOWER_HOOKS: 'off' });
    const sup = supervisor();
    expect(hookEndpoint(plan, sup, new MemoryAuditSink())).toBeUndefined();
    expect(plan.wiring.launcher).toBeUndefined();
    announceHooks(plan, sup, 'http://127.0.0.1:1', {});
    expect((await sup.getSnapshot()).bridges).toContainEqual(
      expect.objectContaining({ id: 'hooks', state: 'off', reason: 'TOWER_HOOKS=off' }),
    );
  });
});
