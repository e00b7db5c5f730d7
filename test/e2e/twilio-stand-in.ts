/**
 * Twilio's side of a call, for the phone e2e tests, built on twilio's own signature function.
 *
 * `TwilioPeer` plays the voice webhooks as Twilio does: it signs each request for the PUBLIC URL
 * (what a tunnel forwards from) with `twilio.getExpectedTwilioSignature`, POSTs Twilio's form
 * parameters to Tower's loopback listener, parses the TwiML and follows it (Say, Gather with
 * actionOnEmptyResult, Pause, Redirect, Hangup), feeding one scripted input per Gather.
 * `startTwilioRestStandIn` answers the REST `Calls.json` create call (Basic auth checked) the way
 * api.twilio.com does, then "rings" the owner through a callback.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import twilio from 'twilio';

type Params = Record<string, string>;
/** One caller action per Gather: keys or speech; a function is called when the Gather is reached. */
export type CallerInput =
  Params | undefined | ((heard: readonly string[]) => Params | undefined | Promise<Params | undefined>);

/** A request as sent, kept so a test can replay it later byte for byte. */
export interface SentRequest {
  readonly publicUrl: string;
  readonly params: Params;
  readonly signature: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  trimValues: true,
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

function textOf(nodes: unknown): string {
  return ((nodes as Node[] | undefined) ?? [])
    .map((n) => {
      const t = n['#text'];
      return typeof t === 'string' || typeof t === 'number' ? String(t) : '';
    })
    .join('');
}

/** A fresh CallSid in Twilio's shape. */
export function newCallSid(): string {
  return `CA${randomBytes(16).toString('hex')}`;
}

/** Plays Twilio against a webhook listener. */
export class TwilioPeer {
  readonly sent: SentRequest[] = [];

  constructor(
    private readonly opts: {
      readonly authToken: string;
      readonly publicBase: string;
      localBase: () => string;
      /** Told how long each webhook took to answer. */
      onTiming?: (ms: number) => void;
    },
  ) {}

  /** POSTs one request; `sign` chooses a valid, missing or forged X-Twilio-Signature. */
  async post(
    publicUrl: string,
    params: Params,
    sign: 'valid' | 'none' | 'forged' = 'valid',
  ): Promise<{ status: number; body: string; elapsedMs: number }> {
    const signature = twilio.getExpectedTwilioSignature(this.opts.authToken, publicUrl, params);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (sign === 'valid') headers['x-twilio-signature'] = signature;
    if (sign === 'forged')
      headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature('not-the-token', publicUrl, params);
    if (sign === 'valid') this.sent.push({ publicUrl, params, signature });
    return this.raw(publicUrl, params, headers);
  }

  /** Sends a captured request again, exactly as it was. */
  replay(request: SentRequest): Promise<{ status: number; body: string; elapsedMs: number }> {
    return this.raw(request.publicUrl, request.params, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': request.signature,
    });
  }

  private async raw(publicUrl: string, params: Params, headers: Record<string, string>) {
    if (!publicUrl.startsWith(this.opts.publicBase)) throw new Error(`not a public URL: ${publicUrl}`);
    const local = this.opts.localBase() + publicUrl.slice(this.opts.publicBase.length);
    const started = performance.now();
    const res = await fetch(local, { method: 'POST', headers, body: new URLSearchParams(params) });
    const body = await res.text();
    const elapsedMs = performance.now() - started;
    this.opts.onTiming?.(elapsedMs);
    return { status: res.status, body, elapsedMs };
  }

  /**
   * One whole call: POSTs the first URL, then follows the TwiML. Resolves with what was said and
   * done (`SAY …`, `USER …`, `HANGUP`, `END`) and the longest webhook answer time.
   */
  async call(
    firstUrl: string,
    base: Params,
    inputs: CallerInput[],
  ): Promise<{ transcript: string[]; maxMs: number; statuses: number[] }> {
    const transcript: string[] = [];
    const statuses: number[] = [];
    let maxMs = 0;
    let next: [string, Params] | null = [firstUrl, base];
    for (let hops = 0; next !== null; hops += 1) {
      if (hops > 40) throw new Error(`too many hops:\n${transcript.join('\n')}`);
      const res = await this.post(next[0], next[1]);
      statuses.push(res.status);
      maxMs = Math.max(maxMs, res.elapsedMs);
      if (res.status !== 200) {
        transcript.push(`HTTP ${res.status}`);
        return { transcript, maxMs, statuses };
      }
      const doc = (parser.parse(res.body) as Node[]).find((n) => 'Response' in n);
      const verbs = (doc?.Response as Node[] | undefined) ?? [];
      next = null;
      for (const verb of verbs) {
        const name = Object.keys(verb).find((k) => k !== ':@') ?? '';
        const attrs = verb[':@'] ?? {};
        if (name === 'Say') transcript.push(`SAY ${textOf(verb.Say)}`);
        else if (name === 'Pause') continue;
        else if (name === 'Hangup') {
          transcript.push('HANGUP');
          return { transcript, maxMs, statuses };
        } else if (name === 'Redirect') {
          next = [textOf(verb.Redirect), base];
          break;
        } else if (name === 'Gather') {
          for (const inner of (verb.Gather as Node[] | undefined) ?? [])
            if ('Say' in inner) transcript.push(`SAY ${textOf(inner.Say)}`);
          const raw = inputs.shift();
          const input = typeof raw === 'function' ? await raw(transcript) : raw;
          if (input === undefined && attrs.actionOnEmptyResult !== 'true') continue;
          transcript.push(`USER ${JSON.stringify(input ?? {})}`);
          next = [attrs.action ?? '', { ...base, ...(input ?? {}) }];
          break;
        } else throw new Error(`TwiML verb not modelled: ${name}`);
      }
      if (next === null && transcript.at(-1) !== 'HANGUP') transcript.push('END');
    }
    return { transcript, maxMs, statuses };
  }
}

/** A call the REST stand-in was asked to place. */
export interface PlacedCall {
  readonly sid: string;
  readonly form: Params;
}

/** A local stand-in of `POST /2010-04-01/Accounts/{AccountSid}/Calls.json`. */
export async function startTwilioRestStandIn(opts: {
  readonly accountSid: string;
  readonly authToken: string;
  readonly onCall: (call: PlacedCall) => void;
}): Promise<{ url: string; placed: PlacedCall[]; unauthorized: () => number; close: () => Promise<void> }> {
  const placed: PlacedCall[] = [];
  let refused = 0;
  const expectedAuth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = `/2010-04-01/Accounts/${opts.accountSid}/Calls.json`;
      if (req.method !== 'POST' || req.url !== path) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 20404, message: 'not found', status: 404 }));
        return;
      }
      if (req.headers.authorization !== expectedAuth) {
        refused += 1;
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
        return;
      }
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const call: PlacedCall = { sid: newCallSid(), form };
      placed.push(call);
      const now = new Date().toUTCString();
      res.writeHead(201, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          sid: call.sid,
          account_sid: opts.accountSid,
          to: form.To,
          from: form.From,
          status: 'queued',
          direction: 'outbound-api',
          api_version: '2010-04-01',
          date_created: now,
          date_updated: now,
          uri: `/2010-04-01/Accounts/${opts.accountSid}/Calls/${call.sid}.json`,
        }),
      );
      // Twilio rings after answering the REST call.
      setTimeout(() => opts.onCall(call), 50);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    placed,
    unauthorized: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
