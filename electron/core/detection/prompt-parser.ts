/**
 * Parses a blocking prompt (permission or question) at the bottom of the screen into a PromptView.
 *
 * A prompt needs at least two anchors: its title row AND a menu that marks a selected row or is
 * followed by the agent's footer. The menu must be the bottom-most UI (only footers below it).
 */
import type { AgentKind, PromptOptionView, PromptView } from '../../contract/dto';
import { keysFor, roleOf } from './option-keys';
import { parseMenu, type RawOption } from './options';
import type { PromptRule, SubjectSpec } from './rule-types';
import type { ScreenLine } from './screen';
import { sha256Hex } from './sha256';
import { commonJoining, fullWidthOf, joinRows } from './wrapped';

/** A parsed prompt and the rows that proved it. */
export interface ParsedPrompt {
  readonly prompt: PromptView;
  readonly evidence: readonly string[];
}

/** Rows the prompt rules look at: the live bottom of the screen. */
const PROMPT_ROWS = 60;
/** Minimum rows above the title searched for a subject. */
const HEAD_ROWS = 6;
/** Selection glyphs are stripped from the fingerprint: moving the cursor is the same prompt. */
const GLYPHS = /^[❯›●>→▸▶]\s*/u;

/** How wrapped rows are joined, and the rows of the last block subject joined (for `echo`). */
interface WrapContext {
  readonly glue: RegExp | undefined;
  readonly fullWidth: number | null;
  blockParts: readonly string[] | null;
}

function subjectOf(
  spec: SubjectSpec,
  head: readonly ScreenLine[],
  block: readonly ScreenLine[],
  title: RegExpExecArray,
  wrap: WrapContext,
): string | null {
  switch (spec.kind) {
    case 'title':
      return title.groups?.subject?.trim() ?? null;
    case 'line': {
      // The prompt's own rows first, then upwards from the title: the nearest match wins.
      for (const row of [...block, ...[...head].reverse()]) {
        const m = spec.re.exec(row.norm);
        // Slice the raw row at the group's position so the subject keeps its exact characters.
        if (m?.[1] !== undefined)
          return row.raw
            .slice(m.index + m[0].indexOf(m[1]), m.index + m[0].indexOf(m[1]) + m[1].length)
            .trim();
      }
      return null;
    }
    case 'above':
      return (
        head
          .filter((r) => !r.blank)
          .at(-1)
          ?.raw.trim() ?? null
      );
    case 'block': {
      const start = block.findIndex((r) => spec.start.test(r.norm));
      if (start < 0) return null;
      const rows: ScreenLine[] = [];
      for (let i = spec.includeStart ? start : start + 1; i < block.length; i++) {
        const row = block[i];
        if (!row || (row.blank && rows.length > 0) || row.isRule) break;
        if (row.blank) continue;
        if (spec.stop?.test(row.norm)) break;
        rows.push(row);
      }
      if (spec.dropLast && rows.length > 1) rows.pop();
      if (spec.dropFirst && rows.length > 1) rows.shift();
      wrap.blockParts = rows.map((r) => r.raw.trim()).filter((t) => t.length > 0);
      const text = joinRows(rows, wrap.glue, wrap.fullWidth);
      return (spec.strip ? text.replace(spec.strip, '') : text) || null;
    }
  }
}

/** The subject put back exactly from a label that repeats it wrapped elsewhere, or null. */
function echoed(
  parts: readonly string[],
  spec: SubjectSpec,
  options: readonly RawOption[],
  echo: RegExp,
): string | null {
  const strip = spec.kind === 'block' ? spec.strip : undefined;
  for (const option of options) {
    if (!echo.test(option.label)) continue;
    const exact = commonJoining(parts, strip, option.parts, echo);
    if (exact) return exact;
  }
  return null;
}

/** Normalised text of a prompt block for the fingerprint: glyphs and spacing do not count. */
function normalisedBlock(rows: readonly ScreenLine[]): string {
  return rows
    .map((r) => r.norm.trim().replace(GLYPHS, '').replace(/\s+/gu, ' '))
    .filter((t) => t.length > 0)
    .join('\n');
}

