import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import { MemoryAuditSink, MemoryStore } from '../testing/memory-audit';
import { ChatBridge } from './bridge';
import type { ChatInbound } from './ports';
import type { SessionView } from '../../contract/dto';
import {
  approvalOf,
  bashPrompt,
  CountingRandom,
  FakeChatBackend,
  FakeChatChannel,
  sessionView,
} from './testing/fake-chat-channel';

const OWNER = 4242;
const STRANGER = 666;

let clock: FakeClock;
let channel: FakeChatChannel;
let backend: FakeChatBackend;
let audit: MemoryAuditSink;
let store: MemoryStore;
let bridge: ChatBridge;
let update = 0;

function text(
  from: number,
  body: string,
  patch: Partial<Extract<ChatInbound, { kind: 'text' }>> = {},
): ChatInbound {
  update += 1;
  return {
    kind: 'text',
    updateId: update,
    chat: { id: from, type: 'private' },
    from: { id: from, name: `user${from}` },
    text: body,
    forwarded: false,
    edited: false,
    viaBot: false,
    ...patch,
  };
}

function press(from: number, data: string, messageId = 1): Extract<ChatInbound, { kind: 'button' }> {
  update += 1;
  return {
    kind: 'button',
    updateId: update,
    callbackId: `cb${update}`,
    chat: { id: from, type: 'private' },
    messageId,
    from: { id: from, name: `user${from}` },
    data,
  };
}

async function make(
  owners: number[] = [OWNER],
  options: ConstructorParameters<typeof ChatBridge>[0]['options'] = {},
): Promise<void> {
  store.data.set('chat.telegram.allowlist', owners);
  bridge = new ChatBridge({
    channel,
    backend,
    clock,
    audit,
    store,
    random: new CountingRandom(),
    redact: (t) => t.replace(/sk-ant-[A-Za-z0-9-]+/g, '[redacted]'),
    options: { utcOffset: () => 0, ...options },
  });
  await bridge.start();
}

const LADDER_AT_TELEGRAM = ['tray', 'dialog', 'telegram'] as const;

/** Publishes `view` (with a prompt) and its approval, escalated to Telegram. */
async function escalate(view: SessionView, others: readonly SessionView[] = []): Promise<void> {
  backend.patch({
    sessions: [...others, view],
    approvals: [approvalOf(view, { escalatedTo: LADDER_AT_TELEGRAM })],
  });
  await bridge.idle();
}

/** The card sent for the latest prompt, and its buttons' data. */
function lastCard() {
  const call = [...channel.calls]
    .reverse()
    .find((c) => c.kind === 'send' && (c.message.buttons?.length ?? 0) > 0);
  if (call?.kind !== 'send') throw new Error('no card sent');
  const data = (call.message.buttons ?? []).flat().map((b) => b.data);
  return { call, approve: data[0] ?? '', deny: data[1] ?? '', details: data[2] ?? '' };
}

beforeEach(() => {
  clock = new FakeClock();
  channel = new FakeChatChannel();
  backend = new FakeChatBackend();
  audit = new MemoryAuditSink();
  store = new MemoryStore();
});

describe('who is served', () => {
  it('an empty allowlist serves no one', async () => {
    await make([]);
    await channel.deliver(text(OWNER, '/status'));
    expect(channel.calls).toEqual([]);
    expect(audit.ofKind('chat-ignored')[0]?.detail).toMatchObject({ reason: 'not-allowlisted', user: OWNER });
  });

  it('strangers, groups, forwards and edits get no answer, only (throttled) audit records', async () => {
    await make();
    await escalate(sessionView(2, { state: 'permission', prompt: bashPrompt('rm -rf build') }));
    const { approve } = lastCard();
    const before = channel.calls.length;
    for (let i = 0; i < 20; i += 1) await channel.deliver(text(STRANGER, '/approve 2'));
    await channel.deliver(press(STRANGER, approve));
    await channel.deliver(text(OWNER, '/approve 2', { chat: { id: -100, type: 'group' } }));
    await channel.deliver(text(OWNER, '/approve 2', { forwarded: true }));
    await channel.deliver(text(OWNER, '/approve 2', { edited: true }));
    expect(channel.calls.length).toBe(before);
    expect(backend.answers).toEqual([]);
    const ignored = audit.ofKind('chat-ignored');
    expect(ignored.filter((r) => r.detail.user === STRANGER).length).toBe(5);
    expect(ignored.map((r) => r.detail.reason)).toEqual(
      expect.arrayContaining(['not-private', 'forwarded', 'edited']),
    );
  });
});

