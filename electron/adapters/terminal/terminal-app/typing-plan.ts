/**
 * How a Terminal.app tab can receive input. Terminal's only typing verb, `do script`, always types
 * a Return after its text, so: a lone Enter is `do script ""`; a whole line is `do script text`
 * (see `typeLine`); anything else needs the Claude Code hook decision path (when it exists) or
 * System Events keystrokes, which only run when the owner enabled them. Pure.
 */
import type { Key } from '../../../contract/dto';
import type { TypedInput } from '../../../core/ports';

/** What to do for one `type()` call. */
export type TypingPlan =
  | { readonly kind: 'returns'; readonly count: number }
  | { readonly kind: 'hook-or-keystrokes'; readonly keys: readonly Key[] }
  | { readonly kind: 'keystroke-text'; readonly text: string };

/** Why text cannot be typed without keystrokes, for the owner. */
export const TEXT_NEEDS_KEYSTROKES =
  'Terminal.app cannot type text without pressing Return: its only typing command ("do script") ' +
  'always adds one. Send a whole line instead, run the agent inside tmux, or enable System Events ' +
  'keystrokes for Terminal.app in Tower settings (needs the Accessibility permission).';

/** Why keys other than Enter cannot be sent without keystrokes. */
export const KEYS_NEED_KEYSTROKES =
  'Terminal.app cannot press keys other than Return through AppleScript. Answer through the agent ' +
  'hook, run the agent inside tmux, or enable System Events keystrokes for Terminal.app in Tower ' +
  'settings (needs the Accessibility permission).';

/** Plans `input` (already validated against the vocabulary and the literal-text rule). */
export function planTyping(input: TypedInput): TypingPlan {
  if (input.kind === 'text') return { kind: 'keystroke-text', text: input.text };
  if (input.keys.length > 0 && input.keys.every((k) => k === 'Enter')) {
    return { kind: 'returns', count: input.keys.length };
  }
  return { kind: 'hook-or-keystrokes', keys: input.keys };
}

/** System Events `keystroke` types by the keyboard layout; only plain ASCII is predictable. */
export function keystrokeTextProblem(text: string): string | null {
  return /^[\x20-\x7e]*$/u.test(text)
    ? null
    : 'System Events keystrokes type only plain ASCII reliably (other characters depend on the keyboard layout)';
}

/**
 * The seam for answering prompts without keystrokes: when a Claude Code hook decision is pending
 * for this tab, deliver the keys' meaning through it. Not built yet; inject it when it is.
 */
export interface HookDecisionSeam {
  /** Resolves true when the answer went through the hook; false when no decision is pending. */
  tryAnswer(
    target: { readonly terminalId: string; readonly tty: string },
    keys: readonly Key[],
  ): Promise<boolean>;
}
