/**
 * Ports of the phone bridge: what it needs from Twilio (signatures, outbound calls), from TOTP, and
 * from Tower. The bridge's decisions are pure and written against these; `adapters/phone/`
 * implements the Twilio and otplib sides, the Supervisor satisfies `PhoneBackend`.
 */
import type { TowerApi, TowerEvents } from '../../contract/api';
import type { Snapshot } from '../../contract/dto';

/** The part of a snapshot the phone reads (so it keeps working as the snapshot grows). */
export type PhoneSnapshot = Pick<Snapshot, 'sessions' | 'approvals' | 'lockdown' | 'version'>;

/** What the bridge may ask of Tower. `pausePool` is absent where Tower has no agent pool. */
export type PhoneBackend = Pick<TowerApi, 'answerPrompt' | 'sendText' | 'lockdown'> & {
  getSnapshot(): Promise<PhoneSnapshot>;
  on(event: 'snapshot', listener: (payload: TowerEvents['snapshot']) => void): () => void;
  pausePool?: () => Promise<void>;
};

/** Verifies one TOTP code at a time; never throws (a malformed code is simply not valid). */
export interface TotpVerifier {
  /** `afterTimeStep`: codes of this time step or earlier are refused (single use). */
  verify(
    code: string,
    atMs: number,
    afterTimeStep: number | null,
  ): Promise<{ readonly valid: true; readonly timeStep: number } | { readonly valid: false }>;
}

/** Checks an `X-Twilio-Signature` for the full public URL and the POSTed parameters. */
export interface SignatureCheck {
  valid(
    url: string,
    params: Readonly<Record<string, string | readonly string[]>>,
    signature: string,
  ): boolean;
}

/** Places an outbound call (Twilio REST `Calls.create`). */
export interface CallPlacer {
  place(args: {
    readonly to: string;
    readonly from: string;
    /** Where Twilio fetches the call's first TwiML (POST). */
    readonly url: string;
    /** Where Twilio reports the call's end (POST). */
    readonly statusCallback: string;
  }): Promise<{ readonly sid: string }>;
}

/** An optional writer of spoken summaries (an LLM); the template is used whenever it fails or is slow. */
export interface SummaryWriter {
  summarize(snapshot: PhoneSnapshot): Promise<string>;
}

/** One webhook request as the transport received it. */
export interface PhoneRequest {
  readonly method: string;
  /** Path without the query: `/voice/answer`, `/voice/outbound`, `/voice/step`, `/voice/status`. */
  readonly path: string;
  /** The `n` query parameter: the single-use step nonce. */
  readonly nonce: string | null;
  /** The full public URL Twilio requested (public base + path + query): what it signed. */
  readonly url: string;
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  readonly signature: string | null;
}

/** What to gather next. Rendered as `<Gather actionOnEmptyResult="true">` so silence comes back too. */
export interface PhoneGather {
  readonly kind: 'gather';
  readonly action: string;
  readonly input: 'dtmf' | 'dtmf speech';
  readonly numDigits: number | null;
  readonly hints: string | null;
  readonly timeoutSeconds: number;
  /** Spoken inside the Gather, so a key press interrupts it. */
  readonly prompt: string;
}

/** A reply to one webhook: things to say, then gather input or hang up. */
export interface PhoneReply {
  readonly say: readonly string[];
  /** `none`: an empty `<Response/>` (status callbacks, which Twilio does not play). */
  readonly next: PhoneGather | { readonly kind: 'hangup' } | { readonly kind: 'none' };
}

/** The answer to a webhook: TwiML to render, or a refusal (never any TwiML). */
export type PhoneResponse =
  | { readonly status: 200; readonly reply: PhoneReply }
  | { readonly status: 400 | 403 | 404 | 405 | 503; readonly reason: string };
