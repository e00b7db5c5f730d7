/**
 * A PhoneBridge over fakes, and a Caller that plays Twilio's side against it (signed requests that
 * follow each reply's Gather), for the bridge's unit tests.
 */
import type { BridgeView } from '../../../contract/dto';
import { FakeClock } from '../../testing/fake-clock';
import { MemoryAuditSink, MemoryStore } from '../../testing/memory-audit';
import { PhoneBridge, type PhoneConfig } from '../phone-bridge';
import type { PhoneReply, PhoneRequest, PhoneResponse, SummaryWriter } from '../ports';
import {
  bashPrompt,
  FakePhoneBackend,
  fakeSign,
  fakeSignatures,
  fakeTotp,
  RecordingPlacer,
  session,
} from './phone-fakes';

export const T0 = 1_795_318_560_000;
export const BASE = 'https://tower.example';
export const OWNER = '+15551230000';
let sids = 0;
const newSid = () => `CA${String((sids += 1)).padStart(32, 'a')}`;
let seed = 1;
const random = {
  bytes: (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 48_271) % 2_147_483_647) & 255),
};

export function kit(config: Partial<PhoneConfig> = {}, writer?: SummaryWriter) {
  const clock = new FakeClock(T0);
  const audit = new MemoryAuditSink();
  const store = new MemoryStore();
  const backend = new FakePhoneBackend();
  const placer = new RecordingPlacer();
  const reports: BridgeView[] = [];
  const make = () =>
    new PhoneBridge({
      config: {
        publicBaseUrl: BASE,
        ownerNumber: OWNER,
        fromNumber: '+15557654321',
        allowedCallers: null,
        ...config,
      },
      backend,
      clock,
      audit,
      store,
      random,
      totp: fakeTotp,
      signature: fakeSignatures,
      calls: placer,
      redact: (t) => t.replace(/sk-[A-Za-z0-9]+/g, '[redacted]'),
      report: (v) => reports.push(v),
      ...(writer ? { writer } : {}),
    });
  return { clock, audit, store, backend, placer, reports, make };
}

/** Plays Twilio's side against the bridge: signed requests, following the reply's Gather. */
export class Caller {
  readonly sid = newSid();
  last: PhoneReply | null = null;
  lastRequest: PhoneRequest | null = null;
  heard: string[] = [];

  constructor(
    private readonly bridge: PhoneBridge,
    private readonly from = OWNER,
  ) {}

  params(extra: Record<string, string> = {}): Record<string, string> {
    return {
      CallSid: this.sid,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: this.from,
      To: '+15557654321',
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ...extra,
    };
  }

  async send(
    path: string,
    extra: Record<string, string> = {},
    nonce: string | null = null,
  ): Promise<PhoneResponse> {
    const url = `${BASE}${path}${nonce === null ? '' : `?n=${nonce}`}`;
    const params = this.params(extra);
    const req: PhoneRequest = { method: 'POST', path, nonce, url, params, signature: fakeSign(url, params) };
    return this.deliver(req);
  }

  async deliver(req: PhoneRequest): Promise<PhoneResponse> {
    this.lastRequest = req;
    const res = await this.bridge.handle(req);
    if (res.status === 200) {
      this.last = res.reply;
      this.heard.push(...res.reply.say, ...(res.reply.next.kind === 'gather' ? [res.reply.next.prompt] : []));
    }
    return res;
  }

  /** Answers the pending Gather with keys or speech. */
  async input(input: {
    Digits?: string;
    SpeechResult?: string;
    Confidence?: string;
  }): Promise<PhoneResponse> {
    const next = this.last?.next;
    if (next?.kind !== 'gather') throw new Error(`no Gather pending: ${JSON.stringify(this.last)}`);
    const m = /^https:\/\/[^/]+(\/[^?]*)(?:\?n=([A-Za-z0-9_-]+))?$/.exec(next.action);
    if (!m) throw new Error(`unexpected action ${next.action}`);
    return this.send(m[1] ?? '', input, m[2] ?? null);
  }

  said(): string {
    return this.last
      ? [
          ...this.last.say,
          this.last.next.kind === 'gather' ? this.last.next.prompt : `<${this.last.next.kind}>`,
        ].join(' ')
      : '';
  }
}

/** Session two, showing a Bash prompt for `npm install lodash`. */
export function waitingSession() {
  return session(2, { state: 'permission', prompt: bashPrompt('npm install lodash') });
}
