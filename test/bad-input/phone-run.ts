/**
 * The phone as an entry point: the real bridge (headless wiring, twilio's signature check) driven
 * by a Twilio peer that signs with twilio's own `getExpectedTwilioSignature`. Every payload goes as
 * `Digits` and as `SpeechResult` into each step of a call — the TOTP step, the command menu, and the
 * confirmation that follows a LOCKDOWN, approve or deny request — signed (so the bridge decides),
 * and unsigned and forged (so it must refuse). Each reply must be valid TwiML that does not echo
 * the payload raw; a wrong code never opens the menu; nothing is typed; LOCKDOWN stays off.
 */
import { generate, generateSecret } from 'otplib';
import { MemoryAuditSink, MemoryStore } from '../../electron/core/testing/memory-audit';
import { phoneBackendOf, startPhoneFromEnv, type RunningPhone } from '../../electron/headless/phone-wiring';
import { newCallSid, TwilioPeer } from '../e2e/twilio-stand-in';
import { readTwiml, type ReadTwiml, type ReplyStage } from './phone-twiml';
import { SkewedClock, type RemoteRig } from './remote-rig';

const PUBLIC = 'https://tower-phone.example';
const AUTH_TOKEN = `bad-remote-auth-${process.pid}-0123456789abcdef`;
const OWNER = '+15551230000';
/** A handler that threw answers with this line (transport/phone-webhooks.ts FAILED). */
const FAILED = 'Sorry, this line cannot help right now';

/** The payload as keys and as (confidently heard) speech. */
function asInput(payload: string): readonly (readonly ['digits' | 'speech', Record<string, string>])[] {
  return [
    ['digits', { Digits: payload }],
    ['speech', { SpeechResult: payload, Confidence: '0.9' }],
  ];
}

interface Call {
  readonly base: Record<string, string>;
  action: string;
  stage: ReplyStage;
  turns: number;
}

/** What one phone run found. */
export interface PhoneFindings {
  readonly problems: string[];
  /** Payloads that engaged LOCKDOWN or opened the menu without the code. */
  readonly breaches: string[];
  /** Speech payloads the menu read as a request (parked for confirmation, then cancelled). */
  readonly parked: string[];
  lockdownOnPurpose: boolean;
}

/** Drives calls against one bridge. */
export class PhoneRun {
  readonly findings: PhoneFindings = { problems: [], breaches: [], parked: [], lockdownOnPurpose: false };
  private readonly clock = new SkewedClock();
  private readonly secret = generateSecret();
  private readonly audit = new MemoryAuditSink();
  private phone: RunningPhone | null = null;
  private peer: TwilioPeer | null = null;

  constructor(private readonly rig: RemoteRig) {}

  async start(): Promise<void> {
    this.phone = await startPhoneFromEnv({
      env: {
        TOWER_PHONE_PUBLIC_URL: PUBLIC,
        TOWER_PHONE_PORT: '0',
        TOWER_TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TOWER_PHONE_TOTP_SECRET: this.secret,
        TOWER_PHONE_ALLOWED_CALLERS: OWNER,
      },
      backend: phoneBackendOf(this.rig.tower.supervisor),
      audit: this.audit,
      store: new MemoryStore(),
      clock: this.clock,
      report: () => undefined,
      print: (line) => {
        if (line.startsWith('Phone webhook failed')) this.serverError(line.trim());
      },
    });
    const phone = this.phone;
    if (!phone) throw new Error('the phone bridge did not start');
    this.peer = new TwilioPeer({
      authToken: AUTH_TOKEN,
      publicBase: PUBLIC,
      localBase: () => phone.localUrl,
    });
  }

  async stop(): Promise<void> {
    await this.phone?.stop();
  }

  private serverError(detail: string): void {
    this.rig.tally.serverErrors += 1;
    this.rig.tally.serverErrorDetails.push(`phone: ${detail}`);
  }

  /** A signed request; null when the transport refused the body as too large (413). */
  private async signed(
    url: string,
    params: Record<string, string>,
    payload: string,
  ): Promise<ReadTwiml | null> {
    const res = await (this.peer as TwilioPeer).post(url, params, 'valid');
    if (res.status >= 500) this.serverError(`${res.status} for ${JSON.stringify(payload.slice(0, 40))}`);
    if (res.status === 413) return null;
    if (res.status !== 200) {
      this.findings.problems.push(
        `signed request answered ${res.status} for ${JSON.stringify(payload.slice(0, 40))}`,
      );
      return null;
    }
    const read = readTwiml(res.body, payload, PUBLIC);
    if (read.problem)
      this.findings.problems.push(`${read.problem} for ${JSON.stringify(payload.slice(0, 40))}`);
    if (read.says.some((s) => s.startsWith(FAILED)))
      this.serverError(`handler failed for ${JSON.stringify(payload.slice(0, 40))}`);
    return read;
  }

