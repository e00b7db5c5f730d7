/**
 * Sentences for what an answer or a control call did, shown to the owner right where they clicked.
 */
import type { AnswerChoice } from '../../../electron/contract/api';
import type { AnswerOutcome } from '../../../electron/contract/dto';

const CHOICE_WORDS: Record<AnswerChoice, string> = {
  approve: 'Approved',
  'approve-remember': 'Always allowed',
  deny: 'Denied',
};

/** The result of one answer, e.g. `Approved: typed 1 (the prompt closed)`. */
export function describeAnswer(choice: AnswerChoice, outcome: AnswerOutcome): { ok: boolean; text: string } {
  if (outcome.kind === 'refused') return { ok: false, text: `Not answered: ${outcome.reason}` };
  const keys = outcome.keys.join(' ');
  const confirmation = outcome.confirmed ? 'the prompt closed' : 'not yet confirmed on screen';
  return { ok: true, text: `${CHOICE_WORDS[choice]}: typed ${keys} (${confirmation})` };
}

const CODE_HINTS: Record<string, string> = {
  'prompt-changed': 'The prompt changed before the answer was typed; nothing was sent. Look again.',
  'no-prompt': 'That prompt is no longer showing; nothing was sent.',
  lockdown: 'LOCKDOWN is engaged: Tower types nothing until it is lifted.',
  'unknown-session': 'That session is gone.',
  disconnected: 'Not connected to Tower; nothing was sent.',
};

/** A failed call as a sentence; the core's own message is kept for anything without a hint. */
export function describeError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  return CODE_HINTS[code] ?? `Failed: ${message}`;
}
