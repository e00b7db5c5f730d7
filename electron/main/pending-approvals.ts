/**
 * The approvals that wait for the owner, joined to their live sessions: what the tray counts and
 * what native notifications and dialogs are about.
 */
import type { ApprovalView, SessionView, Snapshot } from '../contract/dto';

/** An approval still waiting, with its session. */
export interface PendingApproval {
  readonly approval: ApprovalView;
  readonly session: SessionView;
}

/** Pending and being-answered approvals whose session is live, oldest first. */
export function pendingApprovals(snapshot: Snapshot): PendingApproval[] {
  const sessions = new Map(snapshot.sessions.filter((s) => !s.gone).map((s) => [s.id, s]));
  return snapshot.approvals
    .filter((a) => a.status === 'pending' || a.status === 'answering')
    .sort((a, b) => a.createdAt - b.createdAt)
    .flatMap((approval) => {
      const session = sessions.get(approval.session);
      return session ? [{ approval, session }] : [];
    });
}
