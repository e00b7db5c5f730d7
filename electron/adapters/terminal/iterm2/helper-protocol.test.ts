import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../core/testing/terminal-driver.contract';
import type { HelperClient, HelperEvent } from './helper-client';
import { HelperClient as Client, HelperError } from './helper-client';
import { standInLaunch, startStandIn } from './test-support';

const FAKE = { sessions: [{ id: 'A-1', tty: '/dev/ttys003', lines: ['$ '] }] };
const clients: HelperClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function started(fake: unknown = FAKE): Promise<HelperClient> {
  const client = await startStandIn(fake);
  clients.push(client);
  return client;
}

describe('tower_iterm2_helper.py over JSON lines (python3 + stand-in iterm2)', () => {
  it('answers list, send_text and screen; library stdout noise stays off the protocol', async () => {
    const client = await started();
    const list = await client.request<{ sessions: { session: string; tty: string }[] }>('list');
    expect(list.sessions).toMatchObject([{ session: 'A-1', tty: '/dev/ttys003', cols: 80, rows: 24 }]);
    await client.request('send_text', { session: 'A-1', text: 'echo "é" \\ $x\r' });
    const screen = await client.request<{ lines: string[]; cursor: number[] }>('screen', { session: 'A-1' });
    expect(screen.lines).toEqual(['$ echo "é" \\ $x', '']);
    expect(screen.cursor).toEqual([0, 1]);
  });

  it('reports errors per request and keeps serving', async () => {
    const client = await started();
    await expect(client.request('screen', { session: 'nope' })).rejects.toMatchObject({
      code: 'NO_SUCH_SESSION',
    });
    await expect(client.request('screen', { session: 7 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(client.request('send_text', { session: 'A-1' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(client.request('rm -rf')).rejects.toMatchObject({ code: 'UNKNOWN_OP' });
    expect((await client.request<{ sessions: unknown[] }>('list')).sessions).toHaveLength(1);
  });

  it('pushes screen changes and session created/closed events', async () => {
    const client = await started();
    const events: HelperEvent[] = [];
    client.onEvent((e) => events.push(e));
    await client.request('send_text', { session: 'A-1', text: 'x' });
    await waitFor('a screen event', () => (events.some((e) => e.event === 'screen') ? true : undefined));
    const created = await client.request<{ session: string; title: string }>('create', {
      line: "env -- 'ls'",
      title: 'agent',
    });
    expect(created.title).toBe('agent');
    await client.request('close', { session: created.session });
    await waitFor('created and closed events', () =>
      events.some((e) => e.event === 'session_created' && e.session === created.session) &&
      events.some((e) => e.event === 'session_closed' && e.session === created.session)
        ? true
        : undefined,
    );
  });

  it('exits by itself when stdin closes (no orphan)', async () => {
    const client = await started();
    const t0 = Date.now();
    await client.close(10_000);
    expect(client.alive).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5_000);
    await expect(client.request('list')).rejects.toMatchObject({ code: 'EXITED' });
  });

  it('reports fatal CONNECT_FAILED when iTerm2 refuses, and NO_ITERM2_MODULE without the package', async () => {
    await expect(startStandIn({ connect_error: 'API disabled' })).rejects.toMatchObject({
      code: 'CONNECT_FAILED',
    });
    const error = await Client.start(standInLaunch(FAKE, false)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelperError);
    expect((error as HelperError).code).toBe('NO_ITERM2_MODULE');
  });

  it('rejects at once when the interpreter does not exist', async () => {
    const t0 = Date.now();
    const error = await Client.start({ ...standInLaunch(FAKE), python: '/nonexistent/python3' }).catch(
      (e: unknown) => e,
    );
    expect((error as HelperError).code).toBe('EXITED');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
