/**
 * One call's state machine, stage by stage:
 *   code ──(valid TOTP)──▶ menu (inbound) | decision (outbound) ──▶ confirm ──▶ menu … ──▶ hangup
 * Nothing about the agents is said before the code is accepted. Every action that types (approve,
 * deny, retry) or stops things (pause, LOCKDOWN) is parked in `pending`, read back, and runs only
 * on a confirming key 1; anything else cancels. Unclear input is asked again, never guessed.
 */
import type { AnswerChoice } from '../../contract/api';
import type { ApprovalView, PromptView, SessionView } from '../../contract/dto';
import type { AuditSink, Clock } from '../ports';
import { audit, onConfirm, park } from './confirm-step';
import { parseCommand, KEYPAD_MENU, type PhoneCommand } from './phone-intent';
import type { PhoneBackend } from './ports';
import { flight, promptReadBack, sessionDetails } from './sitrep';
import { numberWords, speakable } from './speech';
import type { TotpGate } from './totp-gate';

/** Where a call is. */
export type CallStage = 'code' | 'menu' | 'decision' | 'confirm';

/** An action waiting for the confirming key. */
export type PendingAction =
  | {
      readonly kind: 'answer';
      readonly choice: Extract<AnswerChoice, 'approve' | 'deny'>;
      readonly session: string;
      readonly sessionNumber: number;
      readonly fingerprint: string;
    }
  | { readonly kind: 'retry'; readonly session: string; readonly sessionNumber: number }
  | { readonly kind: 'pause' }
  | { readonly kind: 'lockdown' };

/** One live call. */
export interface CallState {
  readonly sid: string;
  /** The other party's number (From inbound, To outbound): the `phone:<caller>` channel. */
  readonly caller: string;
  readonly direction: 'inbound' | 'outbound';
  /** The approval an outbound call is about. */
  readonly approvalId: string | null;
  readonly startedAt: number;
  stage: CallStage;
  codeTries: number;
  silences: number;
  turns: number;
  pending: PendingAction | null;
  /** Stage to return to after a confirmation (menu, or decision for an undecided outbound call). */
  back: 'menu' | 'decision';
}

/** What one step says and where the call goes next. */
export interface FlowStep {
  readonly say: readonly string[];
  readonly next: CallStage | 'hangup';
  /** Overrides the stage's usual Gather prompt. */
  readonly prompt?: string;
}

/** What the flow needs. */
export interface FlowContext {
  readonly backend: PhoneBackend;
  readonly gate: TotpGate;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly redact: (text: string) => string;
  /** The prepared sitrep (never computed while Twilio waits on something slow). */
  sitrep(): string;
}

/** Wrong codes one call may try before it is hung up (the global count goes on across calls). */
export const CODE_TRIES_PER_CALL = 3;
/** Silent turns before hanging up. */
export const MAX_SILENCES = 3;

/** Gather input of one step, from Twilio's parameters. */
export interface StepInput {
  readonly digits: string | null;
  readonly speech: string | null;
  readonly confidence: number | null;
}

/** Greeting of a fresh call: neutral, nothing about agents. */
export function greeting(call: CallState): FlowStep {
  const first = call.direction === 'outbound' ? 'Hello. An agent needs a decision.' : 'Hello.';
  return { say: [first], next: 'code' };
}

/** Runs one Gather result through the call's stage. */
export async function step(call: CallState, input: StepInput, ctx: FlowContext): Promise<FlowStep> {
  call.turns += 1;
  switch (call.stage) {
    case 'code':
      return onCode(call, input, ctx);
    case 'menu':
      return onMenu(call, parseCommand(input), ctx);
    case 'decision':
      return onDecision(call, input, ctx);
    case 'confirm':
      return onConfirm(call, input, ctx);
  }
}

async function onCode(call: CallState, input: StepInput, ctx: FlowContext): Promise<FlowStep> {
  const code = input.digits ?? '';
  if (code === '') {
    call.silences += 1;
    if (call.silences >= MAX_SILENCES) return { say: ['Goodbye.'], next: 'hangup' };
    return { say: ['I did not get a code.'], next: 'code' };
  }
  const result = await ctx.gate.check(code, { callSid: call.sid, caller: call.caller });
  if (result === 'locked') return { say: ['This line is not available right now. Goodbye.'], next: 'hangup' };
  if (result === 'wrong') {
    call.codeTries += 1;
    if (call.codeTries >= CODE_TRIES_PER_CALL)
      return { say: ['That code was not accepted. Goodbye.'], next: 'hangup' };
    return { say: ['That code was not accepted.'], next: 'code' };
  }
  call.silences = 0;
  if (call.direction === 'outbound') return offerDecision(call, ctx, []);
  return { say: [ctx.sitrep()], next: 'menu', prompt: `What would you like? ${KEYPAD_MENU}` };
}

