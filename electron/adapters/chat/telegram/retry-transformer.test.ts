/**
 * The retry transformer and the poll-error verdicts, driven by scripted Bot API answers (no HTTP):
 * which waits happen and which errors come back at once.
 */
import { GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { retryTransformer } from './retry-transformer';
import { classifyPollError } from './telegram-chat-channel';

type Answer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** Runs one call through the transformer with answers in turn; records the waits it announced. */
async function run(method: string, answers: Answer[], maxDelayMs = 30_000) {
  const waits: number[] = [];
  let calls = 0;
  const transformer = retryTransformer({ maxAttempts: 4, initialDelayMs: 1, maxDelayMs }, (_m, wait) =>
    waits.push(wait),
  );
  const prev = (() =>
    Promise.resolve(answers[Math.min(calls++, answers.length - 1)])) as unknown as Parameters<
    typeof transformer
  >[0];
  // Waits are real but tiny (1-ms backoff; retry_after scaled down through maxDelayMs where tested).
  const result = (await transformer(prev, method as 'sendMessage', {} as never, undefined)) as Answer;
  return { result, waits, calls };
}

const flood = (seconds: number): Answer => ({
  ok: false,
  error_code: 429,
  description: 'Too Many Requests',
  parameters: { retry_after: seconds },
});

describe('retryTransformer', () => {
  it('a 5xx is retried with backoff until it succeeds', async () => {
    const { result, waits, calls } = await run('sendMessage', [
      { ok: false, error_code: 502, description: 'Bad Gateway' },
      { ok: false, error_code: 502, description: 'Bad Gateway' },
      { ok: true, result: 1 },
    ]);
    expect(result.ok).toBe(true);
    expect(calls).toBe(3);
    expect(waits).toEqual([1, 2]);
  });

  it('a flood wait longer than it may wait comes back as the error at once, never a silent stall', async () => {
    const { result, waits, calls } = await run('editMessageText', [flood(120), { ok: true, result: 1 }]);
    expect(result).toMatchObject({ ok: false, error_code: 429 });
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('a 4xx other than 429 is not retried; getUpdates is left to the polling loop', async () => {
    expect(
      (await run('sendMessage', [{ ok: false, error_code: 400, description: 'Bad Request' }])).calls,
    ).toBe(1);
    expect(
      (await run('getUpdates', [{ ok: false, error_code: 502, description: 'Bad Gateway' }])).calls,
    ).toBe(1);
  });
});

describe('classifyPollError', () => {
  const grammy = (code: number, description: string, parameters = {}) =>
    new GrammyError(
      'call failed',
      { ok: false, error_code: code, description, parameters },
      'getUpdates',
      {},
    );

  it('waits retry_after on a 429, stops on 409 and on a rejected token, backs off otherwise', () => {
    expect(classifyPollError(grammy(429, 'Too Many Requests', { retry_after: 7 }))).toMatchObject({
      fatal: false,
      retryAfterMs: 7_000,
    });
    const conflict = classifyPollError(grammy(409, 'Conflict: terminated by other getUpdates request'));
    expect(conflict.fatal).toBe(true);
    expect(conflict.reason).toMatch(/another instance is polling this bot/);
    const webhook = classifyPollError(
      grammy(409, "Conflict: can't use getUpdates method while webhook is active"),
    );
    expect(webhook.fatal).toBe(true);
    expect(webhook.reason).toMatch(/webhook is set/);
    expect(classifyPollError(grammy(401, 'Unauthorized'))).toMatchObject({ fatal: true });
    expect(classifyPollError(new Error('ECONNRESET'))).toEqual({
      fatal: false,
      reason: 'cannot reach Telegram: ECONNRESET',
    });
  });
});
