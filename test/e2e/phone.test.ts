/**
 * End to end: the phone bridge with Twilio simulated by a local peer that signs every request with
 * twilio's own `getExpectedTwilioSignature` for the public (tunnel) URL, follows the TwiML Tower
 * returns, and keys digits or speaks; the REAL Claude Code in tmux against the model stand-in, so an
 * approved command really runs. Outbound calls go through twilio's REST client pointed at a local
 * stand-in of the Calls API, triggered by the real escalation ladder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonFileStore } from '../../electron/adapters/storage/json-file-store';
import { SystemClock } from '../../electron/adapters/system/system-clock';
import type { Snapshot } from '../../electron/contract/dto';
import { numberWords } from '../../electron/core/phone/speech';
import { MemoryAuditSink } from '../../electron/core/testing/memory-audit';
import { phoneBackendOf, startPhoneFromEnv, type RunningPhone } from '../../electron/headless/phone-wiring';
import type { ModelStandIn } from '../agents/model-stand-in';
import { claudeAsking } from './phone-rig';
import { eventually } from './telegram-rig';
import { startTower, type TowerUnderTest } from './tower-harness';
import { newCallSid, startTwilioRestStandIn, TwilioPeer, type SentRequest } from './twilio-stand-in';

const SOCKET = `tower-e2e-phone-${process.pid}`;
const AUTH_TOKEN = `e2e-auth-${process.pid}-0123456789abcdef`;
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const PUBLIC = 'https://tower-phone.example';
const OWNER = '+15551230000';
const TWILIO_NUMBER = '+15557654321';
const SECRET = generateSecret();

let tower: TowerUnderTest;
const audit = new MemoryAuditSink();
const stopLater: (() => Promise<void>)[] = [];
const webhookTimes: number[] = [];

beforeAll(async () => {
  // Phone rung one second after a prompt waits (other rungs left out) so the outbound case is quick.
  tower = await startTower(SOCKET, {
    escalation: {
      dialogAfterMs: null,
      telegramAfterMs: null,
      phoneAfterMs: 1_000,
      quietHours: null,
      quietChannels: [],
      expireAfterMs: 600_000,
    },
  });
});

afterAll(async () => {
  for (const stop of stopLater.reverse()) await stop().catch(() => undefined);
  await tower?.stop();
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  if (webhookTimes.length > 0) {
    const sorted = [...webhookTimes].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(1);
    process.stdout.write(
      `\nPhone webhook answer times (ms, ${sorted.length} requests): p50=${at(0.5)} p99=${at(0.99)} max=${sorted.at(-1)?.toFixed(1)}\n`,
    );
  }
});

/** A phone bridge started through the real headless wiring, on its own port and state file. */
async function startBridge(
  name: string,
  extra: Record<string, string> = {},
): Promise<{ phone: RunningPhone; peer: TwilioPeer; env: NodeJS.ProcessEnv }> {
  const env: NodeJS.ProcessEnv = {
    TOWER_PHONE_PUBLIC_URL: PUBLIC,
    TOWER_PHONE_PORT: '0',
    TOWER_TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TOWER_PHONE_TOTP_SECRET: SECRET,
    TOWER_PHONE_ALLOWED_CALLERS: OWNER,
    ...extra,
  };
  const phone = await startPhoneFromEnv({
    env,
    backend: phoneBackendOf(tower.supervisor),
    audit,
    store: new JsonFileStore(join(tower.home, `phone-${name}.json`)),
    clock: new SystemClock(),
    report: (view) => tower.supervisor.reportBridge(view),
    print: () => undefined,
  });
  if (!phone) throw new Error('the phone bridge did not start');
  stopLater.push(() => phone.stop());
  const peer = new TwilioPeer({
    authToken: AUTH_TOKEN,
    publicBase: PUBLIC,
    localBase: () => phone.localUrl,
    onTiming: (ms) => webhookTimes.push(ms),
  });
  return { phone, peer, env };
}

