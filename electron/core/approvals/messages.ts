/**
 * Sentences about an approval's end, shared by refusals (CLI, Telegram, API) so every channel tells a
 * late answerer the same thing: who answered, where and when, and that nothing was typed.
 */
import type { AnswerChoice } from '../../contract/api';
import type { ApprovalView } from '../../contract/dto';
import type { ClaimRecord } from './records';

/** `08:15:03 UTC` — one unambiguous time for every channel. */
export function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

const VERB: Record<AnswerChoice, string> = {
  approve: 'approved',
  'approve-remember': 'approved (and remembered)',
  deny: 'denied',
};

/** "approved via telegram:42 at 08:15:03 UTC" */
export function answeredPhrase(answer: { choice: AnswerChoice; channel: string; at: number }): string {
  return `${VERB[answer.choice]} via ${answer.channel} at ${clockTime(answer.at)}`;
}

/** Why an answer for this approval is refused now; null while it is pending. */
export function endedMessage(view: ApprovalView): string | null {
  switch (view.status) {
    case 'pending':
      return null;
    case 'answering':
      return view.answer
        ? `this prompt is already being answered: ${answeredPhrase(view.answer)}; nothing was typed`
        : 'this prompt is already being answered; nothing was typed';
    case 'answered':
      return view.answer
        ? `this prompt was already ${answeredPhrase(view.answer)}${view.answer.delivered ? '' : ' (the keys may not have arrived; check the terminal)'}; nothing was typed`
        : 'this prompt was already answered; nothing was typed';
    case 'expired':
      return `this approval expired (${view.endedBecause ?? 'no answer in time'}); nothing was typed — answer it at the terminal`;
    case 'withdrawn':
      return `${view.endedBecause ?? 'the prompt left the screen'}; nothing was typed`;
  }
}

/** The refusal for a prompt instance that already has an answer on record. */
export function claimedMessage(claim: ClaimRecord): string {
  const phrase = answeredPhrase(claim);
  return claim.phase === 'claimed'
    ? `this prompt is already being answered: ${phrase}; nothing was typed`
    : `this prompt was already ${phrase}; nothing was typed`;
}
