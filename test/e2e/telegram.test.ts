/**
 * End to end: Telegram remote control against `telegram-test-api` (a local Bot API emulator; the
 * real grammY client talks HTTP to it through `apiRoot`) and the REAL Claude Code in tmux against
 * the local model stand-in. The owner pairs with the one-time code; a Claude permission prompt
 * escalates to a card; a stranger's press of the same button does nothing; the owner's press types
 * the answer once (the command really runs, or does not on Deny); a replayed press types nothing;
 * LOCKDOWN is engaged from the phone but not lifted; the rate limit answers once.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChatChannel } from '../../electron/adapters/chat/telegram/telegram-chat-channel';
import { SystemClock } from '../../electron/adapters/system/system-clock';
import type { Snapshot } from '../../electron/contract/dto';
import { MemoryAuditSink, MemoryStore } from '../../electron/core/testing/memory-audit';
import { startTelegramFromEnv, type RunningTelegram } from '../../electron/headless/telegram-bridge';
import { startEmulator, type BotMessage, type Emulator, type FakeUser } from './telegram-emulator';
import {
  eventually,
  FAST_LADDER,
  openScriptedClaude,
  percentiles,
  TELEGRAM_AFTER_MS,
  typedVia as typedIn,
} from './telegram-rig';
import { startTower, type TowerUnderTest } from './tower-harness';

const SOCKET = `tower-e2e-tg-${process.pid}`;
const TOKEN = '7000000001:AAE-tower-e2e-token-for-the-emulator-0';
const OWNER = 1001;
/** A second paired phone, so the later tests do not run into the first owner's rate limit. */
const OWNER2 = 1002;
const OWNER3 = 1003;
const STRANGER = 2002;
const GROUP = -3003;
const latencies: number[] = [];

let tower: TowerUnderTest;
let emulator: Emulator;
let telegram: RunningTelegram | null = null;
let owner: FakeUser;
let owner2: FakeUser;
let owner3: FakeUser;
let stranger: FakeUser;
let pairingCode = '';
const audit = new MemoryAuditSink();
const store = new MemoryStore();
const home = mkdtempSync(join(tmpdir(), 'tower-e2e-tg-home-'));
const owners = () => store.data.get('chat.telegram.allowlist');
let lastSnapshot: Snapshot | null = null;

beforeAll(async () => {
  // The ladder reaches Telegram 400 ms after a prompt is raised (tray at once, no dialog, no phone).
  tower = await startTower(SOCKET, { escalation: FAST_LADDER });
  tower.supervisor.on('snapshot', (snapshot) => (lastSnapshot = snapshot));
  emulator = await startEmulator(TOKEN);
  writeFileSync(
    join(home, 'open-templates.json'),
    JSON.stringify({
      templates: [{ name: 'sleeper', command: ['sleep', '600'], cwd: home, provider: 'tmux' }],
    }),
  );
  // The headless wiring itself: token from the env fallback (no secret stored), status to the tray.
  telegram = await startTelegramFromEnv({
    env: {
      TOWER_TELEGRAM_TOKEN: TOKEN,
      TOWER_TELEGRAM_API_ROOT: emulator.apiRoot,
      TOWER_TELEGRAM_MORNING: 'off',
    },
    backend: tower.supervisor,
    audit,
    store,
    clock: new SystemClock(),
    home,
    report: (view) => tower.supervisor.reportBridge(view),
    print: (line) => {
      pairingCode = /send ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(line)?.[1] ?? pairingCode;
    },
  });
  owner = emulator.user(OWNER);
  owner2 = emulator.user(OWNER2);
  owner3 = emulator.user(OWNER3);
  stranger = emulator.user(STRANGER);
});

afterAll(async () => {
  await telegram?.stop();
  await emulator?.stop();
  rmSync(home, { recursive: true, force: true });
  await tower?.stop();
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  if (latencies.length > 0)
    process.stdout.write(
      `\nTelegram button → key delivered (ms, emulator + real Claude in tmux): ${latencies.join(', ')}; ${percentiles(latencies)}\n`,
    );
});

