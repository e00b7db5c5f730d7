/**
 * Caller input → one phone command, or `unclear`. Keypad input is the first digit as the command,
 * then an optional session number; speech is normalised and must match a whole phrase (word
 * boundaries, never substrings: "twenty" is not "two"). Anything else is unclear and asked again,
 * never guessed. Low-confidence speech is unclear too.
 */
import { wordsToNumber } from './speech';

/** What a caller can ask once authenticated. */
export type PhoneCommand =
  | { readonly kind: 'status' }
  | { readonly kind: 'menu' }
  | { readonly kind: 'session'; readonly session: number }
  | { readonly kind: 'approve'; readonly session: number | null }
  | { readonly kind: 'deny'; readonly session: number | null }
  | { readonly kind: 'retry'; readonly session: number | null }
  | { readonly kind: 'pause' }
  | { readonly kind: 'lockdown' }
  | { readonly kind: 'bye' }
  | { readonly kind: 'silence' }
  | { readonly kind: 'unclear' };

/** Speech below this recognition confidence is asked again. */
export const MIN_SPEECH_CONFIDENCE = 0.5;

/** The keypad map, spoken in the menu. */
export const KEYPAD_MENU =
  'Press 1 for status, 2 to approve, 3 to deny, 4 to retry, 5 to pause, 6 and a session number for details, 7 for lockdown, 9 for this menu, or 0 to hang up. After approve, deny, retry or 6, key the session number, then pound.';

/** Words Twilio's recogniser is told to expect. */
export const SPEECH_HINTS =
  'status, session one, session two, session three, approve, deny, retry, pause, lockdown, menu, goodbye';

const KEY_COMMANDS: Record<string, (n: number | null) => PhoneCommand | null> = {
  '1': (n) => (n === null ? { kind: 'status' } : null),
  '2': (n) => ({ kind: 'approve', session: n }),
  '3': (n) => ({ kind: 'deny', session: n }),
  '4': (n) => ({ kind: 'retry', session: n }),
  '5': (n) => (n === null ? { kind: 'pause' } : null),
  '6': (n) => (n === null ? null : { kind: 'session', session: n }),
  '7': (n) => (n === null ? { kind: 'lockdown' } : null),
  '9': (n) => (n === null ? { kind: 'menu' } : null),
  '0': (n) => (n === null ? { kind: 'bye' } : null),
};

/** Keypad digits (Twilio `Digits`, `#` already stripped) → command. */
export function parseDigits(digits: string): PhoneCommand {
  const m = /^([0-9])([0-9]{1,4})?$/.exec(digits);
  if (!m) return { kind: 'unclear' };
  const n = m[2] === undefined ? null : Number(m[2]);
  return KEY_COMMANDS[m[1] ?? '']?.(n) ?? { kind: 'unclear' };
}

const SPEECH_VERBS: Record<string, 'approve' | 'deny' | 'retry'> = {
  approve: 'approve',
  approved: 'approve',
  allow: 'approve',
  deny: 'deny',
  denied: 'deny',
  reject: 'deny',
  decline: 'deny',
  retry: 'retry',
  'try again': 'retry',
};

const SPEECH_WORDS: Record<string, PhoneCommand> = {
  status: { kind: 'status' },
  'whats the status': { kind: 'status' },
  'status please': { kind: 'status' },
  menu: { kind: 'menu' },
  help: { kind: 'menu' },
  pause: { kind: 'pause' },
  'pause all': { kind: 'pause' },
  lockdown: { kind: 'lockdown' },
  'lock down': { kind: 'lockdown' },
  bye: { kind: 'bye' },
  goodbye: { kind: 'bye' },
  'good bye': { kind: 'bye' },
  'hang up': { kind: 'bye' },
};

/** Speech (Twilio `SpeechResult`) → command. */
export function parseSpeech(speech: string): PhoneCommand {
  const text = speech
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const fixed = SPEECH_WORDS[text];
  if (fixed) return fixed;
  const words = text.split(' ');
  const tail = (from: number) =>
    words.slice(from).filter((w, i) => !(i === 0 && (w === 'session' || w === 'flight')));
  if ((words[0] === 'session' || words[0] === 'flight') && words.length > 1) {
    const n = wordsToNumber(words.slice(1));
    return n === null ? { kind: 'unclear' } : { kind: 'session', session: n };
  }
  for (const [phrase, kind] of Object.entries(SPEECH_VERBS)) {
    const size = phrase.split(' ').length;
    if (words.slice(0, size).join(' ') !== phrase) continue;
    const rest = tail(size);
    if (rest.length === 0) return { kind, session: null };
    const n = wordsToNumber(rest);
    return n === null ? { kind: 'unclear' } : { kind, session: n };
  }
  return { kind: 'unclear' };
}

/** A Gather result → command: digits win over speech; silence and doubtful speech are their own kinds. */
export function parseCommand(params: {
  readonly digits: string | null;
  readonly speech: string | null;
  readonly confidence: number | null;
}): PhoneCommand {
  if (params.digits !== null && params.digits !== '') return parseDigits(params.digits);
  if (params.speech === null || params.speech.trim() === '') return { kind: 'silence' };
  if (params.confidence !== null && params.confidence < MIN_SPEECH_CONFIDENCE) return { kind: 'unclear' };
  return parseSpeech(params.speech);
}
