import { describe, expect, it } from 'vitest';
import type { BridgeView } from '../../../contract/dto';
import { telegramBridgeView, throttledBridgeReport } from './bridge-status';

const base = { botUsername: 'tower_bot', lastUpdateAt: null, reason: null } as const;

describe('Telegram bridge status for the tray', () => {
  it('maps connected, connecting, a second poller and a plain stop', () => {
    expect(telegramBridgeView({ ...base, state: 'connected', lastUpdateAt: 5 })).toEqual({
      id: 'telegram',
      state: 'up',
      detail: '@tower_bot',
      reason: null,
      lastActivityAt: 5,
    });
    expect(telegramBridgeView({ ...base, state: 'starting' })).toMatchObject({
      state: 'down',
      reason: 'connecting to Telegram…',
    });
    const conflict =
      'another instance is polling this bot (409 Conflict); stop it or use another bot token, then restart';
    expect(telegramBridgeView({ ...base, state: 'stopped', reason: conflict })).toMatchObject({
      state: 'down',
      reason: conflict,
    });
    expect(telegramBridgeView({ ...base, state: 'stopped' })).toMatchObject({ state: 'off' });
  });

  it('reports every state change but activity only every 30 s', () => {
    const seen: BridgeView[] = [];
    const report = throttledBridgeReport((v) => seen.push(v));
    report({ ...base, state: 'connected', lastUpdateAt: 1_000 });
    report({ ...base, state: 'connected', lastUpdateAt: 2_000 });
    report({ ...base, state: 'connected', lastUpdateAt: 31_000 });
    report({ ...base, state: 'down', lastUpdateAt: 31_500, reason: 'cannot reach Telegram' });
    expect(seen.map((v) => [v.state, v.lastActivityAt])).toEqual([
      ['up', 1_000],
      ['up', 31_000],
      ['down', 31_500],
    ]);
  });
});