async function onMenu(call: CallState, command: PhoneCommand, ctx: FlowContext): Promise<FlowStep> {
  if (command.kind !== 'silence') call.silences = 0;
  await audit(ctx, call, 'phone-command', {
    command: command.kind,
    session: 'session' in command ? command.session : null,
  });
  switch (command.kind) {
    case 'silence':
      call.silences += 1;
      return call.silences >= MAX_SILENCES
        ? { say: ['Goodbye.'], next: 'hangup' }
        : { say: ['I did not hear anything.'], next: 'menu' };
    case 'unclear':
      return {
        say: ['Sorry, I did not understand that. Nothing was done.'],
        next: 'menu',
        prompt: `${KEYPAD_MENU} Or say a command.`,
      };
    case 'menu':
      return { say: [], next: 'menu', prompt: KEYPAD_MENU };
    case 'status':
      return { say: [ctx.sitrep()], next: 'menu' };
    case 'bye':
      return { say: ['Goodbye.'], next: 'hangup' };
    case 'session': {
      const view = (await ctx.backend.getSnapshot()).sessions.find(
        (s) => s.number === command.session && !s.gone,
      );
      const text = view
        ? sessionDetails(view, ctx.redact, ctx.clock.now())
        : `There is no ${flight(command.session).toLowerCase()}.`;
      return { say: [text], next: 'menu' };
    }
    case 'approve':
    case 'deny':
      return askAnswer(call, command.kind, command.session, ctx);
    case 'retry':
      return askRetry(call, command.session, ctx);
    case 'pause':
      if (!ctx.backend.pausePool)
        return { say: ['Pausing is not available in this Tower. Nothing was done.'], next: 'menu' };
      return park(
        call,
        { kind: 'pause' },
        'Pause the agent pool: no new tasks start until it is resumed at a screen. To do it, press 1. Any other key cancels.',
      );
    case 'lockdown':
      if ((await ctx.backend.getSnapshot()).lockdown)
        return { say: ['LOCKDOWN is already engaged.'], next: 'menu' };
      return park(
        call,
        { kind: 'lockdown' },
        'Engage LOCKDOWN: Tower will type nothing until it is lifted at the computer. To do it, press 1. Any other key cancels.',
      );
  }
}

/** A prompt waiting in a session, with the approval raised for it when there is one. */
interface Waiting {
  readonly view: SessionView;
  readonly prompt: PromptView;
  readonly fingerprint: string;
}

function waitingPrompts(sessions: readonly SessionView[], approvals: readonly ApprovalView[]): Waiting[] {
  return sessions
    .filter((s) => !s.gone && s.prompt !== null)
    .sort((a, b) => a.number - b.number)
    .map((view) => {
      const approval = approvals.find((a) => a.session === view.id && a.status === 'pending');
      const prompt = approval?.prompt ?? (view.prompt as PromptView);
      return { view, prompt, fingerprint: approval?.fingerprint ?? prompt.fingerprint };
    });
}

async function askAnswer(
  call: CallState,
  choice: 'approve' | 'deny',
  n: number | null,
  ctx: FlowContext,
): Promise<FlowStep> {
  const snapshot = await ctx.backend.getSnapshot();
  const waiting = waitingPrompts(snapshot.sessions, snapshot.approvals);
  let target: Waiting | undefined;
  if (n !== null) {
    target = waiting.find((w) => w.view.number === n);
    if (!target)
      return { say: [`${flight(n)} is not waiting for an answer. Nothing was done.`], next: 'menu' };
  } else if (waiting.length === 1) {
    target = waiting[0];
  } else if (waiting.length === 0) {
    return { say: ['No session is waiting for an answer. Nothing was done.'], next: 'menu' };
  } else {
    const names = waiting.map((w) => numberWords(w.view.number)).join(', ');
    return {
      say: [
        `Flights ${names} are waiting. Say ${choice} and the flight number, or press ${choice === 'approve' ? 2 : 3}, the number, then pound. Nothing was done.`,
      ],
      next: 'menu',
    };
  }
  if (!target) return { say: ['No session is waiting for an answer. Nothing was done.'], next: 'menu' };
  return parkAnswer(call, choice, target, ctx);
}

