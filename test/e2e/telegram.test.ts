/**
 * End to end: Telegram approvals against `telegram-test-api` (a local Bot API emulator; the real
 * grammY client talks HTTP to it through `apiRoot`) and the REAL Claude Code in tmux against the
 * local model stand-in. The owner pairs with the one-time code; a Claude permission prompt reaches
 * Telegram when the approvals queue's ladder gets there; a stranger's press of the same button does
 * nothing; the owner's press types the answer once (the command really runs, or does not on Deny); a
 * replayed press types nothing; an answer at the CLI edits the card; the rate limit answers once.
 * Commands, notices and a second poller: telegram-remote.test.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotMessage, FakeUser } from './telegram-emulator';
import { eventually, openScriptedClaude, percentiles, TELEGRAM_AFTER_MS } from './telegram-rig';
import { startTelegramTower, type TelegramTower } from './telegram-setup';

const SOCKET = `tower-e2e-tg-${process.pid}`;
const OWNER = 1001;
/** A second paired phone, so the latency rounds do not run into the first owner's rate limit. */
const OWNER2 = 1002;
const STRANGER = 2002;
const GROUP = -3003;
const latencies: number[] = [];

let t: TelegramTower;
let owner: FakeUser;
let owner2: FakeUser;
let stranger: FakeUser;

beforeAll(async () => {
  t = await startTelegramTower(SOCKET);
  owner = t.emulator.user(OWNER);
  owner2 = t.emulator.user(OWNER2);
  stranger = t.emulator.user(STRANGER);
});

afterAll(async () => {
  await t?.stop();
  if (latencies.length > 0)
    process.stdout.write(
      `\nTelegram button → key delivered (ms, emulator + real Claude in tmux): ${latencies.join(', ')}; ${percentiles(latencies)}\n`,
    );
});

