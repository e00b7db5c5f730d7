/**
 * End to end: Telegram commands and notices against `telegram-test-api` with the real Supervisor,
 * pool and (for the crash) the REAL Claude Code: `/open` runs only an owner template, `/close` and
 * "pause all" ask first, `/task` and `/queue` reach the pool, LOCKDOWN is engaged but never lifted
 * from the phone, a crash and the phone bridge going down are told once, and a second program
 * polling the same bot is reported in the tray instead of raced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChatChannel } from '../../electron/adapters/chat/telegram/telegram-chat-channel';
import type { FakeUser } from './telegram-emulator';
import { eventually, openScriptedClaude } from './telegram-rig';
import { startTelegramTower, TOKEN, type TelegramTower } from './telegram-setup';

const SOCKET = `tower-e2e-tg-remote-${process.pid}`;
const OWNER = 1001;

let t: TelegramTower;
let owner: FakeUser;

beforeAll(async () => {
  t = await startTelegramTower(SOCKET);
  owner = t.emulator.user(OWNER);
  await owner.say(t.pairingCode);
  await eventually(() => t.latest(OWNER, /^Paired/), 'the pairing reply');
});

afterAll(async () => {
  await t?.stop();
});

describe('Telegram commands and notices against the Bot API emulator', () => {
  it('/open starts only a template the owner configured; /close asks first, then closes it', async () => {
    let mark = t.lastId(OWNER);
    await owner.say('/open sleeper');
    const opened = await eventually(
      () => t.latest(OWNER, /^🚀 Opened "sleeper" as session (\d+)/, mark),
      'the opened reply',
    );
    const number = Number(/session (\d+)/.exec(opened.text)?.[1]);
    const session = (await t.tower.supervisor.getSnapshot()).sessions.find((v) => v.number === number);
    expect(session?.provider).toBe('tmux');
    expect(session?.title).toBe('sleeper');
    const before = (await t.tower.supervisor.getSnapshot()).sessions.length;
    mark = t.lastId(OWNER);
    await owner.say('/open bash');
    await eventually(() => t.latest(OWNER, /No template named "bash"/, mark), 'the refusal');
    expect((await t.tower.supervisor.getSnapshot()).sessions.length).toBe(before);

    mark = t.lastId(OWNER);
    await owner.say(`/close ${number}`);
    const confirm = await eventually(() => t.latest(OWNER, /^Close session/, mark), 'the close confirmation');
    expect(
      (await t.tower.supervisor.getSnapshot()).sessions.some((v) => v.number === number && !v.gone),
    ).toBe(true);
    await owner.press(confirm.buttons[0]?.callback_data ?? '', confirm.messageId);
    await eventually(
      () =>
        t.emulator
          .botMessages(OWNER)
          .find((m) => m.messageId === confirm.messageId && /^Closed session/.test(m.text)),
      'the confirmation to show it closed',
    );
  });

  it('/task queues for the pool, /queue lists it, /pause asks first, /resume goes on', async () => {
    let mark = t.lastId(OWNER);
    await owner.say('/task write the release notes for 2.1');
    await eventually(() => t.latest(OWNER, /^📝 Queued task/, mark), 'the queued reply');
    const queued = (await t.tower.supervisor.listTasks()).find(
      (task) => task.text === 'write the release notes for 2.1',
    );
    expect(queued?.status).toBe('queued');
    mark = t.lastId(OWNER);
    await owner.say('/queue');
    const list = await eventually(() => t.latest(OWNER, /^(⏸ )?Task queue/, mark), 'the queue');
    expect(list.text).toContain(`${queued?.id ?? '?'} queued: write the release notes for 2.1`);

    mark = t.lastId(OWNER);
    await owner.say('pause all');
    const confirm = await eventually(() => t.latest(OWNER, /^Pause the pool\?/, mark), 'the confirmation');
    expect((await t.tower.supervisor.getSnapshot()).pool.paused).toBe(false);
    await owner.press(confirm.buttons[0]?.callback_data ?? '', confirm.messageId);
    await eventually(
      () =>
        t.emulator
          .botMessages(OWNER)
          .find((m) => m.messageId === confirm.messageId && /^⏸ Pool paused by/.test(m.text)),
      'the paused confirmation',
    );
    expect((await t.tower.supervisor.getSnapshot()).pool.paused).toBe(true);
    mark = t.lastId(OWNER);
    await owner.say('/resume');
    await eventually(() => t.latest(OWNER, /^▶ Pool resumed by @user1001/, mark), 'the resumed reply');
    expect((await t.tower.supervisor.getSnapshot()).pool.paused).toBe(false);
    if (queued) await t.tower.supervisor.removeTask({ id: queued.id });
  });

  it('LOCKDOWN is engaged from the phone after confirming, and cannot be lifted from it', async () => {
    try {
      let mark = t.lastId(OWNER);
      await owner.say('LOCKDOWN');
      const confirm = await eventually(() => t.latest(OWNER, /^Engage LOCKDOWN\?/, mark), 'the confirmation');
      expect((await t.tower.supervisor.getSnapshot()).lockdown).toBe(false);
      await owner.press(confirm.buttons[0]?.callback_data ?? '', confirm.messageId);
      await eventually(() => t.latest(OWNER, /LOCKDOWN engaged by @user1001/), 'the engaged message');
      expect((await t.tower.supervisor.getSnapshot()).lockdown).toBe(true);
      mark = t.lastId(OWNER);
      await owner.say('/unlock');
      await eventually(() => t.latest(OWNER, /only be lifted at the Mac/, mark), 'the refusal');
      expect((await t.tower.supervisor.getSnapshot()).lockdown).toBe(true);
    } finally {
      await t.tower.supervisor.lockdown({ engaged: false });
    }
  });

  it('proactive notices: a real Claude that crashes, the phone bridge locked out; each told once', async () => {
    const mark = t.lastId(OWNER);
    // node-pty keeps a dead terminal with its exit status, so the crash is seen (a tmux pane just closes).
    const claude = await openScriptedClaude(
      t.tower,
      'telegram-crash',
      'say hello',
      () => [{ kind: 'text', text: 'Hello.' }],
      'pty',
    );
    try {
      const ready = await t.tower.waitFor(
        claude.session.id,
        (v) => v.state === 'idle' && v.pid !== null,
        90_000,
      );
      process.kill(ready.pid ?? 0, 'SIGKILL');
      const note = await eventually(() => t.latest(OWNER, /💥 crashed/, mark), 'the crash notice', 30_000);
      expect(note.text).toMatch(
        new RegExp(`^session ${claude.session.number} · claude · .* 💥 crashed`, 'u'),
      );
      const lockedOut = { id: 'phone', state: 'down', detail: null, lastActivityAt: null } as const;
      const reason = 'locked out for 15 min after 5 wrong codes';
      t.tower.supervisor.reportBridge({ ...lockedOut, reason });
      await eventually(
        () => t.latest(OWNER, /^📵 Phone bridge down: locked out for 15 min/, mark),
        'the notice',
      );
      t.tower.supervisor.reportBridge({ ...lockedOut, state: 'up', reason: null });
      t.tower.supervisor.reportBridge({ ...lockedOut, reason });
      await new Promise((r) => setTimeout(r, 1_000));
      const after = t.emulator.botMessages(OWNER).filter((m) => m.messageId > mark);
      expect(after.filter((m) => m.text.includes('crashed')).length).toBe(1);
      expect(after.filter((m) => m.text.includes('Phone bridge down')).length).toBe(1);
    } finally {
      await claude.close();
      // Supervision may have restarted the crashed agent in a new terminal: close that one too.
      for (const view of (await t.tower.supervisor.getSnapshot()).sessions)
        if (view.provider === 'pty' && !view.gone)
          await t.tower.api.closeAgent({ session: view.id }).catch(() => undefined);
    }
  });

  // Last: it ends this Tower's poller, as a second program polling the same bot would.

  it('a second program polling the same bot is reported in the tray, not raced', async () => {
    const intruder = new TelegramChatChannel({
      token: TOKEN,
      apiRoot: t.emulator.apiRoot,
      pollTimeoutSeconds: 2,
    });
    try {
      await intruder.start();
      const view = await eventually(
        () => t.snapshot()?.bridges.find((b) => b.id === 'telegram' && b.state === 'down'),
        'the bridge to be reported down',
      );
      expect(view.reason).toMatch(/another instance is polling this bot \(409 Conflict\)/);
      expect(t.telegram?.status().state).toBe('stopped');
      // Stopped for good: the intruder keeps the updates, this Tower does not fight for them (its
      // notices still go out: sending needs no poller).
      const mark = t.lastId(OWNER);
      await owner.say('/status');
      await new Promise((r) => setTimeout(r, 1_500));
      expect(t.latest(OWNER, /^Tower status/, mark)).toBeUndefined();
      expect(t.audit.ofKind('chat-command').filter((r) => r.at > Date.now() - 1_600)).toEqual([]);
    } finally {
      await intruder.stop();
    }
  });
});
