/**
 * Intents: the fixed set of things a remote owner can ask Tower to do, whatever words they used.
 *
 * Every chat command and every plain-language message becomes exactly one of these, or `help`.
 * Session numbers are the short numbers the owner sees (`SessionView.number`), never ids.
 */

/** Which sessions a pause or resume applies to. */
export type IntentScope = { readonly kind: 'all' } | { readonly kind: 'session'; readonly session: number };

/** Why the parser fell back to help, so the reply can say what was missing. */
export type HelpReason = 'asked' | 'unknown' | 'missing-number' | 'bad-number' | 'missing-text';

/** One request from a remote owner. */
export type Intent =
  | { readonly kind: 'start' }
  | { readonly kind: 'help'; readonly reason: HelpReason }
  | { readonly kind: 'status' }
  | { readonly kind: 'session'; readonly session: number }
  | { readonly kind: 'approve'; readonly session: number }
  | { readonly kind: 'deny'; readonly session: number }
  | { readonly kind: 'send'; readonly session: number; readonly text: string }
  | { readonly kind: 'open'; readonly template: string | null }
  | { readonly kind: 'close'; readonly session: number }
  | { readonly kind: 'pause'; readonly scope: IntentScope }
  | { readonly kind: 'resume'; readonly scope: IntentScope }
  | { readonly kind: 'queue' }
  | { readonly kind: 'task'; readonly text: string }
  | { readonly kind: 'lockdown'; readonly engage: boolean };

/** Every intent kind, for exhaustive tests and tables. */
export type IntentKind = Intent['kind'];

/** The largest session number accepted; anything longer is a typo or an attack, not a session. */
export const MAX_SESSION_NUMBER = 9_999;
