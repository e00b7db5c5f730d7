/**
 * Pure views over the approvals in a snapshot: what waits for the owner (queue items first, then any
 * prompt on screen the queue does not hold), what ended and how, in words.
 */
import type { ApprovalView, PromptView, SessionView, Snapshot } from '../../../electron/contract/dto';

/** One prompt waiting for the owner. */
export interface PendingItem {
  readonly key: string;
  readonly session: SessionView;
  readonly prompt: PromptView;
  /** The queue's item, when the approvals queue holds this prompt. */
  readonly approval: ApprovalView | null;
}

const WAITING = new Set<ApprovalView['status']>(['pending', 'answering']);
const KEEP_ENDED = 10;

/** Pending queue items (oldest first), then on-screen prompts the queue does not hold. */
export function pendingItems(snapshot: Snapshot): PendingItem[] {
  const byId = new Map(snapshot.sessions.map((s) => [s.id, s]));
  const known = new Set(snapshot.approvals.map((a) => `${a.session}\u0000${a.fingerprint}`));
  const queued: PendingItem[] = snapshot.approvals
    .filter((a) => WAITING.has(a.status))
    .sort((a, b) => a.createdAt - b.createdAt)
    .flatMap((a) => {
      const session = byId.get(a.session);
      return session && !session.gone ? [{ key: a.id, session, prompt: a.prompt, approval: a }] : [];
    });
  const onScreen: PendingItem[] = snapshot.sessions
    .filter((s) => s.prompt !== null && !s.gone && !known.has(`${s.id}\u0000${s.prompt.fingerprint}`))
    .sort((a, b) => a.stateSince - b.stateSince || a.number - b.number)
    .map((s) => ({
      key: `${s.id}:${s.prompt?.fingerprint}`,
      session: s,
      prompt: s.prompt as PromptView,
      approval: null,
    }));
  return [...queued, ...onScreen];
}

/** Approvals that ended (answered, expired, withdrawn), newest first. */
export function endedApprovals(snapshot: Snapshot): ApprovalView[] {
  return snapshot.approvals
    .filter((a) => !WAITING.has(a.status))
    .sort((a, b) => (b.answer?.at ?? b.createdAt) - (a.answer?.at ?? a.createdAt))
    .slice(0, KEEP_ENDED);
}

const CHOICE = { approve: 'Approved', 'approve-remember': 'Always allowed', deny: 'Denied' } as const;

/** `Approved via tray at 10:02:03 — typed` / `Expired: the prompt left the screen`. */
export function describeEnded(approval: ApprovalView, formatTime: (ms: number) => string): string {
  const answer = approval.answer;
  if (approval.status === 'answered' && answer !== null) {
    const typed = answer.delivered ? 'typed' : 'not typed';
    return `${CHOICE[answer.choice]} via ${answer.channel} at ${formatTime(answer.at)} — ${typed}`;
  }
  const why = approval.endedBecause ?? 'no reason given';
  return `${approval.status === 'expired' ? 'Expired' : 'Withdrawn'}: ${why}`;
}

/** `tray → dialog → telegram`, or null before any step. */
export function escalationPath(approval: ApprovalView): string | null {
  return approval.escalatedTo.length === 0 ? null : approval.escalatedTo.join(' → ');
}
