import { afterEach, describe, expect, it } from 'vitest';
import type { PhoneRequest, PhoneResponse } from '../core/phone/ports';
import { startPhoneWebhooks, type PhoneWebhookServer } from './phone-webhooks';

const PUBLIC = 'https://abc.trycloudflare.com';
let server: PhoneWebhookServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(handle: (req: PhoneRequest) => Promise<PhoneResponse>, budgetMs?: number) {
  server = await startPhoneWebhooks({
    handle,
    render: (reply) => `<Response>${reply.say.join('|')}:${reply.next.kind}</Response>`,
    publicBaseUrl: PUBLIC,
    port: 0,
    ...(budgetMs === undefined ? {} : { budgetMs }),
  });
  return server;
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('phone webhook listener', () => {
  it('hands the bridge the public URL Twilio signed, the nonce, the signature and every parameter', async () => {
    const seen: PhoneRequest[] = [];
    const s = await start((req) => {
      seen.push(req);
      return Promise.resolve({ status: 200, reply: { say: ['Hello.'], next: { kind: 'hangup' } } });
    });
    const res = await fetch(`${s.url}/voice/step?n=AbCd_-1234567890`, {
      method: 'POST',
      headers: { ...form, 'x-twilio-signature': 'sig=', host: 'abc.trycloudflare.com' },
      body: 'CallSid=CA1&Digits=12%23&Digits=3&SpeechResult=approve+two',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await res.text()).toBe('<Response>Hello.:hangup</Response>');
    expect(seen).toEqual([
      {
        method: 'POST',
        path: '/voice/step',
        nonce: 'AbCd_-1234567890',
        url: `${PUBLIC}/voice/step?n=AbCd_-1234567890`,
        params: { CallSid: 'CA1', Digits: ['12#', '3'], SpeechResult: 'approve two' },
        signature: 'sig=',
      },
    ]);
  });

  it('serves nothing but POSTed forms under /voice/, and passes refusals on without TwiML', async () => {
    let calls = 0;
    const s = await start(() => {
      calls += 1;
      return Promise.resolve({ status: 403, reason: 'forged' });
    });
    expect((await fetch(`${s.url}/api/getSnapshot`)).status).toBe(404);
    expect((await fetch(`${s.url}/`)).status).toBe(404);
    expect((await fetch(`${s.url}/voice/answer`)).status).toBe(405);
    expect(
      (
        await fetch(`${s.url}/voice/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
    const big = await fetch(`${s.url}/voice/answer`, {
      method: 'POST',
      headers: form,
      body: `x=${'a'.repeat(20_000)}`,
    });
    expect(big.status).toBe(413);
    expect(calls).toBe(0);
    const refused = await fetch(`${s.url}/voice/answer`, {
      method: 'POST',
      headers: form,
      body: 'CallSid=CA1',
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('<Response');
    expect(calls).toBe(1);
  });

  it('answers with a polite hang-up when the bridge overruns the budget, or fails', async () => {
    const slow = await start(() => new Promise(() => undefined), 50);
    const late = await fetch(`${slow.url}/voice/answer`, {
      method: 'POST',
      headers: form,
      body: 'CallSid=CA1',
    });
    expect(await late.text()).toBe(
      '<Response>Sorry, this line cannot help right now. Goodbye.:hangup</Response>',
    );
    await slow.close();
    const failing = await start(() => Promise.reject(new Error('boom')));
    const failed = await fetch(`${failing.url}/voice/answer`, {
      method: 'POST',
      headers: form,
      body: 'CallSid=CA1',
    });
    expect(failed.status).toBe(200);
    expect(await failed.text()).toContain(':hangup');
  });

  it('refuses a public URL that is not https or carries a path', async () => {
    const handle = () => Promise.resolve<PhoneResponse>({ status: 403, reason: 'x' });
    const render = () => '';
    await expect(
      startPhoneWebhooks({ handle, render, publicBaseUrl: 'http://abc.example', port: 0 }),
    ).rejects.toThrow(/https/);
    await expect(
      startPhoneWebhooks({ handle, render, publicBaseUrl: 'https://abc.example/tower', port: 0 }),
    ).rejects.toThrow(/no path/);
  });
});
