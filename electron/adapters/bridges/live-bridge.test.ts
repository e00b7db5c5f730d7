import { describe, expect, it } from 'vitest';
import type { BridgeView } from '../../contract/dto';
import { FakeClock } from '../../core/testing/fake-clock';
import { MemorySecretStore } from '../../core/testing/memory-secret-store';
import { WatchedSecretStore } from '../secrets/watched-secret-store';
import { LiveBridge, RESTART_DEBOUNCE_MS } from './live-bridge';

/** A bridge whose start reads the token from the store, as the real starters do. */
async function rig(fail: (token: string | null) => string | null = () => null) {
  const clock = new FakeClock(0);
  const secrets = new WatchedSecretStore(new MemorySecretStore());
  await secrets.set('telegram.token', 'a'); // before anyone listens: the value Tower starts with
  const reports: BridgeView[] = [];
  const lines: string[] = [];
  const log: string[] = [];
  const bridge = new LiveBridge({
    id: 'telegram',
    label: 'Telegram bridge',
    settings: ['telegram.token'],
    start: async () => {
      const token = await secrets.get('telegram.token');
      const why = fail(token);
      if (why) throw new Error(why);
      if (!token) return null;
      log.push(`start ${token}`);
      return { token, stop: () => Promise.resolve(void log.push(`stop ${token}`)) };
    },
    report: (view) => reports.push(view),
    print: (line) => lines.push(line),
    clock,
  });
  secrets.onChange((name) => bridge.settingChanged(name));
  return { clock, secrets, bridge, reports, lines, log };
}

describe('LiveBridge', () => {
  it('restarts once with the new value when its setting is saved, however many saves land together', async () => {
    const r = await rig();
    await r.bridge.start();
    expect(r.bridge.current()?.token).toBe('a');
    await r.secrets.set('telegram.token', 'b');
    await r.secrets.set('telegram.token', 'c');
    await r.clock.advance(RESTART_DEBOUNCE_MS);
    await r.bridge.settled();
    expect(r.log).toEqual(['start a', 'stop a', 'start c']);
    expect(r.bridge.current()?.token).toBe('c');
  });

  it('ignores settings that are not its own', async () => {
    const r = await rig();
    await r.bridge.start();
    await r.secrets.set('twilio.authToken', 'x');
    await r.clock.advance(RESTART_DEBOUNCE_MS * 2);
    await r.bridge.settled();
    expect(r.log).toEqual(['start a']);
  });

  it('stops when its setting is deleted, and reports a start that fails as down with the reason', async () => {
    const r = await rig((token) => (token === 'bad' ? 'Telegram refused the token' : null));
    await r.bridge.start();
    await r.secrets.delete('telegram.token');
    await r.clock.advance(RESTART_DEBOUNCE_MS);
    await r.bridge.settled();
    expect(r.bridge.current()).toBeNull();
    await r.secrets.set('telegram.token', 'bad');
    await r.clock.advance(RESTART_DEBOUNCE_MS);
    await r.bridge.settled();
    expect(r.log).toEqual(['start a', 'stop a']);
    expect(r.reports.at(-1)).toMatchObject({
      id: 'telegram',
      state: 'down',
      reason: 'Telegram bridge not restarted: Telegram refused the token',
    });
  });

  it('does not start again after stop, even with a restart pending', async () => {
    const r = await rig();
    await r.bridge.start();
    await r.secrets.set('telegram.token', 'b');
    await r.bridge.stop();
    await r.clock.advance(RESTART_DEBOUNCE_MS);
    await r.bridge.settled();
    expect(r.log).toEqual(['start a', 'stop a']);
    expect(r.bridge.current()).toBeNull();
  });
});
