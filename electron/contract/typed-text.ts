/**
 * What literal text Tower may type. Shared by the transport's validation, the core's Typist and the
 * terminal adapters, so every layer refuses the same characters with the same reason.
 *
 * Refused (never silently stripped, so the owner sees why): C0 controls (newline, tab, ESC …), DEL,
 * C1 controls — anything that could act as a key or open an escape sequence; bidi controls and
 * invisible or tag characters (ZWJ and ZWNJ stay allowed: emoji and several scripts need them),
 * which make text read differently from what is typed; lone surrogates,
 * which a terminal would turn into U+FFFD.
 */

const FORBIDDEN: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  // eslint-disable-next-line no-control-regex
  { pattern: /[\u0000-\u001f\u007f-\u009f]/u, what: 'a control character' },
  { pattern: /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u, what: 'a bidirectional control' },
  {
    pattern: /[\u00ad\u180e\u200b\u2060-\u2064\ufeff]|[\u{e0000}-\u{e007f}]/u,
    what: 'an invisible character',
  },
];

/** Why `text` may not be typed, or null when it may. */
export function typedTextProblem(text: string): string | null {
  if (!text.isWellFormed()) return 'text contains a lone surrogate (broken UTF-16)';
  for (const { pattern, what } of FORBIDDEN) {
    const match = pattern.exec(text);
    if (match) {
      const code = match[0].codePointAt(0) ?? 0;
      return (
        `text contains ${what} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at ${match.index}; ` +
        'send Enter and other keys separately'
      );
    }
  }
  return null;
}
