/**
 * After a restart: saved approvals and claims against what the first scan shows. Pure.
 *
 * | saved                              | same prompt still showing            | prompt gone                 |
 * |------------------------------------|--------------------------------------|-----------------------------|
 * | pending item                       | pending again (ladder climbs on)     | withdrawn                   |
 * | claim `typed`/`done` (+ item)      | claim kept: a retry is refused       | answered; claim dropped     |
 * | claim `claimed` (caught mid-answer)| pending with a note, never retyped   | answered (keys presumably   |
 * |                                    | on its own; a policy claim gets one  | arrived); claim dropped     |
 */
import type { ApprovalView } from '../../contract/dto';
import type { Session } from '../sessions/session';
import type { ApprovalRecord, ClaimRecord } from './records';
import { answeredPhrase } from './messages';

/** What rebinding starts from. */
export interface RebindInput {
  readonly items: readonly ApprovalRecord[];
  readonly claims: readonly ClaimRecord[];
  /** Live sessions by id, as the first scan found them. */
  readonly showing: ReadonlyMap<string, Session>;
  readonly now: number;
  readonly expireAfterMs: number;
  readonly newId: () => string;
}

/** The rebound state and what to audit about it. */
export interface RebindResult {
  readonly items: ApprovalRecord[];
  readonly claims: ClaimRecord[];
  /** Answers caught between their claim and their keys. */
  readonly interrupted: number;
  readonly audit: { kind: string; session: string; detail: Record<string, unknown> }[];
}

/** Rebinds saved approvals and claims to the screens. */
export function rebindAfterRestart(input: RebindInput): RebindResult {
  const { showing, now } = input;
  const shows = (session: string, fingerprint: string) =>
    showing.get(session)?.prompt?.fingerprint === fingerprint;
  const items = new Map(input.items.map((r) => [r.view.id, r]));
  const itemFor = (session: string, fingerprint: string) =>
    [...items.values()]
      .filter((r) => r.view.session === session && r.view.fingerprint === fingerprint)
      .sort((a, b) => b.view.createdAt - a.view.createdAt)[0];
  const claims: ClaimRecord[] = [];
  const audit: RebindResult['audit'] = [];
  const put = (record: ApprovalRecord, patch: Partial<ApprovalView>, ended: boolean) =>
    items.set(record.view.id, {
      view: { ...record.view, ...patch },
      endedAt: ended ? (record.endedAt ?? now) : null,
    });
  let interrupted = 0;

  for (const claim of input.claims) {
    const item = itemFor(claim.session, claim.fingerprint);
    const open = item !== undefined && item.endedAt === null;
    const still = shows(claim.session, claim.fingerprint);
    const answer = { choice: claim.choice, channel: claim.channel, at: claim.at };
    if (claim.phase !== 'claimed') {
      if (still) claims.push({ ...claim, phase: 'done' });
      if (open) put(item, { status: 'answered', answer: { ...answer, delivered: true } }, true);
      continue;
    }
    interrupted += 1;
    if (!still) {
      if (open) {
        const note = 'Tower restarted while typing this answer; the prompt was gone afterwards';
        put(item, { status: 'answered', answer: { ...answer, delivered: true }, note }, true);
      }
      audit.push({
        kind: 'answer-interrupted',
        session: claim.session,
        detail: { ...answer, fingerprint: claim.fingerprint, outcome: 'prompt gone' },
      });
      continue;
    }
    const note = `Tower restarted while typing "${answeredPhrase(answer)}"; the keys may not have reached the agent. Check the terminal before answering again.`;
    audit.push({
      kind: 'answer-interrupted',
      session: claim.session,
      detail: { ...answer, fingerprint: claim.fingerprint, outcome: 'pending again' },
    });
    if (open) {
      put(item, { status: 'pending', answer: null, note }, false);
      continue;
    }
    const session = showing.get(claim.session);
    if (!session?.prompt) continue;
    const id = input.newId();
    items.set(id, {
      view: {
        id,
        session: session.id,
        sessionNumber: session.number,
        agent: session.agent?.kind ?? null,
        fingerprint: claim.fingerprint,
        prompt: session.prompt,
        reason: `an answer by ${claim.channel} was interrupted by a restart`,
        status: 'pending',
        createdAt: now,
        expiresAt: now + input.expireAfterMs,
        escalatedTo: [],
        answer: null,
        endedBecause: null,
        note,
      },
      endedAt: null,
    });
    audit.push({
      kind: 'approval-raised',
      session: session.id,
      detail: { approval: id, fingerprint: claim.fingerprint, reason: 'interrupted answer', note },
    });
  }

  const claimed = new Set(input.claims.map((c) => `${c.session}\u0000${c.fingerprint}`));
  for (const record of [...items.values()]) {
    const { view } = record;
    if (record.endedAt !== null || claimed.has(`${view.session}\u0000${view.fingerprint}`)) continue;
    if (view.status === 'answering') {
      // An answer without its claim: only a claim released after the keys went can leave this.
      put(record, { status: 'answered' }, true);
    } else if (!shows(view.session, view.fingerprint)) {
      put(
        record,
        { status: 'withdrawn', endedBecause: 'the prompt left the screen while Tower was not running' },
        true,
      );
      audit.push({
        kind: 'approval-withdrawn',
        session: view.session,
        detail: { approval: view.id, because: 'gone after restart' },
      });
    } else {
      put(record, { sessionNumber: showing.get(view.session)?.number ?? view.sessionNumber }, false);
      audit.push({
        kind: 'approval-restored',
        session: view.session,
        detail: { approval: view.id, fingerprint: view.fingerprint },
      });
    }
  }
  return { items: [...items.values()], claims, interrupted, audit };
}
