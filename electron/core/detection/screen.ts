/**
 * The rendered screen as the detector sees it: lines right-trimmed, box borders removed, plus a
 * normalised copy for matching.
 */

/** One screen row. `raw` is shown to people; `norm` is what rules match (same length, 1:1 chars). */
export interface ScreenLine {
  /** Row index on the screen. */
  readonly row: number;
  readonly raw: string;
  readonly norm: string;
  /** Columns of leading whitespace in `raw`. */
  readonly indent: number;
  /** A horizontal rule (`────`, `━━━━`, `▀▀▀▀`): the frame Claude draws around its input and dialogs. */
  readonly isRule: boolean;
  readonly blank: boolean;
  /** Columns the row reaches on screen, borders included (trailing spaces not counted). */
  readonly width: number;
}

/** A screen ready for rules. */
export interface Screen {
  readonly lines: readonly ScreenLine[];
}

// Vertical borders of Ink/ratatui boxes; nested boxes (Gemini's diff inside its tool box) stack them.
const LEFT_BORDER = /^(?:\s*[│┃║]\s?)+/u;
const RIGHT_BORDER = /(?:\s?[│┃║])+\s*$/u;
// Box corners and rules: a line made only of these (and spaces) is a frame line.
const FRAME_ONLY = /^[\s╭╮╰╯─━═┌┐└┘├┤┬┴┼▀▄╌┄╍┈│┃║]+$/u;
const RULE_CHARS = /[─━═▀]/gu;

/** Replaces typographic apostrophes/quotes and NBSP 1:1, so indices stay valid between raw and norm. */
export function normaliseChars(text: string): string {
  return text
    .replace(/[’‘]/gu, "'")
    .replace(/[“”]/gu, '"')
    .replace(/\u00a0/gu, ' ');
}

/** Removes box borders around a row, keeping the text's own indentation relative to the box. */
function unbox(line: string): string {
  // An empty row inside a box is just blank.
  if (/^[\s│┃║]*$/u.test(line)) return '';
  if (FRAME_ONLY.test(line)) return line;
  const left = LEFT_BORDER.exec(line);
  let out = line;
  if (left && RIGHT_BORDER.test(line)) {
    out = line.slice(left[0].length).replace(RIGHT_BORDER, '');
  } else if (left && /[│┃║]/u.test(left[0])) {
    // A left border alone (opencode's `┃` gutter) still frames the row.
    out = line.slice(left[0].length);
  }
  return out;
}

/** Builds a Screen from raw rows (ANSI already removed by the terminal model). */
export function toScreen(rows: readonly string[]): Screen {
  const lines = rows.map((input, row): ScreenLine => {
    const drawn = input.replace(/\s+$/u, '');
    const raw = unbox(drawn);
    const trimmed = raw.trim();
    const ruleCount = (trimmed.match(RULE_CHARS) ?? []).length;
    return {
      row,
      raw,
      norm: normaliseChars(raw),
      indent: raw.length - raw.trimStart().length,
      // A rule is a long run of rule glyphs and nothing else (box tops like ╭───╮ count too).
      isRule: ruleCount >= 8 && FRAME_ONLY.test(trimmed),
      blank: trimmed.length === 0,
      width: [...drawn].length,
    };
  });
  return { lines };
}

/** Index of the last horizontal rule, or -1. */
export function lastRuleIndex(lines: readonly ScreenLine[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]?.isRule) return i;
  return -1;
}

/** The last `n` non-blank lines, in screen order. */
export function bottomNonBlank(lines: readonly ScreenLine[], n: number): readonly ScreenLine[] {
  const out: ScreenLine[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < n; i--) {
    const line = lines[i];
    if (line && !line.blank) out.unshift(line);
  }
  return out;
}
