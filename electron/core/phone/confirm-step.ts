/**
 * The confirmation step of a call: an action is parked with its read-back, and runs only on a
 * confirming key 1; any other key cancels it. Also the call's audit records, shared by every stage.
 */
import type { CallState, FlowContext, FlowStep, PendingAction, StepInput } from './call-flow';
import { flight } from './sitrep';

/** Parks an action and asks for the confirming key, reading back what it will do. */
export function park(call: CallState, action: PendingAction, readBack: string): FlowStep {
  call.pending = action;
  call.back = call.stage === 'decision' ? 'decision' : 'menu';
  return { say: [], next: 'confirm', prompt: readBack };
}

/** Runs the parked action on key 1, cancels it on anything else, and returns to where the call was. */
export async function onConfirm(call: CallState, input: StepInput, ctx: FlowContext): Promise<FlowStep> {
  const action = call.pending;
  call.pending = null;
  if (!action || input.digits !== '1') {
    await audit(ctx, call, 'phone-cancelled', { action: action?.kind ?? null });
    return { say: ['Cancelled. Nothing was done.'], next: call.back };
  }
  const said = await run(call, action, ctx);
  if (action.kind === 'answer' && call.direction === 'outbound') call.back = 'menu';
  return { say: [said], next: call.back === 'decision' ? 'decision' : 'menu' };
}

async function run(call: CallState, action: PendingAction, ctx: FlowContext): Promise<string> {
  const channel = `phone:${call.caller}`;
  try {
    switch (action.kind) {
      case 'answer': {
        const outcome = await ctx.backend.answerPrompt({
          session: action.session,
          choice: action.choice,
          fingerprint: action.fingerprint,
          channel,
        });
        await audit(ctx, call, 'phone-answer', {
          session: action.session,
          choice: action.choice,
          outcome: outcome.kind,
        });
        if (outcome.kind === 'refused') return `Not done: ${outcome.reason}. Nothing was typed.`;
        return `Done. ${action.choice === 'approve' ? 'Approved' : 'Denied'} ${flight(action.sessionNumber).toLowerCase()}${action.choice === 'approve' ? ' once' : ''}.`;
      }
      case 'retry':
        await audit(ctx, call, 'phone-retry', { session: action.session });
        await ctx.backend.sendText({ session: action.session, text: 'continue', submit: true });
        return `Done. Typed continue into ${flight(action.sessionNumber).toLowerCase()}.`;
      case 'pause':
        await audit(ctx, call, 'phone-pause', {});
        await ctx.backend.pausePool?.();
        return 'Done. The agent pool is paused.';
      case 'lockdown':
        await ctx.backend.lockdown({ engaged: true, channel });
        await audit(ctx, call, 'phone-lockdown-engaged', {});
        return 'Done. LOCKDOWN is engaged. Lift it at the computer.';
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    await audit(ctx, call, 'phone-action-failed', {
      action: action.kind,
      code: typeof code === 'string' ? code : null,
    });
    if (code === 'prompt-changed' || code === 'no-prompt')
      return 'The prompt changed before it could be answered. Nothing was typed.';
    if (code === 'lockdown') return 'LOCKDOWN is engaged. Nothing was typed.';
    return `Not done: ${error instanceof Error ? error.message : 'an error'}.`;
  }
}

/** Appends one audit record of a call, on its `phone:<caller>` channel. */
export async function audit(
  ctx: FlowContext,
  call: CallState,
  kind: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await ctx.audit.append({
    at: ctx.clock.now(),
    kind,
    channel: `phone:${call.caller}`,
    detail: { callSid: call.sid, ...detail },
  });
}
