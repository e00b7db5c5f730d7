/**
 * Menu parsers: find the option list at the bottom of the screen, the way each agent draws it.
 *
 * Every parser works bottom-up from the last row, allowing only footer rows below the menu: a menu
 * that is not the bottom-most UI (a list quoted in the transcript) is not a live prompt.
 */
import type { OptionSyntax } from './rule-types';
import type { ScreenLine } from './screen';

/** One parsed option, before roles and keys are assigned. */
export interface RawOption {
  readonly label: string;
  /** The number shown (`2.`), or null for unnumbered menus. */
  readonly number: number | null;
  readonly selected: boolean;
  /** The key hint in the label's trailing parentheses (`y`, `esc or n`), or Aider's letter. */
  readonly hint: string | null;
  /** The label's rows as drawn, when it wrapped (for putting a repeated subject back exactly). */
  readonly parts: readonly string[];
}

/** A menu found at the bottom of a region. */
export interface ParsedMenu {
  readonly options: readonly RawOption[];
  /** Index (into the region's rows) of the first menu row: the title is searched above it. */
  readonly firstRow: number;
  readonly footerSeen: boolean;
  /** Some row showed a selection glyph. */
  readonly selectionSeen: boolean;
}

const SELECT_GLYPHS = '❯›●>→▸▶';
const NUMBERED = new RegExp(`^(\\s*)([${SELECT_GLYPHS}])?(\\s*)(\\d{1,2})[.)]\\s+(\\S.*)$`, 'u');
const HINT = /\(([^()]{1,20})\)\s*$/u;

/** The trailing `(hint)` of a label, if it looks like a key hint. */
function hintOf(label: string): string | null {
  const m = HINT.exec(label);
  const hint = m?.[1]?.trim().toLowerCase() ?? null;
  if (!hint) return null;
  // Only short key-like hints: `y`, `esc`, `esc or n`, `shift+tab`, `tab` — not "(MCP)" or "(7% used)".
  return /^(?:[a-z]|esc|enter|tab|shift\+tab|ctrl\+\w)(?:\s+or\s+(?:[a-z]|esc|enter|tab|shift\+tab))*$/u.test(
    hint,
  )
    ? hint
    : null;
}

/** Skips blank and footer rows from the bottom; returns the index of the last menu row candidate. */
function skipFooter(
  rows: readonly ScreenLine[],
  footer: readonly RegExp[],
): { end: number; footerSeen: boolean } {
  let end = rows.length - 1;
  let footerSeen = false;
  for (; end >= 0; end--) {
    const row = rows[end];
    if (!row || row.blank || row.isRule) continue;
    if (footer.some((re) => re.test(row.norm))) {
      footerSeen = true;
      continue;
    }
    break;
  }
  return { end, footerSeen };
}

interface NumberedRow {
  readonly index: number;
  readonly number: number;
  readonly selected: boolean;
  readonly labelCol: number;
  readonly label: string;
}

function numberedRow(row: ScreenLine, index: number): NumberedRow | null {
  const m = NUMBERED.exec(row.norm);
  if (!m) return null;
  const labelCol = (m[1] ?? '').length + (m[2] ?? '').length + (m[3] ?? '').length + (m[4] ?? '').length + 2;
  // Take the label from the raw row (same indices as norm) so typographic characters survive.
  const start = row.norm.indexOf(m[5] ?? '', labelCol - 1);
  return {
    index,
    number: Number(m[4]),
    selected: m[2] !== undefined,
    labelCol,
    label: row.raw.slice(start).trim(),
  };
}

/** `❯ 1. Yes` menus numbered from 1, with wrapped labels joined. */
function parseNumbered(
  rows: readonly ScreenLine[],
  footer: readonly RegExp[],
  loose: boolean,
  continuation: boolean,
  glue: RegExp | undefined,
): ParsedMenu | null {
  const { end, footerSeen } = skipFooter(rows, footer);
  const found: { row: NumberedRow; extra: string[] }[] = [];
  let pending: ScreenLine[] = [];
  for (let i = end; i >= 0; i--) {
    const row = rows[i];
    if (!row) break;
    const option = row.blank ? null : numberedRow(row, i);
    if (!option) {
      if (row.blank && !loose) {
        if (found.length === 0) return null;
        break;
      }
      pending.push(row);
      // Strict menus allow only wrapped label rows between options; loose ones a short description.
      if (pending.length > (loose ? 4 : 3)) return null;
      continue;
    }
    const expected = found.length === 0 ? option.number : (found[found.length - 1]?.row.number ?? 0) - 1;
    if (option.number !== expected) return null;
    const extra: string[] = [];
    for (const p of pending.reverse()) {
      const isHint = footer.some((re) => re.test(p.norm));
      if (continuation && !isHint && !p.isRule && p.indent >= option.labelCol) extra.push(p.raw.trim());
      else if ((!loose || found.length === 0) && !isHint) return null;
    }
    pending = [];
    found.push({ row: option, extra });
    if (option.number === 1) break;
  }
  const first = found[found.length - 1];
  if (!first || first.row.number !== 1 || found.length < 2) return null;
  const options = found.reverse().map(({ row, extra }): RawOption => {
    let label = row.label;
    for (const part of extra) label = `${label}${glue?.test(label) ? '' : ' '}${part}`;
    return {
      label,
      number: row.number,
      selected: row.selected,
      hint: hintOf(label),
      parts: [row.label, ...extra],
    };
  });
  return { options, firstRow: first.row.index, footerSeen, selectionSeen: options.some((o) => o.selected) };
}