  /** The payload unsigned and with a forged signature, as keys and as speech: 403 (or 413), no TwiML. */
  private async refused(call: Call, payload: string): Promise<void> {
    const peer = this.peer as TwilioPeer;
    for (const [, input] of asInput(payload)) {
      for (const sign of ['none', 'forged'] as const) {
        const res = await peer.post(call.action, { ...call.base, ...input }, sign);
        if (res.status >= 500) this.serverError(`${res.status} for a ${sign} request`);
        if ((res.status !== 403 && res.status !== 413) || res.body.includes('<Response'))
          this.findings.breaches.push(
            `${sign} request with ${JSON.stringify(payload.slice(0, 40))} → ${res.status}`,
          );
      }
    }
    this.rig.tally.entryPoints.add('phone:unsigned+forged');
    this.rig.tally.checks += 1;
  }

  private async step(call: Call, input: Record<string, string>, payload = ''): Promise<ReadTwiml | null> {
    const read = await this.signed(call.action, { ...call.base, ...input }, payload);
    if (read === null) return null;
    call.turns += 1;
    call.stage = read.stage;
    if (read.action !== null) call.action = read.action;
    return read;
  }

  private async open(): Promise<Call> {
    const base = {
      CallSid: newCallSid(),
      AccountSid: `AC${'1'.repeat(32)}`,
      From: OWNER,
      To: '+15557654321',
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    };
    const call: Call = { base, action: `${PUBLIC}/voice/answer`, stage: 'end', turns: 0 };
    const read = await this.step(call, {});
    if (read?.stage !== 'code')
      throw new Error(`a fresh call is not at the code step: ${JSON.stringify(read)}`);
    return call;
  }

  /** The real code of a fresh 30-second step (the clock moves on, so every call gets one). */
  private async authenticate(call: Call): Promise<void> {
    this.clock.advance(30_000);
    const code = await generate({ secret: this.secret, epoch: Math.floor(this.clock.now() / 1000) });
    const read = await this.step(call, { Digits: code });
    if (read?.stage !== 'menu')
      throw new Error(`the right code did not open the menu: ${JSON.stringify(read)}`);
  }

  /** Back to the menu from a confirmation (any key but 1 cancels). */
  private async toMenu(call: Call): Promise<void> {
    if (call.stage === 'confirm') await this.step(call, { Digits: '0' });
  }

  private async lockdownOff(payload: string, where: string): Promise<void> {
    if ((await this.rig.snapshot()).lockdown)
      this.findings.breaches.push(`LOCKDOWN engaged by ${JSON.stringify(payload.slice(0, 40))} at ${where}`);
  }

  /** The payload as keys and as speech at the TOTP step: never the menu. */
  private async atCode(call: Call, payload: string): Promise<void> {
    await this.refused(call, payload);
    for (const [kind, input] of asInput(payload)) {
      const read = await this.step(call, input, payload);
      this.rig.tally.entryPoints.add(`phone:code ${kind}`);
      this.rig.tally.checks += 1;
      if (read && read.stage !== 'code')
        this.findings.breaches.push(
          `code step, ${kind} ${JSON.stringify(payload.slice(0, 40))} → ${read.stage}`,
        );
    }
  }

  /** The payload in the menu, then at the confirmation of LOCKDOWN, approve and deny. */
  private async atMenu(call: Call, payload: string, promptNumber: number): Promise<void> {
    await this.refused(call, payload);
    for (const [kind, input] of asInput(payload)) {
      const read = await this.step(call, input, payload);
      this.rig.tally.entryPoints.add(`phone:menu ${kind}`);
      this.rig.tally.checks += 1;
      if (read?.stage === 'confirm') {
        this.findings.parked.push(
          `${kind} ${JSON.stringify(payload.slice(0, 40))}: ${read.prompt.slice(0, 40)}`,
        );
        await this.toMenu(call);
      }
      await this.lockdownOff(payload, `menu ${kind}`);
      if (call.stage === 'hangup') return;
    }
    const confirmations = [
      ['lockdown', '7', /^Engage LOCKDOWN/u],
      ['approve', `2${promptNumber}`, /To approve it once, press 1/u],
      ['deny', `3${promptNumber}`, /To deny it, press 1/u],
    ] as const;
    for (const [what, keys, readBack] of confirmations) {
      for (const [kind, input] of asInput(payload)) {
        const asked = await this.step(call, { Digits: keys });
        if (asked?.stage !== 'confirm' || !readBack.test(asked.prompt))
          throw new Error(`${what} was not read back: ${JSON.stringify(asked)}`);
        if (kind === 'digits') await this.refused(call, payload);
        const read = await this.step(call, input, payload);
        this.rig.tally.entryPoints.add(`phone:confirm ${what} ${kind}`);
        this.rig.tally.checks += 1;
        if (read === null) await this.toMenu(call);
        else if (read.stage !== 'menu' || !read.says.includes('Cancelled. Nothing was done.'))
          this.findings.breaches.push(
            `confirm ${what}, ${kind} ${JSON.stringify(payload.slice(0, 40))} → ${read.says.join(' ')}`,
          );
        await this.lockdownOff(payload, `confirm ${what} ${kind}`);
      }
    }
  }