function inbound(extra: Record<string, string> = {}): Record<string, string> {
  return {
    CallSid: newCallSid(),
    AccountSid: ACCOUNT_SID,
    From: OWNER,
    To: TWILIO_NUMBER,
    CallStatus: 'in-progress',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

const code = async () => ({ Digits: await generate({ secret: SECRET }) });
const say = (SpeechResult: string) => ({ SpeechResult, Confidence: '0.91' });

/** Keys Tower typed for a channel, from its own audit log. */
function typedVia(channel: string): number {
  return readFileSync(tower.auditPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { kind?: string; channel?: string })
    .filter((r) => r.kind === 'typed' && r.channel === channel).length;
}

describe('phone bridge against a Twilio peer and the real Claude Code', () => {
  const standIns: ModelStandIn[] = [];
  let line: Awaited<ReturnType<typeof startBridge>>;
  let usedCode = '';
  let capturedConfirm: SentRequest | undefined;
  let capturedStart: SentRequest | undefined;

  beforeAll(async () => {
    line = await startBridge('inbound');
  });
  afterAll(async () => {
    for (const s of standIns) await s.close();
  });

  it('reads its secrets once and removes them from the environment agents would inherit', () => {
    expect(line.env.TOWER_TWILIO_AUTH_TOKEN).toBeUndefined();
    expect(line.env.TOWER_PHONE_TOTP_SECRET).toBeUndefined();
    expect(line.env.TOWER_PHONE_PUBLIC_URL).toBe(PUBLIC);
  });

  it('answers unsigned and forged webhooks with 403 and an audit record, and no TwiML', async () => {
    const before = audit.ofKind('phone-webhook-refused').length;
    const unsigned = await line.peer.post(`${PUBLIC}/voice/answer`, inbound(), 'none');
    const forged = await line.peer.post(`${PUBLIC}/voice/answer`, inbound(), 'forged');
    // Signed for the loopback URL instead of the public one: what a misconfigured tunnel looks like.
    const params = inbound();
    const wrongUrl = await fetch(`${line.phone.localUrl}/voice/answer`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': (await import('twilio')).default.getExpectedTwilioSignature(
          AUTH_TOKEN,
          `${line.phone.localUrl}/voice/answer`,
          params,
        ),
      },
      body: new URLSearchParams(params),
    });
    expect([unsigned.status, forged.status, wrongUrl.status]).toEqual([403, 403, 403]);
    expect(unsigned.body).not.toContain('<Response');
    expect(
      audit
        .ofKind('phone-webhook-refused')
        .slice(before)
        .map((r) => r.detail.reason),
    ).toEqual(['unsigned', 'forged', 'forged']);
  });

  it('wrong code, right code, status, approve, confirm, bye: the real Claude Code runs the command', async () => {
    const { view, marker, command } = await claudeAsking(tower, standIns, stopLater, 'phone-inbound');
    const n = numberWords(view.number);
    const base = inbound();
    let heardBeforeCode = '';
    const result = await line.peer.call(`${PUBLIC}/voice/answer`, base, [
      { Digits: '000000' },
      async (heard) => {
        heardBeforeCode = heard.join('\n');
        const c = await code();
        usedCode = c.Digits;
        return c;
      },
      say('Status.'),
      say('Approve.'),
      { Digits: '1' },
      say('Goodbye.'),
    ]);
    const t = result.transcript;
    expect(t[0]).toBe('SAY Hello.');
    expect(t[1]).toBe('SAY Enter your six digit code, then press pound.');
    expect(t).toContain('SAY That code was not accepted.');
    expect(heardBeforeCode).not.toMatch(/flight|session|agent|claude|touch/i);
    const sitrep = `Flight ${n} is waiting for approval to run touch`;
    expect(t.filter((l) => l.includes(sitrep))).toHaveLength(2);
    expect(t.join('\n')).not.toContain('Create the marker file ');
    const readBack = t.find((l) => l.includes('To approve it once, press 1.'));
    expect(readBack).toBe(
      `SAY Flight ${n}, Claude, asks: ${view.prompt?.question} The Bash command is: ${command}. To approve it once, press 1. Any other key cancels.`,
    );
    expect(t).toContain(`SAY Done. Approved flight ${n} once.`);
    expect(t.slice(-2)).toEqual(['SAY Goodbye.', 'HANGUP']);
    expect(result.statuses.every((s) => s === 200)).toBe(true);
    await eventually(() => existsSync(marker), 'the approved command to run');
    expect(typedVia(`phone:${OWNER}`)).toBe(1);
    capturedStart = line.peer.sent.find(
      (r) => r.params.CallSid === base.CallSid && r.publicUrl.endsWith('/voice/answer'),
    );
    capturedConfirm = line.peer.sent.find(
      (r) => r.params.CallSid === base.CallSid && r.params.Digits === '1',
    );
    const kinds = audit.records.filter((r) => r.detail.callSid === base.CallSid).map((r) => r.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'phone-call-started',
        'phone-auth-failed',
        'phone-auth-accepted',
        'phone-command',
        'phone-answer',
        'phone-call-ended',
      ]),
    );
    expect(JSON.stringify(audit.records)).not.toContain(usedCode);
    await tower.waitFor(view.id, (v) => v.prompt === null, 60_000);
  });

  it('refuses the same code in a later call (single use)', async () => {
    const result = await line.peer.call(`${PUBLIC}/voice/answer`, inbound(), [
      { Digits: usedCode },
      { Digits: usedCode },
      { Digits: usedCode },
    ]);
    const refusals = result.transcript.filter((l) => l.startsWith('SAY That code was not accepted'));
    expect(refusals).toEqual([
      'SAY That code was not accepted.',
      'SAY That code was not accepted.',
      'SAY That code was not accepted. Goodbye.',
    ]);
    expect(result.transcript.at(-1)).toBe('HANGUP');
    expect(result.transcript.join('\n')).not.toMatch(/flight|session/i);
  });

  it('a captured request replayed later gets 403 and types nothing', async () => {
    const typed = typedVia(`phone:${OWNER}`);
    expect(capturedConfirm && capturedStart).toBeTruthy();
    const confirm = await line.peer.replay(capturedConfirm as SentRequest);
    const start = await line.peer.replay(capturedStart as SentRequest);
    expect([confirm.status, start.status]).toEqual([403, 403]);
    expect(typedVia(`phone:${OWNER}`)).toBe(typed);
    expect(
      audit
        .ofKind('phone-webhook-refused')
        .slice(-2)
        .map((r) => r.detail.reason),
    ).toEqual(['replayed', 'replayed']);
  });

  it('a caller not on the allowlist is hung up on before any prompt', async () => {
    const result = await line.peer.call(`${PUBLIC}/voice/answer`, inbound({ From: '+15550009999' }), []);
    expect(result.transcript).toEqual(['SAY This number is not available. Goodbye.', 'HANGUP']);
  });
});

