import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import { MemoryAuditSink } from '../testing/memory-audit';
import { MemorySecretStore } from '../testing/memory-secret-store';
import { SecretSettings } from './secret-settings';

function setup() {
  const secrets = new MemorySecretStore();
  const audit = new MemoryAuditSink();
  const changed: string[] = [];
  const settings = new SecretSettings({
    secrets,
    audit,
    clock: new FakeClock(1000),
    changed: (n) => changed.push(n),
  });
  return { secrets, audit, settings, changed };
}

describe('SecretSettings', () => {
  it('lists every known secret as not set at first', async () => {
    const list = await setup().settings.list();
    expect(list.map((s) => s.name)).toEqual([
      'telegram.token',
      'twilio.accountSid',
      'twilio.authToken',
      'totp.seed',
      'phone.publicUrl',
      'twilio.from',
      'phone.owner',
    ]);
    expect(list.every((s) => !s.set && s.preview === null)).toBe(true);
  });

  it('stores a value, then shows only "set" and the last four characters — never the value', async () => {
    const { settings, secrets } = setup();
    await settings.set({ name: 'telegram.token', value: '123456789:AAHsecretsecretWXYZ' });
    expect(secrets.values.get('telegram.token')).toBe('123456789:AAHsecretsecretWXYZ');
    const token = (await settings.list()).find((s) => s.name === 'telegram.token');
    expect(token).toMatchObject({ set: true, preview: '…WXYZ' });
    expect(JSON.stringify(await settings.list())).not.toContain('secretsecret');
  });

  it("shows the phone line's numbers and URL in full: they are settings, not secrets", async () => {
    const { settings } = setup();
    await settings.set({ name: 'phone.owner', value: '+15551230000' });
    await settings.set({ name: 'phone.publicUrl', value: 'https://abc.trycloudflare.com' });
    const list = await settings.list();
    expect(list.find((s) => s.name === 'phone.owner')).toMatchObject({ set: true, preview: '+15551230000' });
    expect(list.find((s) => s.name === 'phone.publicUrl')?.preview).toBe('https://abc.trycloudflare.com');
    expect(list.find((s) => s.name === 'twilio.from')).toMatchObject({ set: false, preview: null });
  });

  it('shows no preview of a TOTP seed, however long', async () => {
    const { settings } = setup();
    await settings.set({ name: 'totp.seed', value: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    expect((await settings.list()).find((s) => s.name === 'totp.seed')).toMatchObject({
      set: true,
      preview: null,
    });
  });

  it('audits set and delete by name only, and tells the listener', async () => {
    const { settings, audit, changed } = setup();
    await settings.set({ name: 'twilio.authToken', value: 'abcdefabcdefabcdef0123' });
    await settings.delete({ name: 'twilio.authToken' });
    expect(audit.records.map((r) => [r.kind, r.detail])).toEqual([
      ['secret-set', { name: 'twilio.authToken' }],
      ['secret-deleted', { name: 'twilio.authToken' }],
    ]);
    expect(JSON.stringify(audit.records)).not.toContain('abcdef');
    expect(changed).toEqual(['twilio.authToken', 'twilio.authToken']);
    expect((await settings.list()).find((s) => s.name === 'twilio.authToken')?.set).toBe(false);
  });

  it('refuses an unknown name from an in-process caller', async () => {
    const { settings, secrets } = setup();
    await expect(settings.set({ name: 'evil' as 'totp.seed', value: 'x' })).rejects.toMatchObject({
      code: 'invalid-arguments',
    });
    expect(secrets.values.size).toBe(0);
  });

  it('refuses every call when there is no secret store', async () => {
    const settings = new SecretSettings({
      secrets: null,
      audit: new MemoryAuditSink(),
      clock: new FakeClock(0),
    });
    await expect(settings.list()).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(settings.set({ name: 'totp.seed', value: 'x' })).rejects.toMatchObject({
      code: 'not-allowed',
    });
  });
});
