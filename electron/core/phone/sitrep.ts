/**
 * Spoken texts built from structured state (SessionView, PromptView), never from raw screen lines:
 * the sitrep ("Flight two is waiting for approval to run npm install lodash."), one session's
 * details, and the exact read-back of a prompt before a confirming key.
 */
import type { PromptView, SessionView } from '../../contract/dto';
import type { PhoneSnapshot } from './ports';
import { clipSpoken, numberWords, speakable } from './speech';

type Redact = (text: string) => string;

/** Sessions the sitrep names one by one; the rest are counted by state. */
export const SITREP_NAMED = 8;
/** A subject longer than this is clipped in the sitrep (never in a read-back). */
const SITREP_SUBJECT = 80;

/** "Flight two". */
export function flight(n: number): string {
  return `Flight ${numberWords(n)}`;
}

const AGENT_NAMES: Record<string, string> = {
  claude: 'Claude',
  codex: 'Codex',
  gemini: 'Gemini',
  copilot: 'Copilot',
  cursor: 'Cursor',
  opencode: 'OpenCode',
  aider: 'Aider',
  amp: 'Amp',
};

const STATE_WORDS: Record<string, string> = {
  starting: 'is starting',
  working: 'is working',
  idle: 'is idle',
  error: 'shows an error',
  stalled: 'seems stuck',
  limited: 'has hit a usage limit',
  exited: 'has exited',
  unknown: 'is in an unknown state',
};

/** A state as a short spoken phrase, for "…, working for two minutes". */
const STATE_LABELS: Record<string, string> = {
  starting: 'starting',
  working: 'working',
  idle: 'idle',
  permission: 'waiting for approval',
  question: 'waiting for an answer',
  error: 'showing an error',
  stalled: 'stuck',
  limited: 'at a usage limit',
  exited: 'exited',
  unknown: 'in an unknown state',
};

/** "to run npm install lodash", "to edit src/a.ts" … from the prompt's type and subject. */
export function promptPurpose(prompt: PromptView, redact: Redact, clip: number | null): string {
  const subject = prompt.subject === null ? null : speakable(prompt.subject, redact);
  const shown = subject === null ? null : clip === null ? subject : clipSpoken(subject, clip);
  if (prompt.kind === 'question' || shown === null) {
    const question = speakable(prompt.question, redact);
    return `to answer a question: ${clip === null ? question : clipSpoken(question, clip)}`;
  }
  const verb: Record<string, string> = {
    bash: 'run',
    edit: 'edit',
    write: 'write',
    fetch: 'fetch',
    read: 'read',
  };
  return `to ${verb[prompt.type] ?? `use ${prompt.tool ?? prompt.type} on`} ${shown}`;
}

/** One sentence about one session. */
export function sessionSentence(view: SessionView, redact: Redact): string {
  if (view.prompt && (view.state === 'permission' || view.state === 'question')) {
    return `${flight(view.number)} is waiting for approval ${promptPurpose(view.prompt, redact, SITREP_SUBJECT)}.`;
  }
  return `${flight(view.number)} ${STATE_WORDS[view.state] ?? 'is in an unknown state'}.`;
}

/** The short status of every session. */
export function sitrepText(snapshot: PhoneSnapshot, redact: Redact): string {
  const live = snapshot.sessions.filter((s) => !s.gone).sort((a, b) => a.number - b.number);
  const parts: string[] = [];
  if (snapshot.lockdown) parts.push('LOCKDOWN is engaged: Tower types nothing.');
  if (live.length === 0) {
    parts.push('No sessions are running.');
    return parts.join(' ');
  }
  const waiting = live.filter((s) => s.prompt !== null).length;
  const count = numberWords(live.length);
  parts.push(
    `${count.charAt(0).toUpperCase()}${count.slice(1)} session${live.length === 1 ? '' : 's'}` +
      (waiting > 0 ? `, ${numberWords(waiting)} waiting for you.` : '.'),
  );
  // Waiting sessions first: they are why the owner called.
  const ordered = [...live.filter((s) => s.prompt !== null), ...live.filter((s) => s.prompt === null)];
  for (const view of ordered.slice(0, SITREP_NAMED)) parts.push(sessionSentence(view, redact));
  const rest = ordered.slice(SITREP_NAMED);
  if (rest.length > 0) {
    const counts = new Map<string, number>();
    for (const view of rest) counts.set(view.state, (counts.get(view.state) ?? 0) + 1);
    const list = [...counts].map(([state, n]) => `${numberWords(n)} ${state}`).join(', ');
    parts.push(`And ${numberWords(rest.length)} more: ${list}.`);
  }
  return parts.join(' ');
}

/** Details of one session: agent, state, folder, and its prompt read in full. */
export function sessionDetails(view: SessionView, redact: Redact, now: number): string {
  const agent = view.agent ? (AGENT_NAMES[view.agent.kind] ?? view.agent.kind) : 'no agent';
  const minutes = Math.max(0, Math.floor((now - view.stateSince) / 60_000));
  const since =
    minutes === 0 ? 'under a minute' : `${numberWords(minutes)} minute${minutes === 1 ? '' : 's'}`;
  const folder = view.cwd
    ? ` in folder ${speakable(view.cwd.split('/').filter(Boolean).at(-1) ?? '/', redact)}`
    : '';
  const head = `${flight(view.number)}: ${agent}${folder}, ${STATE_LABELS[view.state] ?? view.state} for ${since}.`;
  if (view.prompt) return `${head} ${promptReadBack(view, view.prompt, redact)}`;
  return head;
}

/** The prompt exactly as parsed: question, tool and full subject, for the owner to confirm. */
export function promptReadBack(
  view: Pick<SessionView, 'number' | 'agent'>,
  prompt: PromptView,
  redact: Redact,
): string {
  const agent = view.agent ? (AGENT_NAMES[view.agent.kind] ?? view.agent.kind) : 'The agent';
  const tool = prompt.tool ? ` ${speakable(prompt.tool, redact)}` : '';
  const subject =
    prompt.subject === null
      ? ''
      : ` The${tool} ${prompt.type === 'bash' ? 'command' : 'subject'} is: ${speakable(prompt.subject, redact)}.`;
  return `${flight(view.number)}, ${agent}, asks: ${speakable(prompt.question, redact)}${subject}`;
}
