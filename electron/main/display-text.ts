/**
 * Text for native surfaces (dialogs, notifications, tooltips): hidden characters made visible, and
 * shortening that always says so.
 */

const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029\u3164\uFFA0\u115F\u1160]/gu;

/** Control, bidi, zero-width and tag characters shown as `⟨U+202E⟩`; tabs as spaces. */
export function visibleText(value: string): string {
  return value
    .replace(/\t/g, '  ')
    .replace(HIDDEN, (c) => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** At most `max` characters; when cut, says how many were left out and where to read them all. */
export function shortened(value: string, max: number): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max)}… (${value.length - max} more characters — open Tower to read it all)`;
}
