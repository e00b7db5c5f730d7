/**
 * `tower approvals [--all]`: the approvals queue from the command line — what waits for the owner
 * (and, with --all, what ended lately: who answered where, when; expired; answered at the terminal).
 * Screen-derived text is cleaned before printing, and commands are shown in full.
 */
import type { TowerApi } from '../contract/api';
import type { ApprovalView } from '../contract/dto';
import { cleanText, formatDuration, safeJson } from './cli-format';

export const APPROVALS_USAGE = `  approvals [--all]               approvals waiting for you (--all: also those that ended lately)`;

const VERB = { approve: 'approved', 'approve-remember': 'approved (remembered)', deny: 'denied' } as const;

/** Lists approvals; `all` includes ended ones. */
export async function runApprovals(api: TowerApi, all: boolean, json: boolean, now: number): Promise<string> {
  const { approvals } = await api.getSnapshot();
  const shown = all ? approvals : approvals.filter((a) => a.status === 'pending' || a.status === 'answering');
  return json ? safeJson(shown) : formatApprovals(shown, now, all);
}

/** Human output: one block per approval, the prompt's subject in full on its own line. */
export function formatApprovals(approvals: readonly ApprovalView[], now: number, all: boolean): string {
  if (approvals.length === 0) return all ? 'No approvals lately.' : 'No approvals waiting.';
  return approvals.map((a) => formatOne(a, now)).join('\n');
}

function formatOne(a: ApprovalView, now: number): string {
  const agent = a.agent === null ? '' : ` (${a.agent})`;
  const head = `${a.id}  session ${a.sessionNumber}${agent}  ${a.status}  ${formatDuration(now - a.createdAt)} ago`;
  const what = a.prompt.tool ?? a.prompt.type;
  const lines = [head, `    ${cleanText(what)}: ${cleanText(a.prompt.subject ?? a.prompt.question)}`];
  lines.push(`    why: ${cleanText(a.reason)}`);
  if (a.status === 'pending') {
    const expires =
      a.expiresAt === null ? '' : `; expires in ${formatDuration(Math.max(0, a.expiresAt - now))}`;
    lines.push(`    told: ${a.escalatedTo.join(', ') || 'nobody yet'}${expires}`);
    lines.push(`    answer: tower approve ${a.sessionNumber} | tower deny ${a.sessionNumber}`);
  }
  if (a.answer) {
    const at = new Date(a.answer.at).toISOString().slice(11, 19);
    const delivered = a.answer.delivered ? '' : ' (keys not confirmed)';
    lines.push(`    ${VERB[a.answer.choice]} via ${cleanText(a.answer.channel)} at ${at} UTC${delivered}`);
  }
  if (a.endedBecause) lines.push(`    ${cleanText(a.endedBecause)}`);
  if (a.note) lines.push(`    note: ${cleanText(a.note)}`);
  return lines.join('\n');
}
