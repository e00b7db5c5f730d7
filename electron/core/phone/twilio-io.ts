/**
 * Twilio's side of one webhook step: request parameters read in, and the Gather each call stage
 * answers with (what it listens for, how long, and the prompt said when the flow gives none).
 */
import type { FlowStep } from './call-flow';
import { SPEECH_HINTS } from './phone-intent';
import type { PhoneReply, PhoneRequest } from './ports';

type Gather = Extract<PhoneReply['next'], { kind: 'gather' }>;

/** What each stage listens for: keys only (how many) or keys and speech, for how long, and what it says. */
const STAGES: Record<Exclude<FlowStep['next'], 'hangup'>, Omit<Gather, 'kind' | 'action'>> = {
  code: {
    input: 'dtmf',
    numDigits: 6,
    hints: null,
    timeoutSeconds: 10,
    prompt: 'Enter your six digit code, then press pound.',
  },
  menu: {
    input: 'dtmf speech',
    numDigits: null,
    hints: SPEECH_HINTS,
    timeoutSeconds: 6,
    prompt: 'What next? Say a command, or press 9 for the menu.',
  },
  decision: {
    input: 'dtmf',
    numDigits: 1,
    hints: null,
    timeoutSeconds: 8,
    prompt: 'Press 1 to approve once, 2 to deny, or 9 for details.',
  },
  confirm: {
    input: 'dtmf',
    numDigits: 1,
    hints: null,
    timeoutSeconds: 8,
    prompt: 'Press 1 to confirm. Any other key cancels.',
  },
};

/** The Gather (or hangup) that follows a flow step, posting its result to `action`. */
export function gatherFor(flow: FlowStep, action: string): PhoneReply['next'] {
  if (flow.next === 'hangup') return { kind: 'hangup' };
  const stage = STAGES[flow.next];
  return { kind: 'gather', action, ...stage, prompt: flow.prompt ?? stage.prompt };
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