const ignored = (user: number) => audit.ofKind('chat-ignored').filter((r) => r.detail.user === user).length;
const latest = (chat: number, pattern: RegExp, after = 0) =>
  emulator.botMessages(chat).find((m) => m.messageId > after && pattern.test(m.text));
const lastId = (chat: number) => emulator.botMessages(chat).at(-1)?.messageId ?? 0;

const typedVia = (user: number) => typedIn(tower.auditPath, user);

describe('Telegram bridge against the Bot API emulator', () => {
  it('pairs the owner with the one-time code; strangers and groups get no answer, only audit records', async () => {
    await stranger.say('/status');
    await stranger.say('hello');
    await eventually(() => ignored(STRANGER) >= 2, 'stranger audit records');
    const code = pairingCode;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await emulator.user(OWNER, { chatId: GROUP, type: 'group' }).say(code);
    await eventually(
      () => audit.ofKind('chat-ignored').some((r) => r.detail.reason === 'not-private'),
      'group refusal',
    );
    expect(owners()).toBeUndefined();
    await owner.say(code);
    await eventually(() => latest(OWNER, /^Paired/), 'the pairing reply');
    expect(owners()).toEqual([OWNER]);
    await stranger.say(code);
    await owner.say("what's the status?");
    await eventually(() => latest(OWNER, /^Tower status/), 'the status reply');
    expect(emulator.botMessages(STRANGER)).toEqual([]);
    expect(emulator.botMessages(GROUP)).toEqual([]);
    expect(owners()).toEqual([OWNER]);
  });

  it('shows the bridge in the tray: up, with the bot name and the last update', async () => {
    const view = await eventually(
      () => lastSnapshot?.bridges.find((b) => b.id === 'telegram' && b.state === 'up'),
      'the telegram bridge to be reported up',
    );
    expect(view.detail).toMatch(/^@/);
    expect(view.lastActivityAt).not.toBeNull();
  });

  for (const [round, choice] of (['approve', 'deny', 'approve', 'elsewhere'] as const).entries()) {
    it(`#${round + 1} a real Claude prompt escalates; ${choice === 'elsewhere' ? 'answered at the CLI, the card says so' : `the owner's ${choice === 'approve' ? 'Approve' : 'Deny'} types once`}; strangers and replays type nothing`, async () => {
      const claude = await openScriptedClaude(
        tower,
        `telegram-${choice}-${round + 1}`,
        'create the marker file',
        (cwd) => [
          {
            kind: 'bash',
            command: `touch ${join(cwd, 'marker')}`,
            description: 'Create the marker file',
            delayMs: 600,
          },
          { kind: 'text', text: 'Done.' },
        ],
      );
      const { session } = claude;
      const marker = join(claude.cwd, 'marker');
      const command = `touch ${marker}`;
      try {
        const card: BotMessage = await eventually(
          () => emulator.botMessages(OWNER).find((m) => m.text.includes(command) && m.buttons.length > 0),
          'the approval card',
          90_000,
        );
        expect(card.text).toContain(`session ${session.number} · claude`);
        expect(card.text).toContain('Tool: Bash');
        expect(card.text).toMatch(/\nWhy: /);
        // Sent by the ladder's Telegram step, not at once: never before the step was due.
        const approval = lastSnapshot?.approvals.find((a) => a.session === session.id);
        expect(approval?.escalatedTo).toContain('telegram');
        const sentAt = (
          await eventually(
            () => audit.ofKind('chat-card-sent').find((r) => r.session === session.id),
            'the card-sent audit record',
          )
        ).at;
        expect(sentAt - (approval?.createdAt ?? Infinity)).toBeGreaterThanOrEqual(TELEGRAM_AFTER_MS);
        const button = card.buttons.find((b) => b.text.includes(choice === 'deny' ? 'Deny' : 'Approve'));
        const data = button?.callback_data ?? '';
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);

        // A stranger pressing the very same button data: ignored, audited, nothing typed, no answer.
        const intruder = STRANGER + 1 + round;
        const typedBefore = typedVia(OWNER).length;
        await emulator.user(intruder).press(data, card.messageId);
        await eventually(() => ignored(intruder) > 0, 'the stranger audit');
        expect(typedVia(OWNER).length).toBe(typedBefore);
        expect(typedVia(intruder)).toEqual([]);
        expect(emulator.botMessages(intruder)).toEqual([]);
        expect(existsSync(marker)).toBe(false);

        if (choice === 'elsewhere') {
          const view = await tower.waitFor(session.id, (v) => v.prompt !== null);
          await tower.api.answerPrompt({
            session: session.id,
            choice: 'approve',
            fingerprint: view.prompt?.fingerprint,
            channel: 'cli',
          });
        } else {
          const pressed = Date.now();
          await owner.press(data, card.messageId);
          const typed = await eventually(
            () => typedVia(OWNER).length > typedBefore && typedVia(OWNER),
            'the key to be typed',
          );
          latencies.push(Math.max(0, (typed.at(-1)?.at ?? pressed) - pressed));
        }
        const outcome = {
          approve: /✅ Approved by @user1001/,
          deny: /❌ Denied by @user1001/,
          elsewhere: /✅ Approved via the CLI/,
        }[choice];
        const edited = await eventually(
          () =>
            emulator.botMessages(OWNER).find((m) => m.messageId === card.messageId && outcome.test(m.text)),
          'the card to show the outcome',
        );
        expect(edited.buttons).toEqual([]);
        if (choice !== 'deny')
          await eventually(() => existsSync(marker), 'the approved command to run', 30_000);
        else await tower.waitFor(session.id, (v) => v.state === 'idle', 60_000);

        // Replayed press of the same button: a reply, nothing typed.
        const mark = lastId(OWNER);
        await owner.press(data, card.messageId);
        await eventually(() => latest(OWNER, /Already answered/, mark), 'the already-answered reply');
        expect(typedVia(OWNER).length).toBe(typedBefore + (choice === 'elsewhere' ? 0 : 1));
        if (choice === 'deny') expect(existsSync(marker)).toBe(false);
      } finally {
        await claude.close();
      }
    });
  }

  it('a second phone pairs; five prompts in a row, each approved with its button, for the latency figure', async () => {
    const code = (await telegram?.issuePairingCode()) ?? '';
    await owner2.say(code);
    await eventually(() => latest(OWNER2, /^Paired/), 'the second pairing');
    expect(owners()).toEqual([OWNER, OWNER2]);
    const markersIn = (cwd: string) => [1, 2, 3, 4, 5].map((n) => join(cwd, `marker-${n}`));
    const claude = await openScriptedClaude(tower, 'telegram-latency', 'create five marker files', (cwd) => [
      ...markersIn(cwd).map((m, n) => ({
        kind: 'bash' as const,
        command: `touch ${m}`,
        description: `Create marker ${n + 1}`,
        delayMs: 300,
      })),
      { kind: 'text', text: 'Done.' },
    ]);
    const markers = markersIn(claude.cwd);
    try {
      for (const marker of markers) {
        const card = await eventually(
          () =>
            emulator
              .botMessages(OWNER2)
              .find((m) => m.text.includes(`touch ${marker}`) && m.buttons.length > 0),
          `the card for ${marker}`,
          90_000,
        );
        const before = typedVia(OWNER2).length;
        const pressed = Date.now();
        await owner2.press(card.buttons[0]?.callback_data ?? '', card.messageId);
        const typed = await eventually(() => typedVia(OWNER2).length > before && typedVia(OWNER2), 'the key');
        latencies.push(Math.max(0, (typed.at(-1)?.at ?? pressed) - pressed));
        await eventually(() => existsSync(marker), `${marker} to be created`, 30_000);
        // The other owner's card for the same prompt is edited too: answered via Telegram by 1002.
        await eventually(
          () =>
            emulator
              .botMessages(OWNER)
              .find(
                (m) => m.text.includes(`touch ${marker}`) && /Approved via Telegram \(id 1002\)/.test(m.text),
              ),
          "the first owner's card to show who answered",
        );
      }
    } finally {
      await claude.close();
    }
  });

  it('/open starts only a template the owner configured; /close asks first, then closes it', async () => {
    let mark = lastId(OWNER2);
    await owner2.say('/open sleeper');
    const opened = await eventually(
      () => latest(OWNER2, /^🚀 Opened "sleeper" as session (\d+)/, mark),
      'the opened reply',
    );
    const number = Number(/session (\d+)/.exec(opened.text)?.[1]);
    const session = (await tower.supervisor.getSnapshot()).sessions.find((v) => v.number === number);
    expect(session?.provider).toBe('tmux');
    expect(session?.title).toBe('sleeper');
    const before = (await tower.supervisor.getSnapshot()).sessions.length;
    mark = lastId(OWNER2);
    await owner2.say('/open bash');
    await eventually(() => latest(OWNER2, /No template named "bash"/, mark), 'the refusal');
    expect((await tower.supervisor.getSnapshot()).sessions.length).toBe(before);

    mark = lastId(OWNER2);
    await owner2.say(`/close ${number}`);
    const confirm = await eventually(() => latest(OWNER2, /^Close session/, mark), 'the close confirmation');
    expect((await tower.supervisor.getSnapshot()).sessions.some((v) => v.number === number && !v.gone)).toBe(
      true,
    );
    await owner2.press(confirm.buttons[0]?.callback_data ?? '', confirm.messageId);
    await eventually(
      () =>
        emulator
          .botMessages(OWNER2)
          .find((m) => m.messageId === confirm.messageId && /^Closed session/.test(m.text)),
      'the confirmation to show it closed',
    );
  });

  it('/task queues for the pool, /queue lists it, /pause asks first, /resume goes on', async () => {
    // A third phone: the first two have used most of their ten commands this minute.
    const code = (await telegram?.issuePairingCode()) ?? '';
    await owner3.say(code);
    await eventually(() => latest(OWNER3, /^Paired/), 'the third pairing');
    let mark = lastId(OWNER3);
    await owner3.say('/task write the release notes for 2.1');
    await eventually(() => latest(OWNER3, /^📝 Queued task/, mark), 'the queued reply');
    const queued = (await tower.supervisor.listTasks()).find(
      (t) => t.text === 'write the release notes for 2.1',
    );
    expect(queued?.status).toBe('queued');
    mark = lastId(OWNER3);
    await owner3.say('/queue');
    const list = await eventually(() => latest(OWNER3, /^(⏸ )?Task queue/, mark), 'the queue');
    expect(list.text).toContain(`${queued?.id ?? '?'} queued: write the release notes for 2.1`);

    mark = lastId(OWNER3);
    await owner3.say('pause all');
    const confirm = await eventually(() => latest(OWNER3, /^Pause the pool\?/, mark), 'the confirmation');
    expect((await tower.supervisor.getSnapshot()).pool.paused).toBe(false);
    await owner3.press(confirm.buttons[0]?.callback_data ?? '', confirm.messageId);
    await eventually(
      () =>
        emulator
          .botMessages(OWNER3)
          .find((m) => m.messageId === confirm.messageId && /^⏸ Pool paused by/.test(m.text)),
      'the paused confirmation',
    );
    expect((await tower.supervisor.getSnapshot()).pool.paused).toBe(true);
    mark = lastId(OWNER3);
    await owner3.say('/resume');
    await eventually(() => latest(OWNER3, /^▶ Pool resumed by @user1003/, mark), 'the resumed reply');
    expect((await tower.supervisor.getSnapshot()).pool.paused).toBe(false);
    if (queued) await tower.supervisor.removeTask({ id: queued.id });
  });

  it('LOCKDOWN is engaged from the phone after confirming, and cannot be lifted from it', async () => {
    try {
      let mark = lastId(OWNER2);
      await owner2.say('LOCKDOWN');
      const confirm = await eventually(() => latest(OWNER2, /^Engage LOCKDOWN\?/, mark), 'the confirmation');
      expect((await tower.supervisor.getSnapshot()).lockdown).toBe(false);
      await owner2.press(confirm.buttons[0]?.callback_data ?? '', confirm.messageId);
      await eventually(() => latest(OWNER2, /LOCKDOWN engaged by @user1002/), 'the engaged message');
      expect((await tower.supervisor.getSnapshot()).lockdown).toBe(true);
      mark = lastId(OWNER2);
      await owner2.say('/unlock');
      await eventually(() => latest(OWNER2, /only be lifted at the Mac/, mark), 'the refusal');
      expect((await tower.supervisor.getSnapshot()).lockdown).toBe(true);
    } finally {
      await tower.supervisor.lockdown({ engaged: false });
    }
  });

  it('rate-limits the owner with one clear reply', async () => {
    const mark = lastId(OWNER);
    for (let i = 0; i < 14; i += 1) await owner.say('/status');
    await eventually(() => latest(OWNER, /^⏳ Slow down/, mark), 'the rate-limit reply');
    await eventually(
      () => audit.ofKind('chat-command').length > 0 && audit.ofKind('chat-rate-limited').length >= 1,
      'audit',
    );
    await new Promise((r) => setTimeout(r, 500));
    const after = emulator.botMessages(OWNER).filter((m) => m.messageId > mark);
    expect(after.filter((m) => m.text.startsWith('⏳ Slow down')).length).toBe(1);
    expect(after.filter((m) => m.text.startsWith('Tower status')).length).toBeLessThanOrEqual(10);
  });

  it('proactive notices: a real Claude that crashes, the phone bridge locked out; each told once', async () => {
    const mark = lastId(OWNER3);
    // node-pty keeps a dead terminal with its exit status, so the crash is seen (a tmux pane just closes).
    const claude = await openScriptedClaude(
      tower,
      'telegram-crash',
      'say hello',
      () => [{ kind: 'text', text: 'Hello.' }],
      'pty',
    );
    try {
      const ready = await tower.waitFor(
        claude.session.id,
        (v) => v.state === 'idle' && v.pid !== null,
        90_000,
      );
      process.kill(ready.pid ?? 0, 'SIGKILL');
      const note = await eventually(() => latest(OWNER3, /💥 crashed/, mark), 'the crash notice', 30_000);
      expect(note.text).toMatch(
        new RegExp(`^session ${claude.session.number} · claude · .* 💥 crashed`, 'u'),
      );
      const lockedOut = { id: 'phone', state: 'down', detail: null, lastActivityAt: null } as const;
      const reason = 'locked out for 15 min after 5 wrong codes';
      tower.supervisor.reportBridge({ ...lockedOut, reason });
      await eventually(
        () => latest(OWNER3, /^📵 Phone bridge down: locked out for 15 min/, mark),
        'the notice',
      );
      tower.supervisor.reportBridge({ ...lockedOut, state: 'up', reason: null });
      tower.supervisor.reportBridge({ ...lockedOut, reason });
      await new Promise((r) => setTimeout(r, 1_000));
      const after = emulator.botMessages(OWNER3).filter((m) => m.messageId > mark);
      expect(after.filter((m) => m.text.includes('crashed')).length).toBe(1);
      expect(after.filter((m) => m.text.includes('Phone bridge down')).length).toBe(1);
    } finally {
      await claude.close();
    }
  });

  // Last: it ends this Tower's poller, as a second program polling the same bot would.
  it('a second program polling the same bot is reported in the tray, not raced', async () => {
    const intruder = new TelegramChatChannel({
      token: TOKEN,
      apiRoot: emulator.apiRoot,
      pollTimeoutSeconds: 2,
    });
    try {
      await intruder.start();
      const view = await eventually(
        () => lastSnapshot?.bridges.find((b) => b.id === 'telegram' && b.state === 'down'),
        'the bridge to be reported down',
      );
      expect(view.reason).toMatch(/another instance is polling this bot \(409 Conflict\)/);
      expect(telegram?.status().state).toBe('stopped');
      // Stopped for good: the intruder keeps the updates, this Tower does not fight for them.
      const mark = lastId(OWNER);
      await owner.say('/status');
      await new Promise((r) => setTimeout(r, 1_500));
      expect(emulator.botMessages(OWNER).filter((m) => m.messageId > mark)).toEqual([]);
    } finally {
      await intruder.stop();
    }
  });
});