describe('Telegram approvals against the Bot API emulator', () => {
  it('pairs the owner with the one-time code; strangers and groups get no answer, only audit records', async () => {
    await stranger.say('/status');
    await stranger.say('hello');
    await eventually(() => t.ignored(STRANGER) >= 2, 'stranger audit records');
    const code = t.pairingCode;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // The Mac app has no console: the open code is on the bridge in the tray until it is used.
    const unpaired = await eventually(
      () => t.snapshot()?.bridges.find((b) => b.id === 'telegram' && b.detail?.includes(code)),
      'the pairing code on the telegram bridge',
    );
    expect(unpaired.detail).toMatch(new RegExp(`^@\\w+ · to pair your phone, send ${code} to @`, 'u'));
    await t.emulator.user(OWNER, { chatId: GROUP, type: 'group' }).say(code);
    await eventually(
      () => t.audit.ofKind('chat-ignored').some((r) => r.detail.reason === 'not-private'),
      'group refusal',
    );
    expect(t.owners()).toBeUndefined();
    await owner.say(code);
    await eventually(() => t.latest(OWNER, /^Paired/), 'the pairing reply');
    expect(t.owners()).toEqual([OWNER]);
    await eventually(
      () => t.snapshot()?.bridges.find((b) => b.id === 'telegram' && !b.detail?.includes(code)),
      'the used code gone from the bridge',
    );
    await stranger.say(code);
    await owner.say("what's the status?");
    await eventually(() => t.latest(OWNER, /^Tower status/), 'the status reply');
    expect(t.emulator.botMessages(STRANGER)).toEqual([]);
    expect(t.emulator.botMessages(GROUP)).toEqual([]);
    expect(t.owners()).toEqual([OWNER]);
  });

  it('shows the bridge in the tray: up, with the bot name and the last update', async () => {
    const view = await eventually(
      () => t.snapshot()?.bridges.find((b) => b.id === 'telegram' && b.state === 'up'),
      'the telegram bridge to be reported up',
    );
    expect(view.detail).toMatch(/^@/);
    expect(view.lastActivityAt).not.toBeNull();
  });

  for (const [round, choice] of (['approve', 'deny', 'approve', 'elsewhere'] as const).entries()) {
    it(`#${round + 1} a real Claude prompt escalates; ${choice === 'elsewhere' ? 'answered at the CLI, the card says so' : `the owner's ${choice === 'approve' ? 'Approve' : 'Deny'} types once`}; strangers and replays type nothing`, async () => {
      const claude = await openScriptedClaude(
        t.tower,
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
          () => t.emulator.botMessages(OWNER).find((m) => m.text.includes(command) && m.buttons.length > 0),
          'the approval card',
          90_000,
        );
        expect(card.text).toContain(`session ${session.number} · claude`);
        expect(card.text).toContain('Tool: Bash');
        expect(card.text).toMatch(/\nWhy: /);
        // Sent by the ladder's Telegram step, not at once: never before the step was due.
        const approval = t.snapshot()?.approvals.find((a) => a.session === session.id);
        expect(approval?.escalatedTo).toContain('telegram');
        const sentAt = (
          await eventually(
            () => t.audit.ofKind('chat-card-sent').find((r) => r.session === session.id),
            'the card-sent audit record',
          )
        ).at;
        expect(sentAt - (approval?.createdAt ?? Infinity)).toBeGreaterThanOrEqual(TELEGRAM_AFTER_MS);
        const button = card.buttons.find((b) => b.text.includes(choice === 'deny' ? 'Deny' : 'Approve'));
        const data = button?.callback_data ?? '';
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);

        // A stranger pressing the very same button data: ignored, audited, nothing typed, no answer.
        const intruder = STRANGER + 1 + round;
        const typedBefore = t.typedVia(OWNER).length;
        await t.emulator.user(intruder).press(data, card.messageId);
        await eventually(() => t.ignored(intruder) > 0, 'the stranger audit');
        expect(t.typedVia(OWNER).length).toBe(typedBefore);
        expect(t.typedVia(intruder)).toEqual([]);
        expect(t.emulator.botMessages(intruder)).toEqual([]);
        expect(existsSync(marker)).toBe(false);

        if (choice === 'elsewhere') {
          const view = await t.tower.waitFor(session.id, (v) => v.prompt !== null);
          await t.tower.api.answerPrompt({
            session: session.id,
            choice: 'approve',
            fingerprint: view.prompt?.fingerprint,
            channel: 'cli',
          });
        } else {
          const pressed = Date.now();
          await owner.press(data, card.messageId);
          const typed = await eventually(
            () => t.typedVia(OWNER).length > typedBefore && t.typedVia(OWNER),
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
            t.emulator.botMessages(OWNER).find((m) => m.messageId === card.messageId && outcome.test(m.text)),
          'the card to show the outcome',
        );
        expect(edited.buttons).toEqual([]);
        if (choice !== 'deny')
          await eventually(() => existsSync(marker), 'the approved command to run', 30_000);
        else await t.tower.waitFor(session.id, (v) => v.state === 'idle', 60_000);

        // Replayed press of the same button: a reply, nothing typed.
        const mark = t.lastId(OWNER);
        await owner.press(data, card.messageId);
        await eventually(() => t.latest(OWNER, /Already answered/, mark), 'the already-answered reply');
        expect(t.typedVia(OWNER).length).toBe(typedBefore + (choice === 'elsewhere' ? 0 : 1));
        if (choice === 'deny') expect(existsSync(marker)).toBe(false);
      } finally {
        await claude.close();
      }
    });
  }

  it('a second phone pairs; five prompts in a row, each approved with its button, for the latency figure', async () => {
    const code = (await t.telegram?.issuePairingCode()) ?? '';
    await owner2.say(code);
    await eventually(() => t.latest(OWNER2, /^Paired/), 'the second pairing');
    expect(t.owners()).toEqual([OWNER, OWNER2]);
    const markersIn = (cwd: string) => [1, 2, 3, 4, 5].map((n) => join(cwd, `marker-${n}`));
    const claude = await openScriptedClaude(
      t.tower,
      'telegram-latency',
      'create five marker files',
      (cwd) => [
        ...markersIn(cwd).map((m, n) => ({
          kind: 'bash' as const,
          command: `touch ${m}`,
          description: `Create marker ${n + 1}`,
          delayMs: 300,
        })),
        { kind: 'text', text: 'Done.' },
      ],
    );
    const markers = markersIn(claude.cwd);
    try {
      for (const marker of markers) {
        const card = await eventually(
          () =>
            t.emulator
              .botMessages(OWNER2)
              .find((m) => m.text.includes(`touch ${marker}`) && m.buttons.length > 0),
          `the card for ${marker}`,
          90_000,
        );
        const before = t.typedVia(OWNER2).length;
        const pressed = Date.now();
        await owner2.press(card.buttons[0]?.callback_data ?? '', card.messageId);
        const typed = await eventually(
          () => t.typedVia(OWNER2).length > before && t.typedVia(OWNER2),
          'the key',
        );
        latencies.push(Math.max(0, (typed.at(-1)?.at ?? pressed) - pressed));
        await eventually(() => existsSync(marker), `${marker} to be created`, 30_000);
        // The other owner's card for the same prompt is edited too: answered via Telegram by 1002.
        await eventually(
          () =>
            t.emulator
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

  it('rate-limits the owner with one clear reply', async () => {
    const mark = t.lastId(OWNER);
    for (let i = 0; i < 14; i += 1) await owner.say('/status');
    await eventually(() => t.latest(OWNER, /^⏳ Slow down/, mark), 'the rate-limit reply');
    await eventually(
      () => t.audit.ofKind('chat-command').length > 0 && t.audit.ofKind('chat-rate-limited').length >= 1,
      'audit',
    );
    await new Promise((r) => setTimeout(r, 500));
    const after = t.emulator.botMessages(OWNER).filter((m) => m.messageId > mark);
    expect(after.filter((m) => m.text.startsWith('⏳ Slow down')).length).toBe(1);
    expect(after.filter((m) => m.text.startsWith('Tower status')).length).toBeLessThanOrEqual(10);
  });
});
