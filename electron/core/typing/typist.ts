/**
 * The one path from Tower to a keyboard. Every keystroke Tower ever types goes through `Typist.type`.
 *
 * It checks LOCKDOWN at the moment of typing (not when the request was made), re-validates the input
 * against the key vocabulary, and writes an audit record before the keys leave.
 */
import { KEYS } from '../../contract/dto';
import { TowerError } from '../../contract/api';
import { typedTextProblem } from '../../contract/typed-text';
import type { AuditSink, Clock, TerminalDriver, TypedInput } from '../ports';
import type { Session } from '../sessions/session';

const KEY_SET: ReadonlySet<string> = new Set(KEYS);

/** Why something is typed, for the audit log. */
export interface TypingReason {
  readonly channel: string;
  readonly why: string;
}

/** What the typist needs from the rest of Tower. */
export interface TypistDeps {
  readonly driverFor: (session: Session) => TerminalDriver;
  readonly audit: AuditSink;
  readonly clock: Clock;
  readonly isLockedDown: () => boolean;
}

/** Types into terminals, and nothing else in Tower does. */
export class Typist {
  constructor(private readonly deps: TypistDeps) {}

  /** Throws TowerError('lockdown') under LOCKDOWN, or 'invalid-arguments' for input outside the vocabulary. */
  async type(session: Session, input: TypedInput, reason: TypingReason): Promise<void> {
    validate(input);
    if (this.deps.isLockedDown()) {
      await this.deps.audit.append({
        at: this.deps.clock.now(),
        kind: 'typing-refused',
        session: session.id,
        channel: reason.channel,
        detail: { why: reason.why, reason: 'lockdown' },
      });
      throw new TowerError('lockdown', 'LOCKDOWN is engaged: Tower types nothing until it is lifted');
    }
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'typed',
      session: session.id,
      channel: reason.channel,
      detail: { why: reason.why, ...describe(input) },
    });
    try {
      await this.deps.driverFor(session).type(session.terminal.id, input);
    } catch (error) {
      throw new TowerError('terminal-failed', `could not type into ${session.id}: ${messageOf(error)}`);
    }
  }

  /**
   * Types a line and, when `submitAfterMs` is not null, submits it: the text, a pause (agents' input
   * boxes drop an Enter that arrives with a paste), then Enter. Each part is checked and audited.
   */
  async typeLine(
    session: Session,
    text: string,
    reason: TypingReason,
    submitAfterMs: number | null,
  ): Promise<void> {
    await this.type(session, { kind: 'text', text }, reason);
    if (submitAfterMs === null) return;
    if (submitAfterMs > 0) await new Promise<void>((r) => this.deps.clock.after(submitAfterMs, r));
    await this.type(session, { kind: 'keys', keys: ['Enter'] }, { ...reason, why: `submit ${reason.why}` });
  }
}

function validate(input: TypedInput): void {
  if (input.kind === 'keys') {
    if (input.keys.length === 0) throw new TowerError('invalid-arguments', 'no keys to type');
    for (const key of input.keys) {
      if (!KEY_SET.has(key))
        throw new TowerError('invalid-arguments', `key ${JSON.stringify(key)} is not allowed`);
    }
    return;
  }
  const problem = typedTextProblem(input.text);
  if (problem) throw new TowerError('invalid-arguments', problem);
}

function describe(input: TypedInput): Record<string, unknown> {
  return input.kind === 'keys' ? { keys: input.keys } : { text: input.text, length: input.text.length };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Owner text goes only into an agent's input, never into a plain shell or over a prompt waiting for an answer. */
export function checkTextTarget(session: Session): void {
  if (!session.agent)
    throw new TowerError(
      'not-allowed',
      `session ${session.number} runs no coding agent; Tower types only into agents`,
    );
  if (session.state === 'permission' || session.state === 'question')
    throw new TowerError(
      'not-allowed',
      `session ${session.number} is showing a prompt; answer it with approve or deny instead of typing`,
    );
}