/** The prompt `rule` describes, if it is the live UI at the bottom of `lines`. */
export function parsePrompt(
  lines: readonly ScreenLine[],
  rule: PromptRule,
  agent: AgentKind,
): ParsedPrompt | null {
  const rows = lines.slice(-PROMPT_ROWS);
  const menu = parseMenu(rows, rule.options, rule.footer, rule.glue);
  if (!menu) return null;
  // Anchor 2 must be real: a selected row, or the agent's footer below the menu.
  if (!menu.selectionSeen && !menu.footerSeen) return null;
  if (rule.needsSelection && !menu.selectionSeen) return null;

  let titleIndex = -1;
  let title: RegExpExecArray | null = null;
  for (let i = menu.firstRow; i >= Math.max(0, menu.firstRow - rule.maxTitleDistance); i--) {
    const m = rule.title.exec(rows[i]?.norm ?? '');
    if (m) {
      titleIndex = i;
      title = m;
      if (!rule.titleFarthest) break;
    }
  }
  if (!title || titleIndex < 0) return null;
  const block = rows.slice(titleIndex);
  // Rows above the title: where a header, a subject printed before the question (Aider) or a path live.
  const head = rows.slice(Math.max(0, titleIndex - Math.max(rule.maxTitleDistance, HEAD_ROWS)), titleIndex);
  // The fingerprint covers the whole dialog: from the frame rule right above it (Claude), else the title.
  let frame = titleIndex;
  for (let i = titleIndex - 1; i >= Math.max(0, titleIndex - 3); i--) {
    if (rows[i]?.isRule) {
      frame = i + 1;
      break;
    }
    if (!rows[i]?.blank) break;
  }

  // The prompt's own rows first, then upwards from the title: the nearest match wins.
  const scope = [...block, ...[...head].reverse()];
  for (const re of rule.requires ?? []) if (!scope.some((r) => re.test(r.norm))) return null;

  const titleRow = rows[titleIndex];
  const questionRow = rule.question ? block.find((r) => rule.question?.test(r.norm)) : undefined;
  const question = (questionRow ?? titleRow)?.raw.trim() ?? '';
  let subject: string | null = null;
  const wrap: WrapContext = {
    glue: rule.glue,
    fullWidth: fullWidthOf(rows, rule.hardWrapMargin),
    blockParts: null,
  };
  for (const spec of rule.subject ?? []) {
    wrap.blockParts = null;
    subject = subjectOf(spec, head, block, title, wrap);
    if (subject) {
      const exact =
        rule.echo && wrap.blockParts ? echoed(wrap.blockParts, spec, menu.options, rule.echo) : null;
      subject = exact ?? subject;
      break;
    }
  }
  let tool = rule.tool;
  if (rule.toolFrom) {
    for (const row of scope) {
      const m = rule.toolFrom.re.exec(row.norm);
      if (m) {
        tool = rule.toolFrom.format(m);
        break;
      }
    }
  }
  const options = menu.options.map((o, i): PromptOptionView => {
    const role = roleOf(o.label, rule);
    return {
      label: o.label,
      keys: keysFor(menu.options, i, rule.keys),
      selected: o.selected,
      remembers: role === 'approve-remember',
      role,
    };
  });
  const fingerprint = sha256Hex(`${agent}\n${rule.type}\n${normalisedBlock(rows.slice(frame))}`).slice(0, 32);
  const prompt: PromptView = {
    kind: rule.kind,
    type: rule.type,
    tool,
    subject,
    question,
    options,
    fingerprint,
    autoAnswerable: rule.kind === 'permission',
  };
  const evidence = [
    `title: ${titleRow?.raw.trim() ?? ''}`,
    `options: ${options.map((o) => o.label).join(' | ')}`,
  ];
  return { prompt, evidence };
}
