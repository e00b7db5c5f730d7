/**
 * Which approvals a snapshot shows, in what order, and which ended ones are old enough to drop.
 */
import type { ApprovalView } from '../../contract/dto';
import type { ApprovalRecord } from './records';

/** Pending and answering first (oldest first), then ended ones (latest first). */
export function snapshotOrder(records: readonly ApprovalRecord[]): ApprovalView[] {
  const open = records.filter((r) => r.endedAt === null).sort((a, b) => a.view.createdAt - b.view.createdAt);
  const ended = records.filter((r) => r.endedAt !== null).sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
  return [...open, ...ended].map((r) => r.view);
}

/** Ids of ended approvals older than `keepMs`, or beyond the `max` most recent. */
export function expiredFromView(
  records: readonly ApprovalRecord[],
  now: number,
  keepMs: number,
  max: number,
): string[] {
  return records
    .filter((r) => r.endedAt !== null)
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))
    .filter((r, index) => index >= max || now - (r.endedAt ?? now) > keepMs)
    .map((r) => r.view.id);
}