describe('pairing', () => {
  it('the first private chat sending the code becomes the owner; the code works once', async () => {
    await make([]);
    const code = await bridge.issuePairingCode();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await channel.deliver(text(STRANGER, code, { chat: { id: -5, type: 'group' } }));
    expect(bridge.owners()).toEqual([]);
    await channel.deliver(text(OWNER, `/start ${code.toLowerCase()}`));
    expect(bridge.owners()).toEqual([OWNER]);
    expect(store.data.get('chat.telegram.allowlist')).toEqual([OWNER]);
    expect(channel.sentTo(OWNER)[0]).toContain('Paired');
    await channel.deliver(text(STRANGER, code));
    expect(bridge.owners()).toEqual([OWNER]);
    expect(channel.sentTo(STRANGER)).toEqual([]);
  });

  it('wrong guesses get no reply and burn the code after five', async () => {
    await make([]);
    const code = await bridge.issuePairingCode();
    for (let i = 0; i < 5; i += 1) await channel.deliver(text(STRANGER, 'AAAA-AAAA'));
    await channel.deliver(text(OWNER, code));
    expect(bridge.owners()).toEqual([]);
    expect(channel.calls).toEqual([]);
    expect(audit.ofKind('chat-pairing-failed').map((r) => r.detail.result)).toEqual([
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'burned',
    ]);
  });

  it('a code expires after ten minutes', async () => {
    await make([]);
    const code = await bridge.issuePairingCode();
    await clock.advance(10 * 60_000);
    await channel.deliver(text(OWNER, code));
    expect(bridge.owners()).toEqual([]);
  });
});

