/**
 * Bad input through the remote entry points (security reference §8, §10): the phone (Twilio voice
 * webhooks: keys and speech at every step, signed, unsigned and forged) and Telegram (plain
 * messages, every command's arguments, button presses; from the paired owner and from a stranger).
 * Armed payloads touch a canary file if they ever reach a shell; canary panes record every byte.
 * Nothing may reach a shell, nothing may be typed but an owner's explicit `/send`, exactly, and
 * LOCKDOWN engages only when asked for on purpose.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYLOAD_COUNT, payloads } from './corpus';
import { PhoneRun } from './phone-run';
import { readTwiml } from './phone-twiml';
import { startRemoteRig, type RemoteRig } from './remote-rig';
import { COMMANDS, OWNER, STRANGER, TelegramRun } from './telegram-run';
import { eventually } from '../e2e/telegram-rig';

let rig: RemoteRig;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const armed = (entry: string) => payloads((i) => join(rig.canaryDir, `${entry}-${i}`));

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  rig = await startRemoteRig('suite');
}, 60_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  if (!rig) return;
  await new Promise((r) => setTimeout(r, 300)); // a stray `touch` would have run by now
  const fired = rig.canariesFired();
  const t = rig.tally;
  process.stdout.write(
    `\nbad input (remote): ${PAYLOAD_COUNT} payloads × ${t.entryPoints.size} entry points (${t.checks} checks), ` +
      `${fired.length} reached a shell, ${t.unintendedKeystrokes} unintended keystrokes, ` +
      `${t.serverErrors} server errors\n  entry points: ${[...t.entryPoints].join(', ')}\n`,
  );
  await rig.stop();
});

describe('bad input, remote', () => {
  it('the TwiML check itself fails on a broken, echoing or redirected reply', () => {
    const base = 'https://tower-phone.example';
    const ok = `<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hi &amp; bye</Say><Hangup/></Response>`;
    expect(readTwiml(ok, '&', base).problem).toBeNull();
    expect(readTwiml('<Response><Say>a & b</Say></Response>', '& b', base).problem).toMatch(/invalid XML/);
    expect(readTwiml('<Response><Say>"<x>"</Say></Response>', '<x>', base).problem).toMatch(/echoed raw/);
    const away =
      '<Response><Gather action="https://evil.example/x" input="dtmf"><Say>x</Say></Gather></Response>';
    expect(readTwiml(away, 'x', base).problem).toMatch(/Gather action/);
    expect(readTwiml('<Response><Dial>+1555</Dial></Response>', 'x', base).problem).toMatch(/<Dial>/);
  });

  it('phone: keys and speech at the code step, the menu and every confirmation; signed, unsigned, forged', async () => {
    const phone = new PhoneRun(rig);
    await phone.start();
    const before = rig.recordsSize();
    try {
      await phone.runCorpus(armed('phone'), rig.panes.prompt.session.number);
      for (const p of armed('phone-route')) await phone.atRoutes(p);
      expect(await phone.lockdownOnPurpose()).toBe(true);
    } finally {
      await phone.stop();
    }
    const typed = rig.recordsSize() - before;
    if (typed !== 0) rig.tally.unintendedKeystrokes += 1;
    expect(rig.tally.serverErrorDetails).toEqual([]);
    expect(phone.findings.problems).toEqual([]);
    expect(phone.findings.breaches).toEqual([]);
    expect(phone.findings.lockdownOnPurpose).toBe(true);
    expect((await rig.snapshot()).lockdown).toBe(false);
    expect(typed).toBe(0);
    if (phone.findings.parked.length > 0)
      process.stdout.write(
        `\nphone: speech read as a request (then cancelled): ${phone.findings.parked.join(' | ')}\n`,
      );
  }, 120_000);
});

describe('bad input, Telegram', () => {
  let tg: TelegramRun;
  /** Every fifth payload for each command (the emulator round trip is the cost). */
  const sampled = (list: readonly string[]) => list.filter((_, i) => i % 5 === 0);

  beforeAll(async () => {
    tg = new TelegramRun(rig);
    await tg.pair();
  });

  it('plain messages, from the owner and from a stranger', async () => {
    await tg.asStranger('message', async () => {
      for (const p of armed('tg-msg-stranger')) await tg.stranger.say(p);
    });
    const before = rig.recordsSize();
    for (const p of armed('tg-msg-owner')) {
      await tg.ownerSays(p);
      rig.tally.checks += 2;
    }
    await tg.ownerChecks('message', before);
    expect(tg.findings.breaches).toEqual([]);
  }, 60_000);

  it('every command with the payload as its arguments', async () => {
    for (const command of COMMANDS) {
      const list = sampled(armed(`tg-${command}`));
      await tg.asStranger(`/${command}`, async () => {
        for (const p of list) await tg.stranger.say(`/${command} ${p}`);
      });
      const before = rig.recordsSize();
      for (const p of list) {
        await tg.ownerSays(`/${command} ${p}`);
        rig.tally.checks += 2;
      }
      await tg.ownerChecks(`/${command}`, before);
    }
    expect(tg.findings.breaches).toEqual([]);
    // `/task <payload>` queues the payload as a task (the pool has no agent command: nothing runs).
    for (const task of await rig.tower.api.listTasks()) await rig.tower.api.removeTask({ id: task.id });
  }, 90_000);

  it('button presses with the payload as callback data, on a real approval card', async () => {
    const card = await eventually(
      () =>
        rig.emulator.botMessages(OWNER).find((m) => m.buttons.some((b) => b.callback_data.startsWith('a:'))),
      'the approval card of the prompt canary',
    );
    expect(card.text).toContain('Tool: Bash');
    const approve = card.buttons.find((b) => b.callback_data.startsWith('a:'))?.callback_data ?? '';
    const list = armed('tg-button');
    const presses = (p: string, i: number) => (i % 5 === 0 ? [p, `a:${p}`, `c:${p}`] : [p]);
    await tg.asStranger('button', async () => {
      await tg.stranger.press(approve, card.messageId);
      for (const [i, p] of list.entries())
        for (const data of presses(p, i)) await tg.stranger.press(data, card.messageId);
    });
    const before = rig.recordsSize();
    for (const [i, p] of list.entries()) {
      for (const data of presses(p, i)) await tg.ownerPresses(data, card.messageId);
      rig.tally.checks += 2;
    }
    await tg.ownerChecks('button', before);
    expect(tg.findings.breaches).toEqual([]);
  }, 60_000);

  it('/send to a canary types exactly the payload and Enter, or nothing', async () => {
    for (const [i, p] of armed('tg-send').entries())
      await tg.sendTo(i % 2 === 0 ? rig.panes.tmux : rig.panes.pty, p, i);
    process.stdout.write(
      `\ntelegram /send to a canary: ${tg.findings.sent} typed exactly (text and Enter), ${tg.findings.refused} refused\n`,
    );
    expect(tg.findings.breaches).toEqual([]);
    expect(tg.findings.sent).toBeGreaterThan(0);
    expect(tg.findings.refused).toBeGreaterThan(0);
  }, 90_000);

  it('/lockdown sent on purpose and confirmed engages LOCKDOWN; a stranger pressing its confirm does not', async () => {
    await tg.sync();
    const mark = tg.lastId();
    await tg.owner.say('/lockdown');
    const ask = await eventually(
      () =>
        rig.emulator
          .botMessages(OWNER)
          .find((m) => m.messageId > mark && m.text.startsWith('Engage LOCKDOWN?')),
      'the LOCKDOWN confirmation',
    );
    const confirm = ask.buttons.find((b) => b.callback_data.startsWith('c:'))?.callback_data ?? '';
    // The stranger's press is handled first (updates are handled in order) and must change nothing;
    // no sync here: it would move the clock past the confirmation's two minutes.
    const ignored = () =>
      rig.chatAudit.ofKind('chat-ignored').filter((r) => r.detail.user === STRANGER).length;
    const seen = ignored();
    await tg.stranger.press(confirm, ask.messageId);
    await eventually(() => ignored() > seen, "the stranger's press to be refused");
    expect((await rig.snapshot()).lockdown).toBe(false);
    let engaged = false;
    const off = rig.tower.supervisor.on('snapshot', (snapshot) => {
      if (snapshot.lockdown) engaged = true;
    });
    await tg.owner.press(confirm, ask.messageId);
    await eventually(() => engaged, 'LOCKDOWN to be engaged by the confirmed /lockdown');
    off();
    await rig.tower.api.lockdown({ engaged: false });
    expect((await rig.snapshot()).lockdown).toBe(false);
  });
});

describe('bad input, remote: the end', () => {
  it('nothing reached a shell, nothing crashed, LOCKDOWN off, strangers told nothing', async () => {
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.canariesFired()).toEqual([]);
    expect(unhandled).toEqual([]);
    const chatErrors = rig.chatAudit.records.filter(
      (r) => r.kind === 'chat-error' || r.kind === 'chat-send-failed',
    );
    rig.tally.serverErrors += chatErrors.length;
    expect(chatErrors).toEqual([]);
    expect(rig.emulator.botMessages(STRANGER)).toEqual([]);
    // The owner's payloads reached the commands, not the rate limit's "Slow down".
    expect(rig.chatAudit.ofKind('chat-rate-limited')).toEqual([]);
    expect((await rig.snapshot()).lockdown).toBe(false);
    expect(rig.tally.unintendedKeystrokes).toBe(0);
  });
});
