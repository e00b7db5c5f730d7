// The IPC transport in plain Node: `electron` is replaced by a recording fake (no binary needed).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TOWER_METHODS } from '../contract/api';
import { FakeBackend, fakeSnapshot } from './fake-backend';

type Handler = (event: { senderFrame: unknown }, args: unknown) => Promise<unknown>;
const fakeIpc = vi.hoisted(() => ({ handlers: new Map<string, Handler>() }));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => fakeIpc.handlers.set(channel, fn),
    removeHandler: (channel: string) => fakeIpc.handlers.delete(channel),
  },
}));

const { bindIpcMain, isTrustedSender, IPC_CALL_PREFIX, IPC_EVENT_PREFIX } =
  await import('./ipc-main-transport');

const ours = { senderFrame: { url: 'app://tower/index.html', parent: null } };
let backend: FakeBackend;
let sent: { channel: string; payload: unknown }[];
let unbind: () => void;

beforeEach(() => {
  fakeIpc.handlers.clear();
  backend = new FakeBackend();
  sent = [];
  const target = {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
  };
  unbind = bindIpcMain({ backend, trustedOrigins: ['app://tower'], targets: () => [target] });
});

const call = (method: string, event: { senderFrame: unknown }, args?: unknown) => {
  const handler = fakeIpc.handlers.get(`${IPC_CALL_PREFIX}${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(event, args);
};

describe('bindIpcMain', () => {
  it('registers exactly one handler per contract call and removes them all', () => {
    expect([...fakeIpc.handlers.keys()].sort()).toEqual(
      TOWER_METHODS.map((m) => `${IPC_CALL_PREFIX}${m}`).sort(),
    );
    unbind();
    expect(fakeIpc.handlers.size).toBe(0);
    expect(backend.listenerCount('snapshot')).toBe(0);
  });

  it('dispatches calls from our own top frame with validated arguments', async () => {
    const args = { session: 's1', choice: 'approve', fingerprint: 'fp', channel: 'tray' };
    await expect(call('answerPrompt', ours, args)).resolves.toMatchObject({ ok: true });
    expect(backend.calls).toEqual([{ method: 'answerPrompt', args }]);
  });

  it('refuses forged senders before the backend sees anything', async () => {
    const forged = [
      null,
      { url: 'https://evil.example/', parent: null },
      { url: 'app://tower.evil/index.html', parent: null },
      { url: 'app://tower/index.html', parent: {} },
      { url: 'file:///Users/me/index.html', parent: null },
      { url: 'not a url', parent: null },
    ];
    for (const senderFrame of forged) {
      await expect(call('lockdown', { senderFrame }, { engaged: false })).resolves.toEqual({
        ok: false,
        error: { code: 'not-allowed', message: expect.any(String) as string },
      });
    }
    expect(backend.calls).toEqual([]);
  });

  it('rejects malformed arguments with invalid-arguments', async () => {
    const outcome = await call('answerPrompt', ours, { session: 's1', choice: 'yes-to-everything' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(backend.calls).toEqual([]);
  });

  it('forwards contract events to the window', () => {
    const snapshot = fakeSnapshot([], 7);
    backend.emit('snapshot', snapshot);
    expect(sent).toEqual([{ channel: `${IPC_EVENT_PREFIX}snapshot`, payload: snapshot }]);
  });

  it('trusts a dev-server origin only when listed', () => {
    const dev = { url: 'http://localhost:5173/', parent: null };
    expect(isTrustedSender(dev, ['app://tower'])).toBe(false);
    expect(isTrustedSender(dev, ['app://tower', 'http://localhost:5173'])).toBe(true);
  });
});
