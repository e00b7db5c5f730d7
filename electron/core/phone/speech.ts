/**
 * Text made fit to be spoken: numbers as words ("flight two"), every control, bidi or invisible
 * character still announced (never deleted: what the owner hears must match what would run), and
 * secrets masked by the injected redactor before anything leaves for Twilio's text-to-speech.
 */
import { neutralize } from '../intents/display-text';

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const;
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

/** 0–99 as English words; larger numbers stay digits (text-to-speech reads them well). */
export function numberWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 20) return ONES[n] ?? String(n);
  const tens = TENS[Math.floor(n / 10)] ?? '';
  return n % 10 === 0 ? tens : `${tens} ${ONES[n % 10] ?? ''}`;
}

/** Words back to a number (0–99), for speech like "session two" or "approve twenty one". */
export function wordsToNumber(words: readonly string[]): number | null {
  const [first, second, ...rest] = words;
  if (first === undefined || rest.length > 0) return null;
  if (second === undefined && /^\d{1,4}$/.test(first)) return Number(first);
  const one = (w: string) => ONES.indexOf(w as (typeof ONES)[number]);
  const ten = (w: string) => TENS.indexOf(w as (typeof TENS)[number]);
  if (second === undefined) {
    if (one(first) >= 0) return one(first);
    return ten(first) >= 2 ? ten(first) * 10 : null;
  }
  const units = one(second);
  return ten(first) >= 2 && units >= 1 && units <= 9 ? ten(first) * 10 + units : null;
}

/** One line fit for `<Say>`: controls and deceptive characters announced, newlines as pauses. */
export function speakable(text: string, redact: (text: string) => string): string {
  return neutralize(redact(text))
    .replace(/[\n\t]+/g, '. ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** At most `max` characters, saying that the rest was left out. */
export function clipSpoken(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars.slice(0, max).join('')} … and ${chars.length - max} more characters`;
}
