/**
 * The session registry, reconciled against the real terminals on every scan (ground truth).
 *
 * The real list of terminals is the truth: a terminal that vanished is marked gone, one that
 * appeared is adopted. A provider whose listing failed keeps its sessions unconfirmed, which is
 * exactly when "registry says N, terminals say M" disagree.
 */
import type { ProviderId } from '../../contract/dto';
import type { TerminalInfo } from '../ports';
import type { Session } from './session';
import { sessionIdOf } from './session';

/** How long a gone session stays visible before it is forgotten. */
export const GONE_RETENTION_MS = 10 * 60_000;

/** The listing of one provider on one scan: its terminals, or why it could not list them. */
export type ProviderListing =
  | { readonly provider: ProviderId; readonly ok: true; readonly terminals: readonly TerminalInfo[] }
  | { readonly provider: ProviderId; readonly ok: false; readonly error: string };

/** What a reconcile changed. */
export interface ReconcileResult {
  readonly adopted: readonly string[];
  readonly gone: readonly string[];
  readonly terminalCount: number;
}

/** All sessions Tower knows, by id. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private nextNumber = 1;

  /** Every session, oldest first. */
  all(): readonly Session[] {
    return [...this.sessions.values()].sort((a, b) => a.number - b.number);
  }

  /** Sessions whose terminal still exists (or could not be checked). */
  live(): readonly Session[] {
    return this.all().filter((s) => s.goneAt === null);
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** Finds a session by id, by number ("2" or "#2"), or by a unique id prefix. */
  resolve(ref: string): Session | undefined {
    const exact = this.sessions.get(ref);
    if (exact) return exact;
    const num = /^#?(\d+)$/.exec(ref.trim());
    if (num) return this.all().find((s) => s.number === Number(num[1]));
    const byPrefix = this.all().filter((s) => s.id.startsWith(ref));
    return byPrefix.length === 1 ? byPrefix[0] : undefined;
  }

  /** Replaces a session's record (the supervisor derives the new one). */
  update(session: Session): void {
    if (!this.sessions.has(session.id)) throw new Error(`no session ${session.id}`);
    this.sessions.set(session.id, session);
  }

  /** Makes the registry agree with the providers' listings. */
  reconcile(listings: readonly ProviderListing[], now: number): ReconcileResult {
    const adopted: string[] = [];
    const gone: string[] = [];
    let terminalCount = 0;
    for (const listing of listings) {
      if (!listing.ok) continue; // unknown, not gone: we cannot see this provider right now
      const seen = new Set<string>();
      for (const terminal of listing.terminals) {
        terminalCount += 1;
        const id = sessionIdOf(terminal);
        seen.add(id);
        const known = this.sessions.get(id);
        if (known) {
          this.sessions.set(id, { ...known, terminal, lastSeen: now, goneAt: null });
        } else {
          this.sessions.set(id, adopt(id, this.nextNumber++, terminal, now));
          adopted.push(id);
        }
      }
      for (const session of this.sessions.values()) {
        if (session.terminal.provider !== listing.provider || seen.has(session.id)) continue;
        if (session.goneAt === null) {
          this.sessions.set(session.id, {
            ...session,
            goneAt: now,
            state: 'exited',
            stateSince: now,
            prompt: null,
            trouble: null,
            evidence: ['terminal no longer listed by its provider'],
          });
          gone.push(session.id);
        } else if (now - session.goneAt > GONE_RETENTION_MS) {
          this.sessions.delete(session.id);
        }
      }
    }
    return { adopted, gone, terminalCount };
  }
}

function adopt(id: string, number: number, terminal: TerminalInfo, now: number): Session {
  return {
    id,
    number,
    terminal,
    agent: null,
    state: terminal.alive ? 'starting' : 'exited',
    evidence: ['terminal adopted on scan'],
    prompt: null,
    trouble: null,
    tail: [],
    firstSeen: now,
    lastSeen: now,
    stateSince: now,
    goneAt: null,
  };
}
