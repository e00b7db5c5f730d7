/**
 * Picks the option of a prompt that carries out an owner's choice, and the keys that select it.
 *
 * Never widens permissions implicitly: `approve` only picks a plain approve option, never one that
 * "remembers" (don't ask again, always allow); that takes the explicit `approve-remember` choice.
 */
import type { AnswerChoice } from '../../contract/api';
import type { Key, PromptOptionView, PromptView } from '../../contract/dto';

/** The keys to type for a choice, or why the choice cannot be carried out on this prompt. */
export type OptionChoice =
  | { readonly kind: 'chosen'; readonly option: PromptOptionView | null; readonly keys: readonly Key[] }
  | { readonly kind: 'impossible'; readonly reason: string };

const ROLE_FOR: Readonly<Record<AnswerChoice, PromptOptionView['role']>> = {
  approve: 'approve',
  'approve-remember': 'approve-remember',
  deny: 'deny',
};

/** Chooses the option for `choice` on `prompt`. */
export function chooseOption(prompt: PromptView, choice: AnswerChoice): OptionChoice {
  const role = ROLE_FOR[choice];
  const option = prompt.options.find((o) => o.role === role);
  if (option && option.keys.length > 0) return { kind: 'chosen', option, keys: option.keys };
  if (choice === 'deny') {
    // Every supported agent treats Esc as "no / cancel" on a blocking prompt, even when the menu shows
    // no explicit deny row (plan approval, AskUserQuestion).
    return { kind: 'chosen', option: option ?? null, keys: ['Escape'] };
  }
  const labels = prompt.options.map((o) => `"${o.label}" (${o.role})`).join(', ') || 'none';
  return {
    kind: 'impossible',
    reason: `this prompt has no ${role} option Tower can select (options: ${labels})`,
  };
}
