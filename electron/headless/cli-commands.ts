/**
 * What each `tower` command does against a TowerApi, and how failures become messages and exit codes.
 *
 * Sessions are resolved client-side from one snapshot (number, id, or unique prefix of id or title);
 * the backend still checks everything again when the call arrives.
 */
import { TowerError } from '../contract/api';
import type { TowerApi } from '../contract/api';
import type { AnswerOutcome, SessionView } from '../contract/dto';
import { RpcCallError } from '../transport/rpc';
import { ServerUnreachableError } from '../transport/http-client';
import type { CliCommand } from './cli-args';
import { cleanText, formatStatus, promptOrEvidence, safeJson, sessionLabel, truncate } from './cli-format';
import { runApprovals } from './cli-approvals';
import { runPool } from './cli-pool';

/** Exit codes, documented in the usage text. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  notRunning: 3,
  unknownSession: 4,
  noPrompt: 5,
  promptChanged: 6,
  lockdown: 7,
  refused: 8,
} as const;

/** A failure with the exit code and the sentence to print. */
export class CliFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** What a command needs besides the API. */
export interface CommandContext {
  readonly json: boolean;
  readonly now: number;
  readonly columns: number;
  /** Directory `open` starts in when --cwd is not given (the CLI's own). */
  readonly cwd: string;
  readonly resolvePath: (path: string) => string;
}

/** Runs one command; returns what to print on stdout. Throws CliFailure (or API errors) on failure. */
export async function runCommand(api: TowerApi, command: CliCommand, ctx: CommandContext): Promise<string> {
  switch (command.kind) {
    case 'help':
      return '';
    case 'status': {
      const snapshot = await api.getSnapshot();
      return ctx.json ? safeJson(snapshot) : formatStatus(snapshot, ctx.now, ctx.columns);
    }
    case 'approve':
    case 'deny': {
      const session = await findSession(api, command.session);
      if (session.prompt === null) {
        throw new CliFailure(
          EXIT.noPrompt,
          `No prompt is showing on ${sessionLabel(session)} (${cleanText(session.state)}).`,
        );
      }
      const outcome = await api.answerPrompt({
        session: session.id,
        choice: command.kind,
        fingerprint: session.prompt.fingerprint,
        channel: 'cli',
      });
      return describeAnswer(outcome, command.kind, session, ctx.json);
    }
    case 'send': {
      const session = await findSession(api, command.session);
      const result = await api.sendText({ session: session.id, text: command.text, submit: command.submit });
      if (ctx.json) return safeJson(result);
      return command.submit
        ? `Sent to ${sessionLabel(session)}.`
        : `Typed into ${sessionLabel(session)} (not submitted).`;
    }
    case 'open': {
      const cwd = ctx.resolvePath(command.cwd ?? ctx.cwd);
      const opened = await api.openAgent({
        command: command.command,
        title: command.title,
        cwd,
        provider: command.provider,
      });
      return ctx.json
        ? safeJson(opened)
        : `Opened ${sessionLabel(opened)} (${opened.provider}, id ${cleanText(opened.id)}).`;
    }
    case 'close': {
      const session = await findSession(api, command.session);
      const result = await api.closeAgent({ session: session.id });
      return ctx.json ? safeJson(result) : `Closed ${sessionLabel(session)}.`;
    }
    case 'focus': {
      const session = await findSession(api, command.session);
      const result = await api.focusAgent({ session: session.id });
      return ctx.json ? safeJson(result) : `Brought ${sessionLabel(session)} to the front.`;
    }
    case 'lockdown': {
      const result = await api.lockdown({ engaged: command.engaged, channel: 'cli' });
      if (ctx.json) return safeJson(result);
      return result.lockdown
        ? 'LOCKDOWN engaged: Tower types nothing until `tower lockdown off`.'
        : 'Lockdown lifted: Tower may type again.';
    }
    case 'phone-unlock': {
      const result = await api.unlockPhone({ channel: 'cli' });
      if (ctx.json) return safeJson(result);
      return result.lifted
        ? 'Phone lockout lifted: the line takes PIN codes again.'
        : 'The phone line was not locked out; nothing to lift.';
    }
    case 'approvals':
      return runApprovals(api, command.all, ctx.json, ctx.now);
    case 'task-add':
    case 'task-list':
    case 'task-remove':
    case 'pool-status':
    case 'pool-set':
    case 'pool-broadcast':
      return runPool(api, command, ctx.json);
    case 'policy-check':
    case 'policy-replay':
    case 'audit-verify':
    case 'audit-tail':
      // Offline commands: cli.ts runs them without a server (cli-policy.ts, cli-audit.ts).
      throw new CliFailure(EXIT.usage, `${command.kind} runs without a Tower server`);
  }
}

