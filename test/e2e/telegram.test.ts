/**
 * End to end: Telegram remote control against `telegram-test-api` (a local Bot API emulator; the
 * real grammY client talks HTTP to it through `apiRoot`) and the REAL Claude Code in tmux against
 * the local model stand-in. The owner pairs with the one-time code; a Claude permission prompt
 * escalates to a card; a stranger's press of the same button does nothing; the owner's press types
 * the answer once (the command really runs, or does not on Deny); a replayed press types nothing;
 * LOCKDOWN is engaged from the phone but not lifted; the rate limit answers once.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRandom } from '../../electron/adapters/chat/node-random';
import { TelegramChatChannel } from '../../electron/adapters/chat/telegram/telegram-chat-channel';
import { redactText } from '../../electron/adapters/storage/redact';
import { SystemClock } from '../../electron/adapters/system/system-clock';
import { ChatBridge } from '../../electron/core/chat/bridge';
import { MemoryAuditSink, MemoryStore } from '../../electron/core/testing/memory-audit';
import { prepareClaude } from '../agents/claude-agent';
import { startModelStandIn } from '../agents/model-stand-in';
import { startEmulator, type BotMessage, type Emulator, type FakeUser } from './telegram-emulator';
import { startTower, type TowerUnderTest } from './tower-harness';

const SOCKET = `tower-e2e-tg-${process.pid}`;
const TOKEN = '7000000001:AAE-tower-e2e-token-for-the-emulator-0';
const OWNER = 1001;
const STRANGER = 2002;
const GROUP = -3003;
const latencies: number[] = [];

let tower: TowerUnderTest;
let emulator: Emulator;
let channel: TelegramChatChannel;
let bridge: ChatBridge;
let owner: FakeUser;
let stranger: FakeUser;
const audit = new MemoryAuditSink();

beforeAll(async () => {
  tower = await startTower(SOCKET);
  emulator = await startEmulator(TOKEN);
  channel = new TelegramChatChannel({
    token: TOKEN,
    apiRoot: emulator.apiRoot,
    pollTimeoutSeconds: 1,
    idleDelayMs: 20,
  });
  bridge = new ChatBridge({
    channel,
    backend: tower.supervisor,
    clock: new SystemClock(),
    audit,
    store: new MemoryStore(),
    random: nodeRandom,
    redact: redactText,
  });
  await bridge.start();
  await channel.start();
  owner = emulator.user(OWNER);
  stranger = emulator.user(STRANGER);
});

afterAll(async () => {
  bridge?.stop();
  await channel?.stop();
  await emulator?.stop();
  await tower?.stop();
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  if (latencies.length > 0) {
    const sorted = [...latencies].sort((a, b) => a - b);
    process.stdout.write(
      `\nTelegram button → key delivered (ms, emulator + real Claude in tmux): ${latencies.join(', ')}; ` +
        `p50=${sorted[Math.floor((sorted.length - 1) / 2)]} max=${sorted.at(-1)}\n`,
    );
  }
});

async function eventually<T>(
  probe: () => T | undefined | null | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ignored = (user: number) => audit.ofKind('chat-ignored').filter((r) => r.detail.user === user).length;
const latest = (chat: number, pattern: RegExp, after = 0) =>
  emulator.botMessages(chat).find((m) => m.messageId > after && pattern.test(m.text));
const lastId = (chat: number) => emulator.botMessages(chat).at(-1)?.messageId ?? 0;

/** Tower's own audit records of keys typed on behalf of a Telegram user. */
function typedVia(user: number): { at: number }[] {
  return readFileSync(tower.auditPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { kind?: string; channel?: string; at?: number })
    .filter((r) => r.kind === 'typed' && r.channel === `telegram:${user}`)
    .map((r) => ({ at: r.at ?? 0 }));
}

describe('Telegram bridge against the Bot API emulator', () => {
  it('pairs the owner with the one-time code; strangers and groups get no answer, only audit records', async () => {
    await stranger.say('/status');
    await stranger.say('hello');
    await eventually(() => ignored(STRANGER) >= 2, 'stranger audit records');
    const code = await bridge.issuePairingCode();
    await emulator.user(OWNER, { chatId: GROUP, type: 'group' }).say(code);
    await eventually(
      () => audit.ofKind('chat-ignored').some((r) => r.detail.reason === 'not-private'),
      'group refusal',
    );
    expect(bridge.owners()).toEqual([]);
    await owner.say(code);
    await eventually(() => latest(OWNER, /^Paired/), 'the pairing reply');
    expect(bridge.owners()).toEqual([OWNER]);
    await stranger.say(code);
    await owner.say("what's the status?");
    await eventually(() => latest(OWNER, /^Tower status/), 'the status reply');
    expect(emulator.botMessages(STRANGER)).toEqual([]);
    expect(emulator.botMessages(GROUP)).toEqual([]);
    expect(bridge.owners()).toEqual([OWNER]);
  });

  for (const [round, choice] of (['approve', 'deny', 'approve', 'elsewhere'] as const).entries()) {
    it(`#${round + 1} a real Claude prompt escalates; ${choice === 'elsewhere' ? 'answered at the CLI, the card says so' : `the owner's ${choice === 'approve' ? 'Approve' : 'Deny'} types once`}; strangers and replays type nothing`, async () => {
      const standIn = await startModelStandIn();
      const launch = prepareClaude({ baseUrl: standIn.url, prompt: 'create the marker file' });
      const marker = join(launch.cwd, 'marker');
      const command = `touch ${marker}`;
      standIn.setScript([
        { kind: 'bash', command, description: 'Create the marker file', delayMs: 600 },
        { kind: 'text', text: 'Done.' },
      ]);
      const env = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
      let sessionId: string | null = null;
      try {
        const session = await tower.api.openAgent({
          command: ['env', '-i', ...env, ...launch.command],
          cwd: launch.cwd,
          provider: 'tmux',
          title: `telegram-${choice}-${round + 1}`,
        });
        sessionId = session.id;
        const card: BotMessage = await eventually(
          () => emulator.botMessages(OWNER).find((m) => m.text.includes(command) && m.buttons.length > 0),
          'the approval card',
          90_000,
        );
        expect(card.text).toContain(`session ${session.number} · claude`);
        expect(card.text).toContain('Tool: Bash');
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
          elsewhere: /No longer waiting: answered elsewhere/,
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
        if (sessionId) await tower.api.closeAgent({ session: sessionId }).catch(() => undefined);
        await standIn.close();
        await new Promise((r) => setTimeout(r, 300));
        try {
          rmSync(launch.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
        } catch {
          // an agent still flushing its state; the temp root is left to the OS
        }
      }
    });
  }

  it('LOCKDOWN is engaged from the phone after confirming, and cannot be lifted from it', async () => {
    try {
      let mark = lastId(OWNER);
      await owner.say('LOCKDOWN');
      const confirm = await eventually(() => latest(OWNER, /^Engage LOCKDOWN\?/, mark), 'the confirmation');
      expect((await tower.supervisor.getSnapshot()).lockdown).toBe(false);
      await owner.press(confirm.buttons[0]?.callback_data ?? '', confirm.messageId);
      await eventually(() => latest(OWNER, /LOCKDOWN engaged by @user1001/), 'the engaged message');
      expect((await tower.supervisor.getSnapshot()).lockdown).toBe(true);
      mark = lastId(OWNER);
      await owner.say('/unlock');
      await eventually(() => latest(OWNER, /only be lifted at the Mac/, mark), 'the refusal');
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
});
