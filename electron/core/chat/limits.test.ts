import { describe, expect, it } from 'vitest';
import { classify } from './access';
import { Pairing } from './pairing';
import { RateLimiter } from './rate-limit';
import { SeenSet } from './seen-set';
import { nonce, parseButtonData } from './nonce';
import { CountingRandom } from './testing/fake-chat-channel';

describe('RateLimiter', () => {
  it('allows 10 a minute and 100 an hour per key', () => {
    const limiter = new RateLimiter();
    let t = 0;
    for (let minute = 0; minute < 10; minute += 1) {
      for (let i = 0; i < 10; i += 1) expect(limiter.take('a', t + i).ok).toBe(true);
      expect(limiter.take('a', t + 11)).toMatchObject({ ok: false, window: 'minute' });
      expect(limiter.take('b', t + 11).ok).toBe(true);
      t += 60_000;
    }
    expect(limiter.take('a', t)).toMatchObject({ ok: false, window: 'hour' });
    expect(limiter.take('a', 3_600_000).ok).toBe(true);
  });
});

describe('SeenSet', () => {
  it('says first time once, forgets by age and by capacity', () => {
    const seen = new SeenSet(3, 1_000);
    expect(seen.firstTime('a', 0)).toBe(true);
    expect(seen.firstTime('a', 10)).toBe(false);
    expect(seen.firstTime('a', 2_000)).toBe(true);
    for (const id of ['b', 'c', 'd']) seen.firstTime(id, 2_001);
    expect(seen.firstTime('a', 2_002)).toBe(true);
  });
});

describe('Pairing', () => {
  it('codes differ, use an unambiguous alphabet and accept spacing and case', () => {
    const pairing = new Pairing(new CountingRandom());
    const a = pairing.issue(0);
    const b = pairing.issue(0);
    expect(a).not.toBe(b);
    expect(b).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$/);
    expect(pairing.attempt(a, 1).kind).toBe('wrong');
    expect(pairing.attempt('hello', 1).kind).toBe('not-a-code');
    expect(pairing.attempt(` /pair ${b.toLowerCase().replace('-', ' ')} `, 1).kind).toBe('paired');
    expect(pairing.attempt(b, 2).kind).toBe('closed');
  });
});

describe('access', () => {
  const base = {
    kind: 'text',
    updateId: 1,
    text: 'x',
    forwarded: false,
    edited: false,
    viaBot: false,
  } as const;
  it('serves only allowlisted users in their own private chat', () => {
    const allow = new Set([7]);
    expect(
      classify({ ...base, chat: { id: 7, type: 'private' }, from: { id: 7, name: null } }, allow).kind,
    ).toBe('owner');
    expect(
      classify({ ...base, chat: { id: 8, type: 'private' }, from: { id: 7, name: null } }, allow),
    ).toMatchObject({ reason: 'chat-not-sender' });
    expect(
      classify({ ...base, chat: { id: 7, type: 'supergroup' }, from: { id: 7, name: null } }, allow),
    ).toMatchObject({ reason: 'not-private' });
    expect(classify({ ...base, chat: { id: 7, type: 'private' }, from: null }, allow)).toMatchObject({
      reason: 'no-sender',
    });
    expect(
      classify(
        { ...base, viaBot: true, chat: { id: 7, type: 'private' }, from: { id: 7, name: null } },
        allow,
      ),
    ).toMatchObject({ reason: 'via-bot' });
    expect(
      classify({ ...base, chat: { id: 7, type: 'private' }, from: { id: 7, name: null } }, new Set()),
    ).toMatchObject({ reason: 'not-allowlisted', mayPair: true });
  });
});

describe('button data', () => {
  it('nonces are 16 url-safe characters and parse back; anything else is refused', () => {
    const id = nonce(new CountingRandom());
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(parseButtonData(`a:${id}`)).toEqual({ action: 'a', nonce: id });
    for (const bad of [`a:${id}x`, `approve:42`, `a:${id.slice(1)}`, '', `A:${id}`])
      expect(parseButtonData(bad)).toBeNull();
  });
});
