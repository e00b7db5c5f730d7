/**
 * A grammY API transformer that retries outgoing calls: 429 after Telegram's `retry_after`
 * (when it is short enough to wait for), 5xx and network errors with exponential backoff.
 * `getUpdates` is left alone: the polling loop has its own backoff and status.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Transformer } from 'grammy';

/** Retry tunables. */
export interface RetryOptions {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 30_000 };

/** Builds the transformer; `onRetry` hears every wait (for the status and tests). */
export function retryTransformer(
  options: RetryOptions = DEFAULT_RETRY,
  onRetry: (method: string, waitMs: number, why: string) => void = () => undefined,
): Transformer {
  return async (prev, method, payload, grammySignal) => {
    // grammY types its signal with the abort-controller polyfill; at run time it is Node's own.
    const signal = grammySignal as unknown as AbortSignal | undefined;
    if (method === 'getUpdates') return prev(method, payload, grammySignal);
    for (let attempt = 1; ; attempt += 1) {
      const backoff = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1));
      let wait: number | null = null;
      let why = '';
      try {
        const result = await prev(method, payload, grammySignal);
        if (result.ok) return result;
        if (result.error_code === 429) {
          const asked = (result.parameters?.retry_after ?? 1) * 1_000;
          // A flood wait longer than we may wait is returned as the error: never stall silently.
          wait = asked <= options.maxDelayMs ? asked : null;
          why = `429 retry_after ${asked / 1_000}s`;
        } else if (result.error_code >= 500) {
          wait = backoff;
          why = `${result.error_code} ${result.description}`;
        }
        if (wait === null || attempt >= options.maxAttempts) return result;
      } catch (error) {
        if (attempt >= options.maxAttempts || signal?.aborted) throw error;
        wait = backoff;
        why = error instanceof Error ? error.message : String(error);
      }
      onRetry(method, wait, why);
      await delay(wait, undefined, signal ? { signal } : undefined);
    }
  };
}
