/**
 * What the menu-bar icon says about a snapshot: pending approvals, the worst state, a tooltip.
 */
import type { SessionState, Snapshot } from '../contract/dto';
import { pendingApprovals } from './pending-approvals';

/** The icon's look, worst first: LOCKDOWN, waiting on the owner, failing, busy, calm. */
export type TrayMood = 'lockdown' | 'attention' | 'error' | 'working' | 'calm';

/** Everything the tray shows. */
export interface TrayState {
  readonly mood: TrayMood;
  readonly pending: number;
  /** Text beside the icon (macOS `setTitle`): the pending count, or empty. */
  readonly title: string;
  readonly tooltip: string;
}

const MOOD_OF: Record<SessionState, TrayMood> = {
  permission: 'attention',
  question: 'attention',
  error: 'error',
  stalled: 'error',
  limited: 'attention',
  working: 'working',
  starting: 'working',
  idle: 'calm',
  exited: 'calm',
  unknown: 'calm',
};
const RANK: readonly TrayMood[] = ['lockdown', 'attention', 'error', 'working', 'calm'];

/** The tray state for a snapshot (null before the first one). */
export function trayState(snapshot: Snapshot | null): TrayState {
  if (snapshot === null) return { mood: 'calm', pending: 0, title: '', tooltip: 'Tower: starting…' };
  const live = snapshot.sessions.filter((s) => !s.gone);
  // The badge counts what the approvals queue holds for the owner, not every prompt on screen
  // (policy answers some of those itself).
  const pending = pendingApprovals(snapshot).length;
  let mood: TrayMood = snapshot.lockdown ? 'lockdown' : pending > 0 ? 'attention' : 'calm';
  for (const session of live) {
    const candidate = MOOD_OF[session.state];
    if (RANK.indexOf(candidate) < RANK.indexOf(mood)) mood = candidate;
  }
  const working = live.filter((s) => s.state === 'working' || s.state === 'starting').length;
  const parts = [
    `${live.length} agent${live.length === 1 ? '' : 's'}`,
    `${working} working`,
    `${pending} waiting for you`,
  ];
  if (snapshot.lockdown) parts.unshift('LOCKDOWN');
  if (!snapshot.groundTruth.agreed) parts.push('registry and terminals disagree');
  for (const bridge of snapshot.bridges) if (bridge.state === 'down') parts.push(`${bridge.id} down`);
  return {
    mood,
    pending,
    title: pending > 0 ? String(pending) : '',
    tooltip: `Tower — ${parts.join(' · ')}`,
  };
}
