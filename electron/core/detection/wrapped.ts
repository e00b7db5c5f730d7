/**
 * Putting back text an agent wrapped over several rows, exactly.
 *
 * A wrap either replaced a space (word wrap) or broke inside a word (a word longer than the row, or
 * a break opportunity such as after `/` or `-`). From one rendering alone the two can look alike, so:
 * - a row that reaches the dialog's full width was broken inside a word (Claude: the frame rule's
 *   width less one column, measured on the real 2.1.330 screens);
 * - when the agent shows the same text twice wrapped at different places (Codex: the command, and
 *   again in "don't ask again for commands that start with `…`"), the one joining both renderings
 *   can stand for is the text;
 * - otherwise a row ending in the rule's `glue` continues without a space, any other with one.
 */
import type { ScreenLine } from './screen';

/** At most this many joinings are tried per rendering (2^8: eight wrapped rows). */
const MAX_JOININGS = 256;

/** The width a hard-wrapped row reaches: the frame rule's width less `margin`, or null without a rule. */
export function fullWidthOf(rows: readonly ScreenLine[], margin: number | undefined): number | null {
  if (margin === undefined) return null;
  let rule = 0;
  for (const row of rows) if (row.isRule) rule = Math.max(rule, row.width);
  return rule > 0 ? rule - margin : null;
}

/** Joins wrapped rows: no space after a full-width row or one ending in `glue`, one space otherwise. */
export function joinRows(rows: readonly ScreenLine[], glue?: RegExp, fullWidth?: number | null): string {
  let out = '';
  let previous: ScreenLine | null = null;
  for (const row of rows) {
    const text = row.raw.trim();
    if (text.length === 0) continue;
    const inWord = previous !== null && fullWidth != null && previous.width >= fullWidth;
    out = previous === null ? text : `${out}${inWord || glue?.test(out) ? '' : ' '}${text}`;
    previous = row;
  }
  return out;
}

/** Every text `parts` can stand for: each wrap either dropped one space or none. */
export function joinings(parts: readonly string[]): string[] {
  const [first = '', ...rest] = parts;
  let texts = [first];
  for (const part of rest) {
    texts = texts.flatMap((t) => [`${t}${part}`, `${t} ${part}`]);
    if (texts.length > MAX_JOININGS) return [];
  }
  return texts;
}

/**
 * The only text that both renderings can stand for (`echo` picks the repeat out of the second, e.g.
 * a label; it may be the subject or its first words), or null when none or several fit.
 */
export function commonJoining(
  subjectParts: readonly string[],
  strip: RegExp | undefined,
  echoParts: readonly string[],
  echo: RegExp,
): string | null {
  if (subjectParts.length < 2 && echoParts.length < 2) return null;
  const fromEcho = new Set<string>();
  for (const text of joinings(echoParts)) {
    const m = echo.exec(text);
    if (m?.[1] !== undefined) fromEcho.add(m[1]);
  }
  // The repeat may be only the start of the subject (Codex repeats the first command of a chain).
  const echoes = [...fromEcho];
  const covers = (text: string, start: string) =>
    text.startsWith(start) && (text.length === start.length || /\s/u.test(text.charAt(start.length)));
  const both = new Set(
    joinings(subjectParts)
      .map((t) => (strip ? t.replace(strip, '') : t))
      .filter((t) => echoes.some((e) => covers(t, e))),
  );
  return both.size === 1 ? ([...both][0] ?? null) : null;
}
