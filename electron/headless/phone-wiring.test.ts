import { describe, expect, it } from 'vitest';
import type { BridgeView } from '../contract/dto';
import { FakeClock } from '../core/testing/fake-clock';
import { MemoryAuditSink, MemoryStore } from '../core/testing/memory-audit';
import { MemorySecretStore } from '../core/testing/memory-secret-store';
import { FakePhoneBackend } from '../core/phone/testing/phone-fakes';
import { phoneBackendOf, startPhoneFromEnv } from './phone-wiring';

function wiring(env: NodeJS.ProcessEnv, secrets = new MemorySecretStore()) {
  const reports: BridgeView[] = [];
  const printed: string[] = [];
  return {
    reports,
    printed,
    run: () =>
      startPhoneFromEnv({
        env,
        secrets,
        backend: new FakePhoneBackend(),
        audit: new MemoryAuditSink(),
        store: new MemoryStore(),
        clock: new FakeClock(),
        report: (v) => reports.push(v),
        print: (l) => printed.push(l),
      }),
  };
}

describe('phone wiring', () => {
  it('stays off without any phone settings, and says so (it may have been up until a setting was deleted)', async () => {
    const w = wiring({});
    expect(await w.run()).toBeNull();
    expect(w.reports).toEqual([
      {
        id: 'phone',
        state: 'off',
        detail: null,
        reason: 'not set up (Settings: phone webhook URL, Twilio auth token, phone PIN)',
        lastActivityAt: null,
      },
    ]);
    expect(w.printed).toEqual([]);
  });

  it('says what is missing (never a value) and stays off when half configured', async () => {
    const env: NodeJS.ProcessEnv = { TOWER_TWILIO_AUTH_TOKEN: 'token-value-123' };
    const w = wiring(env);
    expect(await w.run()).toBeNull();
    expect(w.reports.at(-1)).toMatchObject({ id: 'phone', state: 'off' });
    expect(w.reports.at(-1)?.reason).toBe(
      'Phone bridge not configured: missing the phone webhook URL (Settings, or TOWER_PHONE_PUBLIC_URL), the TOTP secret (tower phone provision).',
    );
    expect(JSON.stringify([w.reports, w.printed])).not.toContain('token-value-123');
    expect(env.TOWER_TWILIO_AUTH_TOKEN).toBeUndefined();
  });

  it('starts with secrets from the store, on a loopback port, and reports the voice URL', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('twilio.authToken', 'stored-token');
    await secrets.set('totp.seed', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    const w = wiring({ TOWER_PHONE_PUBLIC_URL: 'https://tower.example/', TOWER_PHONE_PORT: '0' }, secrets);
    const phone = await w.run();
    expect(phone?.localUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(w.reports.at(-1)).toMatchObject({
      id: 'phone',
      state: 'up',
      detail: 'Twilio webhooks at https://tower.example/voice/answer',
    });
    await phone?.stop();
  });

  it('takes the webhook URL and numbers from Settings (the Mac app has no environment)', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('twilio.authToken', 'stored-token');
    await secrets.set('totp.seed', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    await secrets.set('phone.publicUrl', 'https://settings.example');
    await secrets.set('phone.owner', '+1 (555) 123-0000');
    await secrets.set('twilio.from', '+15559870000');
    await secrets.set('twilio.accountSid', `AC${'0'.repeat(32)}`);
    const w = wiring({ TOWER_PHONE_PUBLIC_URL: 'https://env.example', TOWER_PHONE_PORT: '0' }, secrets);
    const phone = await w.run();
    expect(w.reports.at(-1)).toMatchObject({
      state: 'up',
      // The numbers came from Settings too: the bridge will place calls.
      detail: 'Twilio webhooks at https://settings.example/voice/answer; calls the owner on escalation',
    });
    await phone?.stop();
  });

  it('refuses a phone number that is not E.164, saying which setting', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('twilio.authToken', 'stored-token');
    await secrets.set('totp.seed', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    await secrets.set('phone.owner', '555-CALL-ME');
    const w = wiring({ TOWER_PHONE_PUBLIC_URL: 'https://tower.example', TOWER_PHONE_PORT: '0' }, secrets);
    await expect(w.run()).rejects.toThrow('your phone number "555-CALL-ME" is not a +E.164 number');
  });

  it('pauses through the pool when the backend has one', async () => {
    const calls: unknown[] = [];
    const backend = Object.assign(new FakePhoneBackend(), {
      configurePool: (args: { paused: boolean }) => Promise.resolve(void calls.push(args)),
    });
    await phoneBackendOf(backend).pausePool?.();
    expect(calls).toEqual([{ paused: true }]);
    expect(phoneBackendOf(new FakePhoneBackend()).pausePool).toBeUndefined();
  });
});

describe('phone wiring failures', () => {
  it('reports the bridge down with the reason when the public URL cannot be served', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('twilio.authToken', 'stored-token');
    await secrets.set('totp.seed', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    const w = wiring(
      { TOWER_PHONE_PUBLIC_URL: 'https://tower.example/tower', TOWER_PHONE_PORT: '0' },
      secrets,
    );
    await expect(w.run()).rejects.toThrow(/no path/);
    expect(w.reports.at(-1)).toMatchObject({ id: 'phone', state: 'down' });
    expect(w.reports.at(-1)?.reason).toContain('no path');
  });
});
