/**
 * Answering a prompt: bound to the prompt it answers, checked on screen before and after, typed once.
 *
 * 1. The prompt must still be showing: the screen is re-read and re-detected now, not taken from the
 *    cache, and its fingerprint must equal the one the owner saw.
 * 2. One answer per prompt instance: a second answer (another channel, a replayed request, a retry
 *    after a restart) is refused. The claim is durable before a key is typed (AnswerClaims).
 * 3. After typing, the screen is watched until the prompt is gone; if it stays, Tower reports it
 *    unconfirmed and never types again on its own.
 */
import type { AnswerChoice, AnswerPromptArgs } from '../../contract/api';
import { TowerError } from '../../contract/api';
import type { AnswerOutcome, PromptView } from '../../contract/dto';
import type { AuditSink, Clock } from '../ports';
import type { Session } from '../sessions/session';
import type { Typist } from '../typing/typist';
import { chooseOption } from './choose-option';

/** A fresh look at a session's screen: the prompt showing right now, if any. */
export interface FreshLook {
  readonly prompt: PromptView | null;
  readonly inMode: boolean;
}

/** What answering needs. */
export interface AnswerDeps {
  readonly lookNow: (session: Session) => Promise<FreshLook>;
  readonly typist: Typist;
  readonly audit: AuditSink;
  readonly clock: Clock;
  /**
   * A prompt must have been on screen this long before a key is typed: agents drop keys that arrive
   * while their UI is still drawing (seen with Codex on a fresh approval), and a prompt that is still
   * changing is not the prompt the owner saw.
   */
  readonly settleMs: number;
  /** How long to wait for the prompt to go away after typing, and how often to look. */
  readonly confirmTimeoutMs: number;
  readonly confirmPollMs: number;
  /** LOCKDOWN, read at the last moment before the claim (the Typist checks again at the keyboard). */
  readonly isLockedDown: () => boolean;
}

/**
 * The durable "answered" latch: one answer per prompt instance, written down before any key is typed
 * so that a retry, another channel or a restarted Tower never types a second one. The approvals queue
 * implements it over the Store.
 */
export interface AnswerClaims {
  /** Why this prompt instance cannot be answered again (who answered, where, when), if it cannot. */
  answeredBy(sessionId: string, fingerprint: string): string | undefined;
  /** Takes the answer; resolves true only once the claim is durable, false if someone was first. */
  claim(sessionId: string, fingerprint: string, choice: AnswerChoice, channel: string): Promise<boolean>;
  /** The keys left Tower. */
  typed(sessionId: string, fingerprint: string): Promise<void>;
  /** The answer ended: the prompt went away (`confirmed`) or stayed. */
  finished(sessionId: string, fingerprint: string, confirmed: boolean): Promise<void>;
  /** Nothing was typed (LOCKDOWN at the keyboard): the prompt may be answered again. */
  abandoned(sessionId: string, fingerprint: string, why: string): Promise<void>;
  /** Typing failed part-way: keys may have arrived, so the claim stands. */
  failed(sessionId: string, fingerprint: string, why: string): Promise<void>;
}

/** Answers the prompt showing in `session`. */
export async function answerPrompt(
  session: Session,
  args: AnswerPromptArgs,
  claims: AnswerClaims,
  deps: AnswerDeps,
): Promise<AnswerOutcome> {
  const channel = args.channel ?? 'api';
  const expected = args.fingerprint ?? session.prompt?.fingerprint;
  const refuse = async (
    code: 'no-prompt' | 'prompt-changed' | 'not-allowed' | 'lockdown',
    reason: string,
  ): Promise<never> => {
    await deps.audit.append({
      at: deps.clock.now(),
      kind: 'answer-refused',
      session: session.id,
      channel,
      detail: { choice: args.choice, reason, expected: expected ?? null },
    });
    throw new TowerError(code, reason);
  };
  if (!expected) return refuse('no-prompt', `session ${session.number} shows no prompt to answer`);
  const shownFor = session.prompt?.fingerprint === expected ? deps.clock.now() - session.stateSince : 0;
  if (shownFor < deps.settleMs) await sleep(deps.clock, deps.settleMs - shownFor);
  const look = await deps.lookNow(session);
  if (!look.prompt) return refuse('no-prompt', `session ${session.number} shows no prompt any more`);
  if (look.prompt.fingerprint !== expected) {
    return refuse(
      'prompt-changed',
      `the prompt in session ${session.number} changed since it was shown; look again`,
    );
  }
  if (look.inMode)
    return refuse('not-allowed', `session ${session.number} is in copy mode; keys would not reach it`);
  const by = claims.answeredBy(session.id, expected);
  if (by) return refuse('not-allowed', by);
  const choice = chooseOption(look.prompt, args.choice);
  if (choice.kind === 'impossible') return refuse('not-allowed', choice.reason);
  // LOCKDOWN cancels answers still on their way (settling, re-reading): checked before the claim.
  if (deps.isLockedDown())
    return refuse('lockdown', 'LOCKDOWN is engaged: Tower types nothing until it is lifted');
  let claimed: boolean;
  try {
    claimed = await claims.claim(session.id, expected, args.choice, channel);
  } catch (error) {
    return refuse(
      'not-allowed',
      `the answer could not be recorded, so nothing was typed (${messageOf(error)})`,
    );
  }
  if (!claimed) {
    return refuse(
      'not-allowed',
      claims.answeredBy(session.id, expected) ?? 'this prompt is being answered by another request',
    );
  }
  await deps.audit.append({
    at: deps.clock.now(),
    kind: 'answer',
    session: session.id,
    channel,
    detail: answerDetail(look.prompt, args.choice, choice.option?.label ?? null),
  });
  try {
    await deps.typist.type(
      session,
      { kind: 'keys', keys: choice.keys },
      { channel, why: `${args.choice} prompt ${expected}` },
    );
  } catch (error) {
    if (error instanceof TowerError && error.code === 'lockdown') {
      await claims.abandoned(session.id, expected, 'LOCKDOWN was engaged before the keys were typed');
    } else {
      await claims.failed(session.id, expected, messageOf(error));
    }
    throw error;
  }
  await claims.typed(session.id, expected);
  const confirmed = await waitUntilGone(session, expected, deps);
  await claims.finished(session.id, expected, confirmed);
  await deps.audit.append({
    at: deps.clock.now(),
    kind: confirmed ? 'answer-confirmed' : 'answer-unconfirmed',
    session: session.id,
    channel,
    detail: { fingerprint: expected },
  });
  return { kind: 'delivered', keys: choice.keys, confirmed };
}

function answerDetail(
  prompt: PromptView,
  choice: AnswerChoice,
  label: string | null,
): Record<string, unknown> {
  return {
    choice,
    option: label,
    fingerprint: prompt.fingerprint,
    type: prompt.type,
    tool: prompt.tool,
    subject: prompt.subject,
  };
}

async function waitUntilGone(session: Session, fingerprint: string, deps: AnswerDeps): Promise<boolean> {
  const deadline = deps.clock.now() + deps.confirmTimeoutMs;
  for (;;) {
    await sleep(deps.clock, deps.confirmPollMs);
    const look = await deps.lookNow(session).catch(() => null);
    if (look && look.prompt?.fingerprint !== fingerprint) return true;
    if (deps.clock.now() >= deadline) return false;
  }
}

/** Waits `ms` on the injected clock. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.after(ms, resolve);
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
