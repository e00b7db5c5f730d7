/**
 * Replay defence for Twilio webhooks. Twilio's signature covers the URL and the parameters but no
 * time, so a captured request validates forever. Each `<Gather action>` URL therefore carries a
 * fresh single-use nonce bound to its CallSid: a request is served once, only for its own call,
 * only while it is the call's newest step, and only for `ttlMs`. A call's first request
 * (`/voice/answer`) is served once per CallSid, remembered durably across restarts.
 */
import { nonce } from '../chat/nonce';
import type { RandomSource } from '../chat/ports';
import type { Store } from '../ports';

/** How long a step's nonce stays usable: a caller has this long to answer one Gather. */
export const STEP_NONCE_TTL_MS = 10 * 60_000;

interface Issued {
  readonly callSid: string;
  readonly issuedAt: number;
}

/** Single-use step nonces, one live per call. */
export class StepNonces {
  private readonly live = new Map<string, Issued>();
  private readonly byCall = new Map<string, string>();

  constructor(
    private readonly random: RandomSource,
    private readonly ttlMs = STEP_NONCE_TTL_MS,
  ) {}

  /** A fresh nonce for the call's next step; the call's previous one stops working. */
  issue(callSid: string, now: number): string {
    this.dropCall(callSid);
    const fresh = nonce(this.random);
    this.live.set(fresh, { callSid, issuedAt: now });
    this.byCall.set(callSid, fresh);
    return fresh;
  }

  /** Spends a nonce: true once, for its own call, within its lifetime. Synchronous: no race. */
  consume(value: string | null, callSid: string, now: number): boolean {
    if (value === null) return false;
    const issued = this.live.get(value);
    if (!issued || issued.callSid !== callSid) return false;
    this.live.delete(value);
    this.byCall.delete(callSid);
    return now - issued.issuedAt <= this.ttlMs;
  }

  dropCall(callSid: string): void {
    const current = this.byCall.get(callSid);
    if (current !== undefined) this.live.delete(current);
    this.byCall.delete(callSid);
  }
}

export const SEEN_CALLS_KEY = 'phone.seenCalls';
/** CallSids are remembered this long (Twilio may retry a request for a while; a day is plenty). */
const SEEN_RETENTION_MS = 48 * 3_600_000;
const SEEN_MAX = 2_000;

/** CallSids whose first request was served: a second one is a replay. Durable through the Store. */
export class SeenCalls {
  private seen = new Map<string, number>();

  constructor(private readonly store: Store) {}

  async load(): Promise<void> {
    const saved = await this.store.get<readonly (readonly [string, number])[]>(SEEN_CALLS_KEY);
    if (Array.isArray(saved)) {
      this.seen = new Map(
        saved.filter(
          (e): e is readonly [string, number] =>
            Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number',
        ),
      );
    }
  }

  /** Marks a CallSid as started; false (and nothing stored) when it already was. */
  async first(callSid: string, now: number): Promise<boolean> {
    if (this.seen.has(callSid)) return false;
    this.seen.set(callSid, now);
    const kept = [...this.seen].filter(([, at]) => now - at <= SEEN_RETENTION_MS).slice(-SEEN_MAX);
    this.seen = new Map(kept);
    await this.store.set(SEEN_CALLS_KEY, kept);
    return true;
  }
}
