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