describe('approval cards', () => {
  const waiting = sessionView(2, { state: 'permission', prompt: bashPrompt('touch /tmp/marker') });
  beforeEach(async () => {
    await make();
    await escalate(waiting);
  });

  it('a new prompt sends one card with bound buttons; Approve answers once; the card is edited', async () => {
    const card = lastCard();
    expect(card.call.chatId).toBe(OWNER);
    expect(card.call.message.text).toContain('touch /tmp/marker');
    expect(card.call.message.text).toContain('session 2');
    expect(card.call.message.text).toContain('Why: no rule allows Bash here');
    for (const data of [card.approve, card.deny, card.details])
      expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(64);
    backend.publish(backend.snapshot.sessions);
    await bridge.idle();
    expect(channel.calls.filter((c) => c.kind === 'send').length).toBe(1);

    await channel.deliver(press(OWNER, card.approve, card.call.messageId));
    expect(backend.answers).toEqual([
      {
        session: 'tmux:s2',
        choice: 'approve',
        fingerprint: 'fp-touch /tmp/marker',
        channel: `telegram:${OWNER}`,
      },
    ]);
    const edit = channel.calls.find((c) => c.kind === 'edit');
    expect(edit?.kind === 'edit' && edit.message.text).toContain(`Approved by user${OWNER}`);
    expect(edit?.kind === 'edit' && edit.message.buttons).toEqual([]);

    const again = press(OWNER, card.approve, card.call.messageId);
    await channel.deliver(again);
    await channel.deliver({ ...again, updateId: again.updateId + 1000 });
    await channel.deliver(press(OWNER, card.deny, card.call.messageId));
    await channel.deliver(text(OWNER, '/deny 2'));
    expect(backend.answers.length).toBe(1);
    expect(
      channel.sentTo(OWNER).filter((t) => t.includes('Already answered') || t.includes('already answered'))
        .length,
    ).toBe(3);
    expect(audit.ofKind('chat-duplicate-update').length).toBe(1);
  });

  it('an answer given elsewhere edits the card with who answered where', async () => {
    const approval = approvalOf(waiting, { escalatedTo: LADDER_AT_TELEGRAM });
    backend.patch({
      sessions: [sessionView(2, { state: 'working' })],
      approvals: [
        {
          ...approval,
          status: 'answered',
          answer: { choice: 'approve', channel: 'cli', at: clock.now(), delivered: true },
        },
      ],
    });
    await bridge.idle();
    const edits = channel.calls.filter((c) => c.kind === 'edit');
    expect(edits.length).toBe(1);
    expect(edits[0]?.message.text).toContain('✅ Approved via the CLI');
    expect(edits[0]?.message.buttons).toEqual([]);
    await channel.deliver(press(OWNER, lastCard().approve));
    expect(backend.answers).toEqual([]);
    expect(channel.sentTo(OWNER).at(-1)).toContain('Already answered');
  });

  it.each([
    [
      'expired',
      { status: 'expired', endedBecause: 'not answered within 60 min' },
      /⌛ Expired \(not answered within 60 min\)/,
    ],
    [
      'withdrawn',
      { status: 'withdrawn', endedBecause: 'the prompt left the screen' },
      /✔ No longer waiting: the prompt left the screen/,
    ],
    [
      'denied on Telegram by another owner',
      { status: 'answered', answer: { choice: 'deny', channel: 'telegram:77', at: 0, delivered: true } },
      /❌ Denied via Telegram \(id 77\)/,
    ],
  ] as const)('an approval that ended (%s) edits the card once', async (_name, ended, line) => {
    backend.patch({ approvals: [{ ...approvalOf(waiting), ...ended }] });
    await bridge.idle();
    backend.patch({ approvals: [] });
    await bridge.idle();
    const edits = channel.calls.filter((c) => c.kind === 'edit');
    expect(edits.map((e) => e.message.text)).toEqual([expect.stringMatching(line)]);
  });

  it('an approval that leaves the queue without an ending says it no longer waits', async () => {
    backend.patch({ sessions: [sessionView(2, { state: 'working' })], approvals: [] });
    await bridge.idle();
    const edit = channel.calls.find((c) => c.kind === 'edit');
    expect(edit?.message.text).toContain('No longer waiting');
  });

  it("a press after the approval's own deadline types nothing", async () => {
    backend.patch({
      approvals: [approvalOf(waiting, { escalatedTo: LADDER_AT_TELEGRAM, expiresAt: clock.now() + 1_000 })],
    });
    await clock.advance(2_000);
    await channel.deliver(press(OWNER, lastCard().approve));
    expect(backend.answers).toEqual([]);
    expect(channel.sentTo(OWNER).at(-1)).toContain('expired');
  });

  it('/approve N answers the card this chat was shown', async () => {
    await channel.deliver(text(OWNER, 'approve 2'));
    expect(backend.answers.map((a) => a.choice)).toEqual(['approve']);
    expect(channel.sentTo(OWNER).at(-1)).toContain('Approved');
  });

  it('an expired card types nothing and a fresh card follows', async () => {
    await clock.advance(31 * 60_000);
    await channel.deliver(press(OWNER, lastCard().approve));
    expect(backend.answers).toEqual([]);
    expect(
      channel.calls.filter((c) => c.kind === 'send' && (c.message.buttons?.length ?? 0) > 0).length,
    ).toBe(2);
  });

  it('Details sends the full subject with its length and hash', async () => {
    await channel.deliver(press(OWNER, lastCard().details));
    expect(channel.sentTo(OWNER).join('\n')).toMatch(/17 characters, sha256 [0-9a-f]{16}/);
  });
});