function parkAnswer(
  call: CallState,
  choice: 'approve' | 'deny',
  target: Waiting,
  ctx: FlowContext,
): FlowStep {
  const action = choice === 'approve' ? 'approve it once' : 'deny it';
  return park(
    call,
    {
      kind: 'answer',
      choice,
      session: target.view.id,
      sessionNumber: target.view.number,
      fingerprint: target.fingerprint,
    },
    `${promptReadBack(target.view, target.prompt, ctx.redact)} To ${action}, press 1. Any other key cancels.`,
  );
}

async function askRetry(call: CallState, n: number | null, ctx: FlowContext): Promise<FlowStep> {
  const sessions = (await ctx.backend.getSnapshot()).sessions.filter((s) => !s.gone && s.agent !== null);
  const stuck = (s: SessionView) =>
    s.prompt === null && ['idle', 'error', 'stalled', 'limited'].includes(s.state);
  const candidates = n === null ? sessions.filter(stuck) : sessions.filter((s) => s.number === n);
  const view = candidates.length === 1 ? candidates[0] : undefined;
  if (!view) {
    const say =
      n === null
        ? 'Say retry and the flight number to retry.'
        : `There is no ${flight(n).toLowerCase()} running an agent.`;
    return { say: [`${say} Nothing was done.`], next: 'menu' };
  }
  if (!stuck(view))
    return {
      say: [
        `${flight(view.number)} is ${view.state}; only an idle, stuck or failed agent is retried. Nothing was done.`,
      ],
      next: 'menu',
    };
  return park(
    call,
    { kind: 'retry', session: view.id, sessionNumber: view.number },
    `Retry ${flight(view.number).toLowerCase()}: Tower types the word continue into it and presses Enter. To do it, press 1. Any other key cancels.`,
  );
}

/** Outbound: read the approval the call is about and offer 1, 2 or 9. */
async function offerDecision(
  call: CallState,
  ctx: FlowContext,
  before: readonly string[],
): Promise<FlowStep> {
  const snapshot = await ctx.backend.getSnapshot();
  const approval = snapshot.approvals.find((a) => a.id === call.approvalId);
  const view = approval ? snapshot.sessions.find((s) => s.id === approval.session && !s.gone) : undefined;
  if (!approval || approval.status !== 'pending' || !view) {
    call.back = 'menu';
    return {
      say: [...before, 'That decision is no longer needed.', ctx.sitrep()],
      next: 'menu',
      prompt: `What would you like? ${KEYPAD_MENU}`,
    };
  }
  call.back = 'decision';
  return {
    say: [
      ...before,
      promptReadBack({ number: approval.sessionNumber, agent: view.agent }, approval.prompt, ctx.redact),
    ],
    next: 'decision',
  };
}

async function onDecision(call: CallState, input: StepInput, ctx: FlowContext): Promise<FlowStep> {
  const snapshot = await ctx.backend.getSnapshot();
  const approval = snapshot.approvals.find((a) => a.id === call.approvalId && a.status === 'pending');
  const view = approval ? snapshot.sessions.find((s) => s.id === approval.session && !s.gone) : undefined;
  if (!approval || !view) return offerDecision(call, ctx, []);
  await audit(ctx, call, 'phone-decision-key', {
    key: input.digits === null ? null : input.digits.slice(0, 1),
  });
  switch (input.digits) {
    case '1':
    case '2':
      return parkAnswer(
        call,
        input.digits === '1' ? 'approve' : 'deny',
        { view, prompt: approval.prompt, fingerprint: approval.fingerprint },
        ctx,
      );
    case '9':
      return {
        say: [
          sessionDetails(view, ctx.redact, ctx.clock.now()),
          `It needs you because: ${speakable(approval.reason, ctx.redact)}.`,
        ],
        next: 'decision',
      };
    case null:
    case '':
      call.silences += 1;
      return call.silences >= MAX_SILENCES
        ? { say: ['Goodbye.'], next: 'hangup' }
        : { say: ['I did not hear a key.'], next: 'decision' };
    default:
      return { say: ['Sorry, that key does nothing here. Nothing was done.'], next: 'decision' };
  }
}
