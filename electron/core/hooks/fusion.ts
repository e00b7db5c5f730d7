/**
 * Fusing hook evidence with the screen. Two rules:
 *
 * 1. State: the screen says what is showing now. A hook event only fills in when the screen cannot tell
 *    (`unknown`, or still `starting`), and only while it is fresh; it is always listed as evidence.
 *    Hooks miss events (none when the owner answers or Esc-cancels a dialog; `Stop` does not fire on
 *    an interrupt), so they never override a state the screen shows.
 * 2. Approval: in a session whose hooks are active, policy's `allow` reaches Claude Code only through
 *    the hook's structured decision. A screen prompt never turns into typed approval keys there: with
 *    no matching hook request it may be a spoof (screen text is attacker-controlled); with one, the
 *    hook already carried policy's answer (or policy said ask and the owner decides).
 */
import type { PromptView, SessionState, SessionView } from '../../contract/dto';
import type { PolicyDecision } from '../policy/types';
import { sameRequest } from './hook-prompt';

/** The latest hook event seen for a session. */
export interface HookSignal {
  readonly name: string;
  readonly notification: string | null;
  readonly at: number;
}

/** A permission request a hook reported, and what Tower answered through the hook. */
export interface HookRequestRecord {
  readonly prompt: PromptView;
  /** `none`: no decision returned, Claude Code shows its own dialog. */
  readonly answered: 'allow' | 'deny' | 'none';
  readonly rule: string;
  readonly at: number;
}

/** How long a hook event may stand in for a screen that cannot tell. */
export const HOOK_SIGNAL_FRESH_MS = 30_000;

/** The state a hook event suggests, or null when it suggests none. */
export function stateFromHook(signal: HookSignal): SessionState | null {
  switch (signal.name) {
    case 'Stop':
    case 'agent-turn-complete':
    case 'SessionStart':
      return 'idle';
    case 'StopFailure':
      return 'error';
    case 'PermissionRequest':
      return 'permission';
    case 'Notification':
      if (signal.notification === 'permission_prompt') return 'permission';
      if (signal.notification === 'idle_prompt') return 'idle';
      return null;
    case 'UserPromptSubmit':
    case 'PreToolUse':
    case 'PostToolUse':
    case 'PostToolUseFailure':
      return 'working';
    case 'SessionEnd':
      return 'exited';
    default:
      return null;
  }
}

/** The state to show: the screen's, unless it cannot tell and a fresh hook event can. */
export function fuseState(screen: SessionState, signal: HookSignal | null, now: number): SessionState {
  if (signal === null || (screen !== 'unknown' && screen !== 'starting')) return screen;
  if (now - signal.at > HOOK_SIGNAL_FRESH_MS) return screen;
  return stateFromHook(signal) ?? screen;
}

/** One evidence line for a session view (no clock in it, so an unchanged session publishes the same view). */
export function hookEvidence(signal: HookSignal): string {
  const note = signal.notification === null ? '' : ` (${signal.notification})`;
  return `hook: ${signal.name}${note}`;
}

/** A session's view with the hook's word fused in (state) and shown (evidence); unchanged without one. */
export function withHookSignal(view: SessionView, signal: HookSignal | null, now: number): SessionView {
  if (signal === null) return view;
  return {
    ...view,
    state: fuseState(view.state, signal, now),
    evidence: [...view.evidence, hookEvidence(signal)],
  };
}

/**
 * What policy's decision on a SCREEN prompt may do in a session with active hooks: an allow never
 * types there (see rule 2 above); a deny still may, since denying cannot widen anything.
 */
export function gateScreenDecision(
  decision: PolicyDecision,
  screen: PromptView,
  requests: readonly HookRequestRecord[],
): PolicyDecision {
  const match = [...requests].reverse().find((r) => sameRequest(r.prompt, screen));
  if (match && match.answered !== 'none') {
    return {
      decision: 'ask',
      rule: 'hook:answered',
      explanation: `Already answered ${match.answered} through the Claude Code hook (rule "${match.rule}"); Tower types nothing on the screen.`,
    };
  }
  if (decision.decision !== 'allow') return decision;
  if (match) {
    return {
      decision: 'ask',
      rule: 'hook:ask',
      explanation: `The hook request for this prompt got no decision (rule "${match.rule}"); the owner decides.`,
    };
  }
  return {
    decision: 'ask',
    rule: 'hook:no-request',
    explanation: `The screen shows a prompt no hook reported (rule "${decision.rule}" would allow it); with hooks active Tower approves only through the hook, so the owner decides.`,
  };
}