describe('limits and LOCKDOWN', () => {
  beforeEach(() => make());

  it('rate-limits at 10 a minute with one clear reply, LOCKDOWN exempt', async () => {
    for (let i = 0; i < 10; i += 1) await channel.deliver(text(OWNER, '/status'));
    expect(channel.sentTo(OWNER).length).toBe(10);
    await channel.deliver(text(OWNER, '/status'));
    await channel.deliver(text(OWNER, '/status'));
    const limited = channel.sentTo(OWNER).slice(10);
    expect(limited.length).toBe(1);
    expect(limited[0]).toMatch(
      /Slow down: at most 10 commands a minute and 100 an hour\. Try again in \d+ s/,
    );
    await channel.deliver(text(OWNER, 'LOCKDOWN'));
    expect(channel.sentTo(OWNER).at(-1)).toContain('Engage LOCKDOWN?');
    await clock.advance(60_000);
    await channel.deliver(text(OWNER, '/status'));
    expect(channel.sentTo(OWNER).at(-1)).toContain('Tower status');
  });

  it('LOCKDOWN asks to confirm, engages on the button, cannot be lifted remotely, and disables cards', async () => {
    await escalate(sessionView(3, { state: 'permission', prompt: bashPrompt('npm publish') }));
    const card = lastCard();
    await channel.deliver(text(OWNER, 'LOCKDOWN'));
    expect(backend.snapshot.lockdown).toBe(false);
    const confirm = lastCard();
    await channel.deliver(press(OWNER, confirm.approve, confirm.call.messageId));
    expect(backend.snapshot.lockdown).toBe(true);
    await bridge.idle();
    expect(
      channel.calls.some((c) => c.kind === 'edit' && c.message.text.includes('LOCKDOWN engaged by')),
    ).toBe(true);
    await channel.deliver(press(OWNER, confirm.approve, confirm.call.messageId));
    await channel.deliver(press(OWNER, card.approve, card.call.messageId));
    expect(backend.answers).toEqual([]);
    await channel.deliver(text(OWNER, '/unlock'));
    expect(channel.sentTo(OWNER).at(-1)).toContain('only be lifted at the Mac');
    expect(backend.snapshot.lockdown).toBe(true);
  });

  it('close asks to confirm and closes the session it was asked about', async () => {
    backend.publish([sessionView(4)]);
    await channel.deliver(text(OWNER, '/close 4'));
    expect(backend.closed).toEqual([]);
    const confirm = lastCard();
    await channel.deliver(press(OWNER, confirm.approve, confirm.call.messageId));
    await channel.deliver(press(OWNER, confirm.approve, confirm.call.messageId));
    expect(backend.closed).toEqual(['tmux:s4']);
  });

  it('/send types one line into the agent and refuses control characters', async () => {
    backend.publish([sessionView(5, { state: 'idle' })]);
    await channel.deliver(text(OWNER, '/send 5 run the tests\nrm -rf ~'));
    await channel.deliver(text(OWNER, '/send 5 run the tests'));
    expect(backend.typed).toEqual([{ session: 'tmux:s5', text: 'run the tests' }]);
    expect(channel.sentTo(OWNER)[0]).toContain('Not sent');
  });
});

describe('notices', () => {
  it('a flapping stalled state sends one message', async () => {
    await make();
    backend.publish([sessionView(6, { state: 'working' })]);
    for (let i = 0; i < 4; i += 1) {
      backend.publish([sessionView(6, { state: 'stalled' })]);
      await bridge.idle();
      backend.publish([sessionView(6, { state: 'working' })]);
      await bridge.idle();
    }
    backend.publish([sessionView(6, { state: 'exited' })]);
    await bridge.idle();
    const notes = channel.sentTo(OWNER);
    expect(notes.filter((t) => t.includes('stalled')).length).toBe(1);
    expect(notes.filter((t) => t.includes('exited')).length).toBe(1);
  });
});

describe('outbound redaction', () => {
  it('secrets in agent text never reach the chat, in cards or screens', async () => {
    await make();
    const secret = 'sk-ant-api03-abcdefghijklmnop';
    await escalate(
      sessionView(8, {
        state: 'permission',
        prompt: bashPrompt(`curl -H "x-api-key: ${secret}" api`),
        tail: [`export KEY=${secret}`],
      }),
    );
    await channel.deliver(text(OWNER, '/session 8'));
    await channel.deliver(press(OWNER, lastCard().details));
    const everything = channel.calls.map((c) => (c.kind === 'answer' ? c.notice : c.message.text)).join('\n');
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(secret);
  });
});
