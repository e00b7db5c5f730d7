/**
 * End to end: the bridges' secrets given in the environment. They leave the environment Tower's
 * terminals inherit, still serve the phone line after a restart caused by a Settings change, and stop
 * serving it once the owner deletes that value in Settings (a leaked token must switch off). The
 * headless program as it ships, a Twilio peer signing with twilio's own code.
 */
import { generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeView } from '../../electron/contract/dto';
import { inboundCall as inbound, startHeadlessTower, until, type HeadlessTower } from './headless-rig';
import { freePort } from './telegram-emulator';
import { TwilioPeer } from './twilio-stand-in';

const PUBLIC = 'https://tower-env.example';
const AUTH = 'env-auth-token-0123456789abcdef';

let tower: HeadlessTower;
let env: NodeJS.ProcessEnv;
let peer: TwilioPeer;

beforeAll(async () => {
  const port = await freePort();
  tower = await startHeadlessTower({
    TOWER_PHONE_PORT: String(port),
    TOWER_PHONE_PUBLIC_URL: PUBLIC,
    TOWER_TWILIO_AUTH_TOKEN: AUTH,
    TOWER_PHONE_TOTP_SECRET: generateSecret(),
    // A bot token too (its bridge cannot reach this API root, which does not matter here).
    TOWER_TELEGRAM_TOKEN: '7000000003:AAE-tower-env-token-for-nobody-000000',
    TOWER_TELEGRAM_API_ROOT: `http://127.0.0.1:${await freePort()}`,
  });
  env = tower.env;
  peer = new TwilioPeer({ authToken: AUTH, publicBase: PUBLIC, localBase: () => `http://127.0.0.1:${port}` });
}, 60_000);

afterAll(async () => {
  await tower?.stop();
});

describe('bridge secrets from the environment', () => {
  it('leave the environment agents inherit; the rest stays', () => {
    expect(env.TOWER_TWILIO_AUTH_TOKEN).toBeUndefined();
    expect(env.TOWER_PHONE_TOTP_SECRET).toBeUndefined();
    expect(env.TOWER_TELEGRAM_TOKEN).toBeUndefined();
    expect(env.TOWER_PHONE_PUBLIC_URL).toBe(PUBLIC);
  });

  it('still serve the phone line after a Settings change restarts it', async () => {
    await until('the phone bridge up', async () => (await bridge())?.state === 'up');
    expect((await peer.post(`${PUBLIC}/voice/answer`, inbound())).status).toBe(200);
    await tower.api.setSecret({ name: 'phone.owner', value: '+15551230000' });
    expect((await bridge())?.lastActivityAt).not.toBeNull();
    // A new bridge instance has served no call yet: its view has no last activity.
    await until('the restarted line', async () => {
      const view = await bridge();
      return view?.state === 'up' && view.lastActivityAt === null;
    });
    expect((await bridge())?.state).toBe('up');
    expect((await peer.post(`${PUBLIC}/voice/answer`, inbound())).status).toBe(200);
  });

  it('stop serving once the owner deletes the value in Settings', async () => {
    await tower.api.deleteSecret({ name: 'twilio.authToken' });
    const off = await until('the phone bridge off', async () => {
      const view = await bridge();
      return view?.state === 'off' && view;
    });
    expect(off.reason).toContain('the Twilio auth token');
    await expect(peer.post(`${PUBLIC}/voice/answer`, inbound())).rejects.toThrow();
  });
});

function bridge(): Promise<BridgeView | undefined> {
  return tower.bridge('phone');
}
