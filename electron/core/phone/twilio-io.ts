/**
 * Twilio's side of one webhook step: request parameters read in, and the Gather each call stage
 * answers with (what it listens for, how long, and the prompt said when the flow gives none).
 */
import type { FlowStep } from './call-flow';
import { SPEECH_HINTS } from './phone-intent';
import type { PhoneReply, PhoneRequest } from './ports';

/** The Gather (or hangup) that follows a flow step, posting its result to `action`. */
export function gatherFor(flow: FlowStep, action: string): PhoneReply['next'] {
  switch (flow.next) {
    case 'code':
      return {
        kind: 'gather',
        action,
        input: 'dtmf',
        numDigits: 6,
        hints: null,
        timeoutSeconds: 10,
        prompt: flow.prompt ?? 'Enter your six digit code, then press pound.',
      };
    case 'menu':
      return {
        kind: 'gather',
        action,
        input: 'dtmf speech',
        numDigits: null,
        hints: SPEECH_HINTS,
        timeoutSeconds: 6,
        prompt: flow.prompt ?? `What next? Say a command, or press 9 for the menu.`,
      };
    case 'decision':
      return {
        kind: 'gather',
        action,
        input: 'dtmf',
        numDigits: 1,
        hints: null,
        timeoutSeconds: 8,
        prompt: flow.prompt ?? 'Press 1 to approve once, 2 to deny, or 9 for details.',
      };
    case 'confirm':
      return {
        kind: 'gather',
        action,
        input: 'dtmf',
        numDigits: 1,
        hints: null,
        timeoutSeconds: 8,
        prompt: flow.prompt ?? 'Press 1 to confirm. Any other key cancels.',
      };
    case 'hangup':
      return { kind: 'hangup' };
  }
}

/** A request parameter, or '' when absent. */
export function param(req: PhoneRequest, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}

/** A request parameter, or null when absent. */
export function optional(req: PhoneRequest, name: string): string | null {
  const value = req.params[name];
  return typeof value === 'string' ? value : null;
}
