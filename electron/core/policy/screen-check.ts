/**
 * The subject must sit on ONE row of the dialog. The detector joins a subject's rows with a space, so a
 * command with a newline (`ls src⏎rm -rf build`, seen with Claude 2.1.330 and Codex 0.169.0) or a long
 * one that wraps reads as a single command that never runs. Before an allow is typed, the dialog's rows
 * are checked: a row holding only the start of the subject means it spans rows, and the owner decides.
 */
import type { PromptView } from '../../contract/dto';
import { categoryOf } from './types';

/** Rows searched when the screen shows no frame rule above the dialog. */
const BOTTOM_ROWS = 20;
const FRAME_RULE = /^\s*[─━═]{20,}\s*$/u;
// Leading decoration an agent draws before a subject row: box bars, prompt glyphs, bullets.
const DECORATION = /^[\s│┃|$›>•●⎿]+/u;

/** Why the subject cannot be verified as one row of the dialog on `lines`, or null when it can. */
export function subjectRowProblem(prompt: PromptView, lines: readonly string[]): string | null {
  const subject = prompt.subject;
  const category = categoryOf(prompt);
  if (subject === null || (category !== 'command' && category !== 'file')) return null;
  let start = Math.max(0, lines.length - BOTTOM_ROWS);
  for (let i = lines.length - 1; i >= 0; i--) {
    if (FRAME_RULE.test(lines[i] ?? '')) {
      start = i + 1;
      break;
    }
  }
  const rows = lines.slice(start).map((row) => row.replace(DECORATION, '').trimEnd());
  if (rows.some((row) => row.length > 0 && row.length < subject.length && subject.startsWith(row)))
    return 'the subject spans several rows of the dialog (a newline or a wrapped line), which reads differently from what runs';
  if (!rows.some((row) => row.includes(subject)))
    return 'the subject is not shown whole on one row of the dialog';
  return null;
}