  /**
   * The payload in the fields and URLs a call starts from, signed: as the caller's number (the
   * allowlist hangs up), as the CallSid (refused), as a status, and as the nonce of a step or an
   * outbound call (refused as a replay), and as a route. A reply is TwiML or a bare refusal.
   */
  async atRoutes(payload: string): Promise<void> {
    const peer = this.peer as TwilioPeer;
    const base = {
      AccountSid: `AC${'1'.repeat(32)}`,
      From: OWNER,
      To: '+15557654321',
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    };
    const query = encodeURIComponent(payload.toWellFormed());
    const tries: [string, string, Record<string, string>, number[]][] = [
      ['From', `${PUBLIC}/voice/answer`, { ...base, CallSid: newCallSid(), From: payload }, [200]],
      ['CallSid', `${PUBLIC}/voice/answer`, { ...base, CallSid: payload }, [400]],
      [
        'CallStatus',
        `${PUBLIC}/voice/status`,
        { ...base, CallSid: newCallSid(), CallStatus: payload },
        [200],
      ],
      ['step nonce', `${PUBLIC}/voice/step?n=${query}`, { ...base, CallSid: newCallSid() }, [403]],
      ['outbound nonce', `${PUBLIC}/voice/outbound?n=${query}`, { ...base, CallSid: newCallSid() }, [403]],
      ['route', `${PUBLIC}/voice/${query}`, { ...base, CallSid: newCallSid() }, [403, 404]],
    ];
    for (const [field, url, params, statuses] of tries) {
      const res = await peer.post(url, params, 'valid');
      this.rig.tally.checks += 1;
      if (res.status >= 500)
        this.serverError(`${res.status} for ${field} ${JSON.stringify(payload.slice(0, 40))}`);
      // Oversized bodies (413) and URLs (431, Node's header limit) are refused before anything reads them.
      if (!statuses.includes(res.status) && res.status !== 413 && res.status !== 431)
        this.findings.problems.push(`${field} ${JSON.stringify(payload.slice(0, 40))} → ${res.status}`);
      if (res.status === 200) {
        const read = readTwiml(res.body, payload, PUBLIC);
        if (read.problem) this.findings.problems.push(`${field}: ${read.problem}`);
        if (read.stage !== 'hangup' && read.stage !== 'end')
          this.findings.breaches.push(
            `${field} ${JSON.stringify(payload.slice(0, 40))} opened a call (${read.stage})`,
          );
      }
    }
    this.rig.tally.entryPoints.add('phone:call fields and URLs');
  }

  /** Every payload at every step: two at the code step and two in the menu per call. */
  async runCorpus(payloads: readonly string[], promptNumber: number): Promise<void> {
    const atCode = [...payloads];
    const inMenu = [...payloads];
    while (atCode.length > 0 || inMenu.length > 0) {
      const call = await this.open();
      for (const p of atCode.splice(0, 2)) await this.atCode(call, p);
      await this.authenticate(call);
      for (const p of inMenu.splice(0, 2)) {
        if (call.stage === 'hangup') inMenu.unshift(p);
        else await this.atMenu(call, p, promptNumber);
      }
      if (call.stage !== 'hangup') await this.step(call, { Digits: '0' });
    }
  }

  /** The owner, authenticated, asks for LOCKDOWN and confirms with 1: it engages (then lifted locally). */
  async lockdownOnPurpose(): Promise<boolean> {
    const call = await this.open();
    await this.authenticate(call);
    await this.step(call, { Digits: '7' });
    const done = await this.step(call, { Digits: '1' });
    const engaged = (await this.rig.snapshot()).lockdown;
    this.findings.lockdownOnPurpose =
      engaged && (done?.says.some((s) => s.includes('LOCKDOWN is engaged')) ?? false);
    await this.rig.tower.api.lockdown({ engaged: false });
    await this.step(call, { Digits: '0' });
    return engaged;
  }
}