function describeAnswer(
  outcome: AnswerOutcome,
  choice: 'approve' | 'deny',
  s: SessionView,
  json: boolean,
): string {
  if (outcome.kind === 'refused')
    throw new CliFailure(EXIT.refused, `Tower refused: ${cleanText(outcome.reason)}`);
  if (json) return safeJson(outcome);
  const verb = choice === 'approve' ? 'Approved' : 'Denied';
  const what = cleanText(promptOrEvidence(s));
  return `${verb} on ${sessionLabel(s)}: ${what}${outcome.confirmed ? '' : ' (typed; not yet confirmed on screen)'}`;
}

/** Finds one session by number, id, or unique prefix of id or title. */
export function resolveSession(sessions: readonly SessionView[], query: string): SessionView {
  if (/^\d+$/.test(query)) {
    const byNumber = sessions.find((s) => s.number === Number(query));
    if (byNumber) return byNumber;
  }
  const exact = sessions.find((s) => s.id === query);
  if (exact) return exact;
  const lower = query.toLowerCase();
  const matches = sessions.filter((s) => s.id.startsWith(query) || s.title.toLowerCase().startsWith(lower));
  if (matches.length === 1 && matches[0]) return matches[0];
  const shown = cleanText(truncate(query, 60));
  if (matches.length > 1) {
    throw new CliFailure(
      EXIT.unknownSession,
      `"${shown}" matches several sessions:\n${listSessions(matches)}`,
    );
  }
  const known = sessions.length === 0 ? 'There are no sessions.' : `Sessions:\n${listSessions(sessions)}`;
  throw new CliFailure(EXIT.unknownSession, `No session matches "${shown}". ${known}`);
}

async function findSession(api: TowerApi, query: string): Promise<SessionView> {
  return resolveSession((await api.getSnapshot()).sessions, query);
}

function listSessions(sessions: readonly SessionView[]): string {
  return sessions.map((s) => `  ${sessionLabel(s)}  id ${cleanText(s.id)}  ${cleanText(s.state)}`).join('\n');
}

/** Turns any failure into the exit code and message the CLI prints. */
export function explainFailure(error: unknown): CliFailure {
  if (error instanceof CliFailure) return error;
  if (error instanceof ServerUnreachableError) return notRunning(error.message);
  if (error instanceof TowerError) {
    const message = cleanText(error.message);
    switch (error.code) {
      case 'unknown-session':
        return new CliFailure(EXIT.unknownSession, `Unknown session: ${message}`);
      case 'no-prompt':
        return new CliFailure(EXIT.noPrompt, `No prompt is showing: ${message}`);
      case 'prompt-changed':
        return new CliFailure(
          EXIT.promptChanged,
          `The prompt changed before the answer was typed; nothing was typed. Check \`tower status\`. (${message})`,
        );
      case 'lockdown':
        return new CliFailure(EXIT.lockdown, `Tower is in LOCKDOWN and types nothing (${message}).`);
      case 'invalid-arguments':
        return new CliFailure(EXIT.usage, `Invalid arguments: ${message}`);
      case 'not-allowed':
        return new CliFailure(EXIT.refused, `Not allowed: ${message}`);
      case 'terminal-failed':
        return new CliFailure(EXIT.error, `The terminal failed: ${message}`);
      case 'internal':
        return new CliFailure(EXIT.error, `Tower hit an internal error: ${message}`);
    }
  }
  if (error instanceof RpcCallError && error.code === 'unauthorized') {
    return new CliFailure(
      EXIT.error,
      'Tower refused the token from its runtime file; restart Tower (npm start).',
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliFailure(EXIT.error, `Error: ${cleanText(message)}`);
}

/** The "not running" failure, with how to start Tower. */
export function notRunning(reason: string): CliFailure {
  return new CliFailure(
    EXIT.notRunning,
    `Tower is not running (${cleanText(reason)}). Start it with \`npm start\`.`,
  );
}
