/**
 * End to end: what the owner saves in Settings takes effect without restarting Tower. The headless
 * program as it ships (startHeadless), driven through its own HTTP API as the Settings page does:
 * a bot token starts the Telegram bridge against the Bot API emulator (a user really pairs), a new
 * Twilio auth token moves the phone line to it at once (requests signed with the old one are refused),
 * and deleting the token takes the bridge down.
 */
import { generate, generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeView } from '../../electron/contract/dto';
import { inboundCall as inbound, startHeadlessTower, until, type HeadlessTower } from './headless-rig';
import { freePort, startEmulator, type Emulator } from './telegram-emulator';
import { TwilioPeer } from './twilio-stand-in';

const TOKEN = '7000000002:AAE-tower-live-settings-token-000000';
const PUBLIC = 'https://tower-live.example';
const SEED = generateSecret();

let emulator: Emulator;
let tower: HeadlessTower;
let phonePort: number;

beforeAll(async () => {
  emulator = await startEmulator(TOKEN);
  phonePort = await freePort();
  tower = await startHeadlessTower({
    TOWER_TELEGRAM_API_ROOT: emulator.apiRoot,
    TOWER_TELEGRAM_MORNING: 'off',
    TOWER_PHONE_PORT: String(phonePort),
  });
}, 60_000);

afterAll(async () => {
  await tower?.stop();
  await emulator?.stop();
});

describe('settings saved while Tower runs', () => {
  it('a bot token saved in Settings starts the Telegram bridge, and a user can pair', async () => {
    expect(await bridge('telegram')).toMatchObject({ state: 'off', reason: 'no bot token set' });
    await tower.api.setSecret({ name: 'telegram.token', value: TOKEN });
    let last: BridgeView | undefined;
    const up = await until('the Telegram bridge up with a pairing code', async () => {
      const view = (last = await bridge('telegram'));
      return view?.state === 'up' && /send (\S+) to/.exec(view.detail ?? '');
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; the bridge showed ${JSON.stringify(last)}`);
    });
    const user = emulator.user(4242);
    await user.say(up[1] ?? '');
    await until('the bot to confirm the pairing', () =>
      Promise.resolve(emulator.botMessages(4242).some((m) => /paired/i.test(m.text))),
    );
  });

  it('deleting the token takes the Telegram bridge down; nobody is answered', async () => {
    await tower.api.deleteSecret({ name: 'telegram.token' });
    await until('the Telegram bridge off', async () => (await bridge('telegram'))?.state === 'off');
    const before = emulator.botMessages(4242).length;
    await emulator.user(4242).say('/status');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(emulator.botMessages(4242)).toHaveLength(before);
  });

  it('the phone line starts once configured, and follows a new Twilio auth token at once', async () => {
    expect(await bridge('phone')).toMatchObject({ state: 'off' });
    await tower.api.setSecret({ name: 'phone.publicUrl', value: PUBLIC });
    await tower.api.setSecret({ name: 'totp.seed', value: SEED });
    await tower.api.setSecret({ name: 'twilio.authToken', value: 'first-auth-token-0123456789' });
    await until('the phone bridge up', async () => (await bridge('phone'))?.state === 'up');
    const first = peer('first-auth-token-0123456789');
    expect((await first.post(`${PUBLIC}/voice/answer`, inbound())).status).toBe(200);

    await tower.api.setSecret({ name: 'twilio.authToken', value: 'second-auth-token-9876543210' });
    const second = peer('second-auth-token-9876543210');
    await until('the new token accepted', async () => {
      const reply = await second.post(`${PUBLIC}/voice/answer`, inbound()).catch(() => null);
      return reply?.status === 200;
    });
    expect((await first.post(`${PUBLIC}/voice/answer`, inbound())).status).toBe(403);
  });

  it('a phone line locked by wrong PIN codes is opened again from here (`unlockPhone`), and only from here', async () => {
    const line = peer('second-auth-token-9876543210');
    const wrong = { Digits: '000000' };
    let heard: string[] = [];
    for (let call = 0; call < 5 && !(await bridge('phone'))?.lockedUntil; call += 1)
      heard = (await line.call(`${PUBLIC}/voice/answer`, inbound(), [wrong, wrong, wrong])).transcript;
    expect((await bridge('phone'))?.lockedUntil).toBeGreaterThan(Date.now());
    const refused = await line.call(`${PUBLIC}/voice/answer`, inbound(), []);
    expect(refused.transcript.join('\n')).toContain('not available');
    // A remote channel cannot even name itself here: the API takes only the Mac's channels.
    await expect(tower.api.unlockPhone({ channel: 'phone:+15551230000' })).rejects.toThrow(/channel/);

    expect(await tower.api.unlockPhone({ channel: 'cli' })).toMatchObject({ lifted: true });
    expect((await bridge('phone'))?.lockedUntil ?? null).toBeNull();
    const code = await generate({ secret: SEED });
    const answered = await line.call(`${PUBLIC}/voice/answer`, inbound(), [{ Digits: code }]);
    expect(answered.transcript.join('\n')).not.toContain('not available');
    expect(answered.transcript).toContain('SAY No sessions are running.');
    expect(heard.at(-2)).toBe('SAY This line is not available right now. Goodbye.'); // the call that locked it
    expect(await tower.api.unlockPhone({ channel: 'cli' })).toMatchObject({ lifted: false });
  });
});

function bridge(id: BridgeView['id']): Promise<BridgeView | undefined> {
  return tower.bridge(id);
}

function peer(authToken: string): TwilioPeer {
  return new TwilioPeer({ authToken, publicBase: PUBLIC, localBase: () => `http://127.0.0.1:${phonePort}` });
}
