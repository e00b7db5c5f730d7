/**
 * The Supervisor's focus and settings calls: focus reaches the right driver and types nothing;
 * secrets go to the SecretStore and never come back as values.
 */
import { describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor';
import { FakeClock } from './testing/fake-clock';
import { FakeTerminalDriver } from './testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from './testing/memory-audit';
import { MemorySecretStore } from './testing/memory-secret-store';
import { scriptedDetector } from './testing/scripted-detector';

function setup(withSecrets = true) {
  const tmux = new FakeTerminalDriver('tmux');
  const pty = new FakeTerminalDriver('pty');
  // node-pty terminals have no window: their driver has no focus at all.
  Object.defineProperty(pty, 'focus', { value: undefined });
  const audit = new MemoryAuditSink();
  const secrets = new MemorySecretStore();
  const supervisor = new Supervisor({
    drivers: [tmux, pty],
    detector: scriptedDetector,
    clock: new FakeClock(),
    audit,
    store: new MemoryStore(),
    ...(withSecrets ? { secrets } : {}),
  });
  return { tmux, pty, audit, secrets, supervisor };
}

describe('Supervisor.focusAgent', () => {
  it('focuses the session’s own pane, types nothing, and audits it', async () => {
    const t = setup();
    t.tmux.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    const second = t.tmux.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await t.supervisor.start();
    const session = (await t.supervisor.getSnapshot()).sessions.find((s) => s.terminalId === second);
    expect(await t.supervisor.focusAgent({ session: String(session?.number) })).toEqual({ focused: true });
    expect(t.tmux.focused).toEqual([second]);
    expect(t.tmux.typed(second)).toEqual([]);
    expect(t.audit.ofKind('focus')).toHaveLength(1);
    t.supervisor.stop();
  });

  it('says plainly when a provider has no window, and when the session is unknown', async () => {
    const t = setup();
    t.pty.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await t.supervisor.start();
    await expect(t.supervisor.focusAgent({ session: '1' })).rejects.toMatchObject({
      code: 'not-allowed',
      message: expect.stringMatching(/pty terminals have no window/u) as unknown,
    });
    await expect(t.supervisor.focusAgent({ session: '99' })).rejects.toMatchObject({
      code: 'unknown-session',
    });
    t.supervisor.stop();
  });
});

describe('Supervisor settings (secrets)', () => {
  it('stores a secret, lists it as set with only its last four characters', async () => {
    const t = setup();
    await t.supervisor.setSecret({ name: 'telegram.token', value: '7000000001:AAFabcdefghijklmnopQRST' });
    expect(t.secrets.values.get('telegram.token')).toBe('7000000001:AAFabcdefghijklmnopQRST');
    const listed = await t.supervisor.listSecrets();
    expect(listed.find((s) => s.name === 'telegram.token')).toMatchObject({ set: true, preview: '…QRST' });
    expect(JSON.stringify(listed)).not.toContain('abcdefghij');
    expect(JSON.stringify(t.audit.records)).not.toContain('abcdefghij');
    await t.supervisor.deleteSecret({ name: 'telegram.token' });
    expect(t.secrets.values.has('telegram.token')).toBe(false);
  });

  it('refuses settings calls when no secret store was wired', async () => {
    const t = setup(false);
    await expect(t.supervisor.listSecrets()).rejects.toMatchObject({ code: 'not-allowed' });
  });
});
