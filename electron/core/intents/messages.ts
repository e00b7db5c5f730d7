/**
 * The texts the chat bridge sends, built from snapshots. Plain text (no parse mode), so nothing an
 * agent prints can become a link or formatting; every agent-written string goes through
 * `displayText` and every message fits Telegram's limit.
 */
import type { PromptView, SessionView, Snapshot, TaskView } from '../../contract/dto';
import { clip, displayText, neutralize, TELEGRAM_TEXT_LIMIT } from './display-text';
import type { HelpReason } from './intent';

const HELP_BODY = [
  'Commands:',
  '/status – all sessions, states, pending approvals',
  '/session N – last screen lines of session N',
  '/approve N, /deny N – answer the prompt session N shows',
  '/send N text – type text into the agent of session N',
  '/close N – close session N (asks to confirm)',
  '/queue – the task queue; /task text – queue a task for the pool',
  '/pause, /resume – stop or restart starting queued tasks (pause asks to confirm)',
  '/open – list agent templates; /open name – open one',
  'LOCKDOWN – stop all typing (asks to confirm; lifted only at the Mac)',
  'Plain words work too: "status?", "approve 2", "pause all".',
].join('\n');

const HELP_LEAD: Record<HelpReason, string> = {
  asked: 'Tower remote control.',
  unknown: 'Sorry, I did not understand that. Nothing was done.',
  'missing-number': 'Which session? Add its number, e.g. /approve 2. Nothing was done.',
  'bad-number': 'That is not a session number (use the number /status shows). Nothing was done.',
  'missing-text': 'Add the text to send, e.g. /send 2 run the tests. Nothing was done.',
};

/** Help, led by why it is shown. */
export function helpText(reason: HelpReason): string {
  return `${HELP_LEAD[reason]}\n\n${HELP_BODY}`;
}

/** What a card or notice says about its session (a `SessionView` is one). */
export interface CardHead {
  readonly number: number;
  readonly agent: { readonly kind: string } | null;
  readonly title: string;
  readonly cwd: string | null;
}

/** "session 2 · claude · “title”" with agent text neutralised. */
export function sessionLabel(view: Pick<CardHead, 'number' | 'agent' | 'title'>): string {
  const agent = view.agent ? view.agent.kind : 'shell';
  const title = view.title === '' ? '' : ` · “${displayText(view.title, 80)}”`;
  return `session ${view.number} · ${agent}${title}`;
}

/** All sessions, their states, and which wait for an answer. */
export function statusText(snapshot: Snapshot): string {
  const live = snapshot.sessions.filter((s) => !s.gone);
  const lines = [snapshot.lockdown ? '⛔ LOCKDOWN is engaged: Tower types nothing.' : 'Tower status'];
  if (live.length === 0) lines.push('No sessions.');
  for (const view of live) {
    const waiting = view.prompt ? ` – waiting: ${promptSummary(view.prompt, 120)}` : '';
    lines.push(
      `#${view.number} ${view.agent?.kind ?? 'shell'} · ${view.state} · ${displayText(view.title, 60)}${waiting}`,
    );
  }
  // The approvals queue says what needs the owner (a prompt policy is answering is not news).
  const pending = snapshot.approvals.filter((a) => a.status === 'pending').length;
  lines.push(pending === 0 ? 'No approvals pending.' : `${pending} waiting for you: /approve N or /deny N`);
  if (snapshot.pool.paused) lines.push('⏸ The task pool is paused (/resume).');
  return clip(lines.join('\n'), TELEGRAM_TEXT_LIMIT);
}

/** The last screen lines of one session. */
export function screenText(view: SessionView, maxLines = 25): string {
  const head = `${sessionLabel(view)} · ${view.state}\n\n`;
  const tail = view.tail.slice(-maxLines).join('\n');
  return head + displayText(tail === '' ? '(screen is empty)' : tail, TELEGRAM_TEXT_LIMIT - head.length);
}

/** One line: tool and subject, shortened. */
export function promptSummary(prompt: PromptView, max: number): string {
  const what = prompt.subject ?? prompt.question;
  return displayText(`${prompt.tool ?? prompt.type}: ${what}`, max).replace(/\n/g, ' ⏎ ');
}

/**
 * The approval card: which session and agent, the exact command or file in full (clipped only past
 * Telegram's limit, with head, tail, length and hash), the question, the options the agent offers.
 */
export function approvalText(
  view: CardHead,
  prompt: PromptView,
  footer = '',
  reason: string | null = null,
): string {
  const header = [
    `🔐 ${prompt.kind === 'permission' ? 'Permission needed' : 'Question'} – ${sessionLabel(view)}`,
    view.cwd ? `cwd: ${displayText(view.cwd, 200)}` : null,
    `${prompt.tool ? `Tool: ${displayText(prompt.tool, 80)} · ` : ''}type: ${displayText(prompt.type, 40)}`,
    reason ? `Why: ${displayText(reason, 200)}` : null,
  ].filter((l) => l !== null);
  const question = `\n${displayText(prompt.question, 400)}`;
  const options = prompt.options.map((o) => `  ${o.keys.join('')} ${displayText(o.label, 120)}`).join('\n');
  const fixed = `${header.join('\n')}\n\n\n${question}\n${options}${footer ? `\n\n${footer}` : ''}`;
  const room = Math.max(200, TELEGRAM_TEXT_LIMIT - fixed.length - 20);
  const subject = prompt.subject === null ? '(no command or file shown)' : displayText(prompt.subject, room);
  const text = `${header.join('\n')}\n\n${subject}\n${question}\n${options}${footer ? `\n\n${footer}` : ''}`;
  return clip(text, TELEGRAM_TEXT_LIMIT);
}

/** Shown under a card once it is settled: what happened, who, where, when (UTC). */
export function outcomeFooter(what: string, at: number): string {
  return `${neutralize(what)} · ${new Date(at).toISOString().slice(11, 19)} UTC`;
}

/** The pool's task queue: waiting, running, recently done (text neutralised and shortened). */
export function queueText(tasks: readonly TaskView[], paused: boolean): string {
  const order = { running: 0, queued: 1, done: 2 } as const;
  const sorted = [...tasks].sort((a, b) => order[a.status] - order[b.status] || a.createdAt - b.createdAt);
  const lines = [paused ? '⏸ Task queue (pool paused: /resume to go on)' : 'Task queue'];
  if (sorted.length === 0) lines.push('Empty. /task text queues one.');
  const icon = { running: '▶', queued: '·', done: '✔' } as const;
  for (const task of sorted.slice(0, 30))
    lines.push(
      `${icon[task.status]} ${task.id} ${task.status}: ${displayText(task.text, 120).replace(/\n/g, ' ')}`,
    );
  if (sorted.length > 30) lines.push(`… and ${sorted.length - 30} more`);
  return clip(lines.join('\n'), TELEGRAM_TEXT_LIMIT);
}
