import { inspect } from 'node:util';
import { generate } from 'otplib';
import twilio from 'twilio';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { AnthropicSummaryWriter } from './anthropic-summary';
import { OtplibTotpVerifier, provisionTotp } from './otplib-totp';
import { renderTwiml } from './twiml';
import { TwilioSignatureCheck } from './twilio-signature';

const TOKEN = 'test-auth-token-0123456789abcdef';
const URL_SIGNED = 'https://tower.example/voice/step?n=AbCdEfGhIjKlMnOp';
const PARAMS = { CallSid: `CA${'a'.repeat(32)}`, From: '+15551230000', Digits: '123456' };

describe('TwilioSignatureCheck (twilio.validateRequest)', () => {
  const check = new TwilioSignatureCheck(TOKEN);
  const signature = twilio.getExpectedTwilioSignature(TOKEN, URL_SIGNED, PARAMS);

  it('accepts what Twilio signs, also with the explicit :443', () => {
    expect(check.valid(URL_SIGNED, PARAMS, signature)).toBe(true);
    expect(check.valid('https://tower.example:443/voice/step?n=AbCdEfGhIjKlMnOp', PARAMS, signature)).toBe(
      true,
    );
  });

  it('refuses another scheme, host, query, parameter, token, or junk', () => {
    expect(check.valid(URL_SIGNED.replace('https:', 'http:'), PARAMS, signature)).toBe(false);
    expect(check.valid(URL_SIGNED.replace('tower.example', 'evil.example'), PARAMS, signature)).toBe(false);
    expect(check.valid(URL_SIGNED.replace('AbCd', 'XbCd'), PARAMS, signature)).toBe(false);
    expect(check.valid(URL_SIGNED, { ...PARAMS, Digits: '1' }, signature)).toBe(false);
    expect(check.valid(URL_SIGNED, { ...PARAMS, Extra: 'x' }, signature)).toBe(false);
    expect(new TwilioSignatureCheck('another-token').valid(URL_SIGNED, PARAMS, signature)).toBe(false);
    expect(check.valid('not a url', PARAMS, signature)).toBe(false);
    expect(check.valid(URL_SIGNED, PARAMS, '')).toBe(false);
  });
});

describe('OtplibTotpVerifier (otplib v13)', () => {
  const { secret, uri } = provisionTotp('owner phone');

  it('provisions a 20-byte secret and an otpauth URI for authenticator apps', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(`otpauth://totp/Tower:owner%20phone?secret=${secret}&issuer=Tower`);
  });

  it('accepts the current code within one step of drift, refuses its step once used, and malformed codes without throwing', async () => {
    const verifier = new OtplibTotpVerifier(secret);
    const at = 1_795_318_560_000;
    const code = await generate({ secret, epoch: at / 1000 });
    const first = await verifier.verify(code, at, null);
    expect(first.valid).toBe(true);
    const step = first.valid ? first.timeStep : -1;
    expect(step).toBe(Math.floor(at / 30_000));
    expect(await verifier.verify(code, at + 29_000, step)).toEqual({ valid: false });
    expect((await verifier.verify(code, at + 30_000, null)).valid).toBe(true);
    expect(await verifier.verify(code, at + 61_000, null)).toEqual({ valid: false });
    for (const bad of ['12345', '1234567', 'abcdef', '', '12 456', '١٢٣٤٥٦'])
      expect(await verifier.verify(bad, at, null)).toEqual({ valid: false });
  });

  it('refuses secrets otplib would not accept (short, not base32) at construction', () => {
    expect(() => new OtplibTotpVerifier('JBSWY3DPEHPK3PXP')).toThrow(/16 bytes/);
    expect(() => new OtplibTotpVerifier('not-base32!')).toThrow(/base32/);
  });
});

describe('renderTwiml (twilio VoiceResponse)', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

  it('escapes agent text so it cannot add verbs, and gathers with actionOnEmptyResult', () => {
    const xml = renderTwiml({
      say: ['Flight two asks: </Say><Dial>+15555550100</Dial><Say> & <![CDATA[x]]>'],
      next: {
        kind: 'gather',
        action: URL_SIGNED,
        input: 'dtmf speech',
        numDigits: null,
        hints: 'status, bye',
        timeoutSeconds: 6,
        prompt: 'What next?',
      },
    });
    const doc = parser.parse(xml) as { Response: Record<string, unknown> };
    expect(Object.keys(doc.Response).sort()).toEqual(['Gather', 'Say']);
    expect(xml).not.toContain('<Dial>');
    expect(doc.Response.Gather).toMatchObject({
      input: 'dtmf speech',
      action: URL_SIGNED,
      actionOnEmptyResult: 'true',
      finishOnKey: '#',
      hints: 'status, bye',
      speechTimeout: 'auto',
    });
  });

  it('hangs up, or answers a status callback with an empty response', () => {
    expect(renderTwiml({ say: ['Goodbye.'], next: { kind: 'hangup' } })).toContain(
      '<Say voice="Polly.Joanna-Neural" language="en-US">Goodbye.</Say><Hangup/>',
    );
    expect(renderTwiml({ say: [], next: { kind: 'none' } })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response/>',
    );
  });
});

describe('secret-holding adapters', () => {
  it('never show their secret when logged or serialized', () => {
    const totpSecret = provisionTotp().secret;
    const apiKey = 'sk-ant-test-key-never-shown';
    const holders: [unknown, string][] = [
      [new TwilioSignatureCheck(TOKEN), TOKEN],
      [new OtplibTotpVerifier(totpSecret), totpSecret],
      [new AnthropicSummaryWriter({ apiKey, baseUrl: 'http://127.0.0.1:1' }), apiKey],
    ];
    for (const [holder, secret] of holders) {
      expect(inspect(holder, { depth: 10, showHidden: true })).not.toContain(secret);
      expect(JSON.stringify(holder)).not.toContain(secret);
      expect(
        Object.values(holder as object)
          .map(String)
          .join(' '),
      ).not.toContain(secret);
    }
  });
});
