/**
 * What the approvals queue keeps durably (one value in the `Store`), and how it is read back.
 *
 * Items are the owner's approvals; claims are "this prompt instance is being / was answered", for
 * every answer including policy's. A claim is written before any key is typed and moves to `typed`
 * once the keys left, so a restart can tell "maybe typed" from "typed".
 */
import type { AnswerChoice } from '../../contract/api';
import type { ApprovalView } from '../../contract/dto';

/** An approval as kept: its view plus when it ended (for pruning). */
export interface ApprovalRecord {
  readonly view: ApprovalView;
  readonly endedAt: number | null;
}

/** One answer in progress or done, bound to a prompt instance. */
export interface ClaimRecord {
  readonly session: string;
  readonly fingerprint: string;
  readonly choice: AnswerChoice;
  readonly channel: string;
  readonly at: number;
  /** claimed: written before typing (keys may or may not have left); typed: keys left; done: confirmed or not. */
  readonly phase: 'claimed' | 'typed' | 'done';
}

/** Running totals, kept across restarts. */
export interface ApprovalCounters {
  raised: number;
  answered: number;
  expired: number;
  withdrawn: number;
  escalations: number;
  interrupted: number;
}

/** The whole durable state. */
export interface ApprovalState {
  readonly version: 1;
  readonly nextId: number;
  readonly items: readonly ApprovalRecord[];
  readonly claims: readonly ClaimRecord[];
  readonly counters: ApprovalCounters;
}

export const APPROVALS_KEY = 'approvals';

export function emptyCounters(): ApprovalCounters {
  return { raised: 0, answered: 0, expired: 0, withdrawn: 0, escalations: 0, interrupted: 0 };
}

/** The state file held something that is not an approvals state: Tower must not guess. */
export class CorruptApprovalState extends Error {
  constructor(why: string) {
    super(`the saved approvals are unreadable (${why})`);
    this.name = 'CorruptApprovalState';
  }
}

/** Checks the shape of a stored value (undefined: nothing saved yet). Throws CorruptApprovalState. */
export function parseApprovalState(value: unknown): ApprovalState | null {
  if (value === undefined) return null;
  if (!isObject(value) || value.version !== 1) throw new CorruptApprovalState('unknown format');
  const { nextId, items, claims, counters } = value;
  if (typeof nextId !== 'number' || !Array.isArray(items) || !Array.isArray(claims) || !isObject(counters))
    throw new CorruptApprovalState('missing fields');
  for (const item of items as unknown[]) {
    if (!isObject(item) || !isObject(item.view) || typeof item.view.session !== 'string')
      throw new CorruptApprovalState('bad approval entry');
    if (typeof item.view.fingerprint !== 'string' || !isObject(item.view.prompt))
      throw new CorruptApprovalState('bad approval entry');
  }
  for (const claim of claims as unknown[]) {
    if (!isObject(claim) || typeof claim.session !== 'string' || typeof claim.fingerprint !== 'string')
      throw new CorruptApprovalState('bad claim entry');
    if (claim.phase !== 'claimed' && claim.phase !== 'typed' && claim.phase !== 'done')
      throw new CorruptApprovalState('bad claim entry');
  }
  return {
    version: 1,
    nextId,
    items: items as ApprovalRecord[],
    claims: claims as ClaimRecord[],
    counters: { ...emptyCounters(), ...(counters as Partial<ApprovalCounters>) },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