/** Unnumbered rows aligned on one label column, one marked by a glyph. */
function parseGlyphList(
  rows: readonly ScreenLine[],
  footer: readonly RegExp[],
  glyphs: string,
  maxRows: number,
): ParsedMenu | null {
  const { end, footerSeen } = skipFooter(rows, footer);
  const glyphRow = new RegExp(`^(\\s*[${glyphs}]\\s+)(\\S.*)$`, 'u');
  const block: { row: ScreenLine; index: number }[] = [];
  for (let i = end; i >= 0 && block.length <= maxRows; i--) {
    const row = rows[i];
    if (!row || row.blank) break;
    block.unshift({ row, index: i });
  }
  const selected = block.find(({ row }) => glyphRow.test(row.norm));
  if (!selected) return null;
  const labelCol = glyphRow.exec(selected.row.norm)?.[1]?.length ?? 0;
  const options: RawOption[] = [];
  let firstRow = -1;
  for (let k = block.length - 1; k >= 0; k--) {
    const item = block[k];
    if (!item) break;
    const isSelected = item === selected;
    if (!isSelected && item.row.indent !== labelCol) break;
    const label = item.row.raw.slice(labelCol).trim();
    options.unshift({ label, number: null, selected: isSelected, hint: hintOf(label), parts: [label] });
    firstRow = item.index;
  }
  if (options.length < 2 || !options.some((o) => o.selected)) return null;
  return { options, firstRow, footerSeen, selectionSeen: true };
}

const INLINE = /^(?<q>.*\?)\s+(?<opts>\([A-Z]\)[^[]*?)\s*\[(?<def>[^\]]+)\]:\s*$/u;

/** Aider: `Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]:` on the last row. */
function parseInline(rows: readonly ScreenLine[]): ParsedMenu | null {
  const { end } = skipFooter(rows, []);
  const row = rows[end];
  const m = row ? INLINE.exec(row.norm) : null;
  if (!m?.groups) return null;
  const def = (m.groups.def ?? '').toLowerCase();
  const options = (m.groups.opts ?? '').split('/').map((part): RawOption => {
    const letter = /\(([A-Z])\)/u.exec(part)?.[1] ?? '';
    const label = part.replace(/\(([A-Z])\)/u, '$1').trim();
    return {
      label,
      number: null,
      selected: label.toLowerCase() === def,
      hint: letter.toLowerCase(),
      parts: [label],
    };
  });
  if (options.length < 2) return null;
  // The question and the menu share a row; the default in brackets is the footer-like second anchor.
  return { options, firstRow: end, footerSeen: true, selectionSeen: options.some((o) => o.selected) };
}

/** opencode: one row of buttons; the focused one is only shown by colour, so nothing is `selected`. */
function parseButtons(rows: readonly ScreenLine[], labels: readonly string[]): ParsedMenu | null {
  for (let i = rows.length - 1; i >= Math.max(0, rows.length - 4); i--) {
    const row = rows[i];
    if (!row || row.blank) continue;
    const positions = labels.map((l) => row.norm.indexOf(l));
    if (positions.every((p, k) => p >= 0 && (k === 0 || p > (positions[k - 1] ?? 0)))) {
      const options = labels.map((label): RawOption => ({
        label,
        parts: [label],
        number: null,
        selected: false,
        hint: null,
      }));
      const footerSeen = /enter confirm|⇆ select/u.test(row.norm);
      return { options, firstRow: i, footerSeen, selectionSeen: false };
    }
  }
  return null;
}

/** Parses the menu at the bottom of `rows` in the given syntax, or null when there is none. */
export function parseMenu(
  rows: readonly ScreenLine[],
  syntax: OptionSyntax,
  footer: readonly RegExp[],
  glue?: RegExp,
): ParsedMenu | null {
  switch (syntax.kind) {
    case 'numbered':
      return parseNumbered(rows, footer, syntax.loose ?? false, syntax.continuation ?? true, glue);
    case 'glyph-list':
      return parseGlyphList(rows, footer, syntax.glyphs, syntax.maxRows);
    case 'inline-letters':
      return parseInline(rows);
    case 'buttons':
      return parseButtons(rows, syntax.labels);
  }
}
