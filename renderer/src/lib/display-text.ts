/**
 * Display-safe text: everything an agent or a terminal wrote is attacker-controlled.
 *
 * React already renders strings as text (never HTML); this module makes the characters that could
 * hide or reorder what a command says (controls, bidi overrides, zero-width and tag characters, line
 * separators) VISIBLE as `⟨U+202E⟩` markers instead of dropping them, so nothing is hidden silently.
 */

/** One run of text: plain, or a marker standing for an invisible/control character. */
export interface TextSegment {
  readonly text: string;
  readonly marker: boolean;
}

// C0 and C1 controls, DEL, format characters (bidi, zero-width, tags, soft hyphen), line/paragraph
// separators, and Hangul fillers that render as blank.
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029\u3164\uFFA0\u115F\u1160]/gu;

/** The marker shown for a hidden code point, e.g. `⟨U+202E⟩`. */
export function markerFor(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Splits text into plain runs and markers; tabs become spaces, everything else hidden is marked. */
export function displaySegments(value: string): TextSegment[] {
  const text = value.replace(/\t/g, '  ');
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(HIDDEN)) {
    const at = match.index;
    if (at > last) segments.push({ text: text.slice(last, at), marker: false });
    segments.push({ text: markerFor(match[0]), marker: true });
    last = at + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), marker: false });
  return segments;
}

/** The same, flattened to one string (for accessible names and titles). */
export function displayText(value: string): string {
  return displaySegments(value)
    .map((s) => s.text)
    .join('');
}

/** Whether the text holds anything the owner cannot see as typed. */
export function hasHiddenCharacters(value: string): boolean {
  return new RegExp(HIDDEN.source, 'u').test(value.replace(/\t/g, ' '));
}
