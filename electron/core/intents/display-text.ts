/**
 * Display text for chat messages: every character visible, every cut announced.
 *
 * Agent text (commands, file names, screen lines) reaches a phone that renders Unicode faithfully, so
 * a bidi override or an invisible character would make the owner read something other than what
 * runs. Nothing is deleted: control characters become their Unicode "control picture" (ESC → ␛) and
 * bidi, invisible, tag and separator characters become an ASCII marker like `<U+202E>`. The output
 * contains none of the neutralised characters, so neutralising twice changes nothing.
 */
import { sha256Hex } from '../detection/sha256';

/** Telegram's limit for one message's text, in UTF-16 code units (its own counting). */
export const TELEGRAM_TEXT_LIMIT = 4_096;

// Deceptive but not control: bidi controls, zero-width and other invisible characters (ZWJ and ZWNJ
// included: inside a command they hide a character), Unicode tags, line and paragraph separators,
// interlinear annotation marks.
const MARKED: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xd800, 0xdfff],
  [0xfe00, 0xfe0e],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff9, 0xfffb],
  [0xe0000, 0xe007f],
];

function isMarked(code: number): boolean {
  return MARKED.some(([from, to]) => code >= from && code <= to);
}

/** Makes every control, bidi and invisible character visible; keeps newlines and tabs. */
export function neutralize(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || ch === '\t') out += ch;
    else if (code < 0x20) out += String.fromCodePoint(0x2400 + code);
    else if (code === 0x7f) out += '\u2421';
    else if (code >= 0x80 && code <= 0x9f) out += marker(code);
    else if (isMarked(code)) out += marker(code);
    else out += ch;
  }
  return out;
}

function marker(code: number): string {
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Shortens `text` to at most `max` UTF-16 units. When it must cut, it keeps the head AND the tail
 * (the dangerous part of a command is often at its end) and says in the middle how many characters
 * are not shown and the SHA-256 of the whole text, so nothing disappears silently.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = (omitted: number) =>
    `\n… [${omitted} of ${text.length} characters not shown · sha256 ${sha256Hex(text).slice(0, 16)}] …\n`;
  const budget = max - note(text.length).length;
  if (budget <= 0) return note(text.length).trim().slice(0, max);
  const headEnd = safeCut(text, Math.ceil(budget / 2));
  const tailStart = safeCut(text, text.length - Math.floor(budget / 2), true);
  return text.slice(0, headEnd) + note(tailStart - headEnd) + text.slice(tailStart);
}

/** Moves a cut off the middle of a surrogate pair (forward for a tail start, back for a head end). */
function safeCut(text: string, at: number, forward = false): number {
  const code = text.charCodeAt(at);
  const inPair = at > 0 && at < text.length && code >= 0xdc00 && code <= 0xdfff;
  if (!inPair) return at;
  return forward ? at + 1 : at - 1;
}

/** Neutralises and clips in one step: how agent text enters a chat message. */
export function displayText(text: string, max: number): string {
  return clip(neutralize(text), max);
}