describe('lockout across calls', () => {
  it('locks the line after five wrong codes over two calls, tells the owner, and stays locked after a restart', async () => {
    const first = await startBridge('lockout');
    const a = await first.peer.call(`${PUBLIC}/voice/answer`, inbound(), [
      { Digits: '111111' },
      { Digits: '222222' },
      { Digits: '333333' },
    ]);
    expect(a.transcript.at(-2)).toBe('SAY That code was not accepted. Goodbye.');
    const b = await first.peer.call(`${PUBLIC}/voice/answer`, inbound(), [
      { Digits: '444444' },
      { Digits: '555555' },
    ]);
    expect(b.transcript.slice(-2)).toEqual(['SAY This line is not available right now. Goodbye.', 'HANGUP']);
    const view = (await tower.supervisor.getSnapshot()).bridges.find((v) => v.id === 'phone');
    expect(view?.state).toBe('down');
    expect(view?.reason).toMatch(/wrong codes/);
    expect(audit.ofKind('phone-lockout')).toHaveLength(1);
    // The right code now is not even asked for.
    const c = await first.peer.call(`${PUBLIC}/voice/answer`, inbound(), [code]);
    expect(c.transcript).toEqual(['SAY This line is not available right now. Goodbye.', 'HANGUP']);
    await first.phone.stop();
    const restarted = await startBridge('lockout');
    const d = await restarted.peer.call(`${PUBLIC}/voice/answer`, inbound(), [code]);
    expect(d.transcript).toEqual(['SAY This line is not available right now. Goodbye.', 'HANGUP']);
  });
});

