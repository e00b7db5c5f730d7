/**
 * Output for humans and machines: the sessions table, durations, and the sanitising every printed
 * screen-derived string goes through (titles, commands, evidence are attacker-controlled: an escape
 * sequence printed raw could retitle the owner's terminal, rewrite lines, or answer back as input).
 */
import type { SessionView, Snapshot } from '../contract/dto';

// CSI (colours, cursor moves) and OSC (titles, clipboard, links), removed whole so nothing of them acts.
const ESCAPE_SEQUENCES =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]/g;
// Any other control, invisible format (bidi, zero-width, tags) or line/paragraph separator is shown as U+FFFD.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** Makes a string safe to print on one terminal line. */
export function cleanText(value: string): string {
  return value
    .replace(ESCAPE_SEQUENCES, '')
    .replace(/[\t\r\n]+/g, ' ')
    .replace(UNSAFE, '\uFFFD');
}

// What JSON.stringify leaves raw inside strings (it escapes C0 itself; raw newlines are its own layout).
const UNSAFE_IN_JSON = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/** JSON for `--json`: like JSON.stringify, plus escapes for the C1, bidi and invisible characters it leaves raw. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (c) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(
      '',
    ),
  );
}

/** "42s", "5m", "2h 5m", "3d". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d`;
}

/** One line describing the session's prompt (what it asks to run), or its evidence. */
export function promptOrEvidence(session: SessionView): string {
  const prompt = session.prompt;
  if (prompt === null) return session.evidence.join('; ');
  const what = prompt.subject ?? prompt.question;
  return `${prompt.tool ?? prompt.type}: ${what}`;
}

/** "claude 2.1.0", or "-" for a plain terminal. */
export function agentLabel(session: SessionView): string {
  return session.agent === null
    ? '-'
    : `${session.agent.kind}${session.agent.version ? ` ${session.agent.version}` : ''}`;
}

/** A short human reference to a session, safe to print: `#2 "fix tests"`. */
export function sessionLabel(session: SessionView): string {
  return `#${session.number} "${truncate(cleanText(session.title), 40)}"`;
}

/** Cuts to `width` characters with an ellipsis. */
export function truncate(value: string, width: number): string {
  const chars = Array.from(value);
  if (chars.length <= width) return value;
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

const HEADERS = ['#', 'PROVIDER', 'AGENT', 'STATE', 'FOR', 'TITLE', 'PROMPT / EVIDENCE'] as const;

/** The status table plus lockdown and ground-truth warnings, fitted to `columns`. */
export function formatStatus(snapshot: Snapshot, now: number, columns: number): string {
  const lines: string[] = [];
  if (snapshot.lockdown && snapshot.lockdownReason)
    lines.push(`LOCKDOWN engaged by Tower itself: ${cleanText(snapshot.lockdownReason)}`);
  else if (snapshot.lockdown)
    lines.push('LOCKDOWN engaged: Tower types nothing (tower lockdown off to resume).');
  const pendingApprovals = snapshot.approvals.filter((a) => a.status === 'pending').length;
  if (pendingApprovals > 0)
    lines.push(`${pendingApprovals} approval${pendingApprovals === 1 ? '' : 's'} waiting: tower approvals`);
  const truth = snapshot.groundTruth;
  if (!truth.agreed) {
    lines.push(`Warning: registry says ${truth.registryCount}, terminals say ${truth.terminalCount}.`);
  }
  for (const p of truth.providers) {
    if (!p.available) lines.push(`Note: ${p.id} unavailable${p.reason ? `: ${cleanText(p.reason)}` : ''}.`);
  }
  if (snapshot.sessions.length === 0) {
    lines.push('No sessions.');
    return lines.join('\n');
  }
  const rows = snapshot.sessions.map((s) =>
    [
      String(s.number),
      s.provider,
      agentLabel(s),
      s.state + (s.gone ? ' (gone)' : ''),
      formatDuration(now - s.stateSince),
      s.title,
      promptOrEvidence(s),
    ].map(cleanText),
  );
  const widths = fitWidths(rows, columns);
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        const cut = truncate(cell, width);
        return i === cells.length - 1 ? cut : cut.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  lines.push(render(HEADERS), ...rows.map(render));
  // The table may cut a command short; a dangerous tail (`&& curl … | sh`) must never be hidden from
  // someone about to approve it, so every waiting prompt is repeated in full.
  const waiting = snapshot.sessions.filter((s) => s.prompt !== null);
  if (waiting.length > 0) {
    lines.push('', 'Waiting on you:');
    for (const s of waiting) lines.push(`  #${s.number} ${cleanText(promptOrEvidence(s))}`);
  }
  return lines.join('\n');
}

// Short columns keep their natural width; title and prompt share what is left (title capped at 40%).
function fitWidths(rows: readonly (readonly string[])[], columns: number): number[] {
  const natural = HEADERS.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => Array.from(r[i] ?? '').length)),
  );
  const fixed = natural.slice(0, 5);
  const gaps = 2 * (HEADERS.length - 1);
  const left = Math.max(20, columns - fixed.reduce((a, b) => a + b, 0) - gaps);
  const title = Math.min(natural[5] ?? 0, Math.max(8, Math.floor(left * 0.4)));
  const prompt = Math.min(natural[6] ?? 0, Math.max(10, left - title));
  return [...fixed, title, prompt];
}
