import { describe, expect, it } from 'vitest';
import { rig } from '../core/approvals/test-rig';
import { dispatch } from './rpc';

// Every wire caller is local (loopback + token, or IPC): it may name only a local channel, so a
// request cannot pass itself off as a remote bridge, nor a remote bridge's words reach the core as local.
describe('lockdown over the wire', () => {
  it('accepts only the local channels, and lifts only from them', async () => {
    const t = rig();
    await t.supervisor.start();
    await t.supervisor.lockdown({ engaged: true, channel: 'telegram:7' });
    for (const channel of ['telegram:7', 'phone:+15550100', 'hooks', 'TRAY', '']) {
      const outcome = await dispatch(t.supervisor, 'lockdown', { engaged: false, channel });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    }
    expect((await t.supervisor.getSnapshot()).lockdown).toBe(true);
    expect(await dispatch(t.supervisor, 'lockdown', { engaged: false, channel: 'tray' })).toEqual({
      ok: true,
      result: { lockdown: false },
    });
    expect(await dispatch(t.supervisor, 'lockdown', { engaged: true })).toEqual({
      ok: true,
      result: { lockdown: true },
    });
    expect(t.audit.ofKind('lockdown-engaged').at(-1)?.channel).toBe('api');
    t.supervisor.stop();
  });
});