describe('outbound call when an approval escalates to the phone', () => {
  const standIns: ModelStandIn[] = [];
  afterAll(async () => {
    for (const s of standIns) await s.close();
  });

  it('calls the owner through the REST client, says only that a decision is needed, then TOTP, read-back, 1, confirm: the command runs', async () => {
    const calls: Promise<{ transcript: string[] }>[] = [];
    let peer: TwilioPeer | null = null;
    let behaviour: 'human' | 'machine_start' = 'human';
    let lastSnapshot: Snapshot | null = null;
    const off = tower.supervisor.on('snapshot', (s) => (lastSnapshot = s));
    stopLater.push(() => Promise.resolve(off()));
    const rest = await startTwilioRestStandIn({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      onCall: (call) => {
        const base = {
          CallSid: call.sid,
          AccountSid: ACCOUNT_SID,
          From: call.form.From ?? '',
          To: call.form.To ?? '',
          CallStatus: 'in-progress',
          Direction: 'outbound-api',
          ApiVersion: '2010-04-01',
          AnsweredBy: behaviour,
        };
        const inputs = behaviour === 'human' ? [code, { Digits: '1' }, { Digits: '1' }, { Digits: '0' }] : [];
        const run = (peer as TwilioPeer).call(call.form.Url ?? '', base, inputs).then(async (result) => {
          const ended = behaviour === 'human' ? 'completed' : 'no-answer';
          await (peer as TwilioPeer).post(call.form.StatusCallback ?? '', { ...base, CallStatus: ended });
          return result;
        });
        calls.push(run);
      },
    });
    stopLater.push(() => rest.close());
    const line = await startBridge('outbound', {
      TOWER_TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TOWER_TWILIO_FROM: TWILIO_NUMBER,
      TOWER_PHONE_OWNER: OWNER,
      TOWER_TWILIO_API_BASE: rest.url,
      TOWER_PHONE_MIN_CALL_GAP_SECONDS: '1',
    });
    peer = line.peer;

    const { view, marker, command } = await claudeAsking(tower, standIns, stopLater, 'phone-outbound');
    await eventually(() => calls.length > 0, 'the outbound call', 60_000);
    const placed = rest.placed[0];
    expect(placed?.form).toMatchObject({
      To: OWNER,
      From: TWILIO_NUMBER,
      Method: 'POST',
      MachineDetection: 'Enable',
      StatusCallback: `${PUBLIC}/voice/status`,
    });
    expect(placed?.form.Url).toMatch(new RegExp(`^${PUBLIC}/voice/outbound\\?n=[A-Za-z0-9_-]{16}$`));
    const { transcript } = await (calls[0] as Promise<{ transcript: string[] }>);
    const n = numberWords(view.number);
    expect(transcript.slice(0, 2)).toEqual([
      'SAY Hello. An agent needs a decision.',
      'SAY Enter your six digit code, then press pound.',
    ]);
    expect(transcript.slice(0, 3).join('\n')).not.toMatch(/touch|flight|claude/i);
    expect(transcript).toContain(
      `SAY Flight ${n}, Claude, asks: ${view.prompt?.question} The Bash command is: ${command}.`,
    );
    expect(transcript).toContain(`SAY Done. Approved flight ${n} once.`);
    await eventually(() => existsSync(marker), 'the command approved by phone to run');
    expect(audit.ofKind('phone-call-placed').at(-1)?.detail).toMatchObject({
      callSid: placed?.sid,
      to: OWNER,
    });
    expect(rest.unauthorized()).toBe(0);

    // Voicemail: nothing is said, the approval stays pending, and the missed call is audited.
    behaviour = 'machine_start';
    const second = await claudeAsking(tower, standIns, stopLater, 'phone-voicemail');
    await eventually(() => calls.length > 1, 'the second outbound call', 60_000);
    const vm = await (calls[1] as Promise<{ transcript: string[] }>);
    expect(vm.transcript).toEqual(['HANGUP']);
    await eventually(() => audit.ofKind('phone-approval-left-pending').length > 0, 'the left-pending record');
    const approval = (lastSnapshot as Snapshot | null)?.approvals.find((a) => a.session === second.view.id);
    expect(approval?.status).toBe('pending');
    expect(existsSync(second.marker)).toBe(false);
    await tower.api.answerPrompt({
      session: second.view.id,
      choice: 'deny',
      fingerprint: second.view.prompt?.fingerprint,
      channel: 'cli',
    });
  });
});
