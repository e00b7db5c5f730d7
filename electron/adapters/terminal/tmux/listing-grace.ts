/**
 * What to list for a tmux server whose `list-panes` failed. A server that is not running has no
 * panes. A running one that answers with an error or not in time (busy right after a restart, under
 * load) still has its panes: listing none would make Tower think they closed, end their sessions and
 * withdraw an approval the owner is about to give. So its last listing stands in, for a while.
 */
import type { PaneRecord } from './pane-format';
import { TmuxError } from './tmux-runner';

/** How long a server that keeps failing is still listed with its last panes. */
export const LISTING_GRACE_MS = 30_000;

/** Remembers each server's last good listing. */
export class ListingGrace {
  private readonly last = new Map<string, { readonly records: PaneRecord[]; readonly at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A good listing of `socket`. */
  listed(socket: string, records: PaneRecord[]): PaneRecord[] {
    this.last.set(socket, { records, at: this.now() });
    return records;
  }

  /** The panes to report for `socket` after `error`; rethrows a missing tmux binary. */
  failed(socket: string, error: unknown): PaneRecord[] {
    // A missing binary is everyone's problem; one stale or broken server is not.
    if (error instanceof TmuxError && error.code === 'not-installed') throw error;
    const last = this.last.get(socket);
    const serverGone = error instanceof TmuxError && error.code === 'no-server';
    if (!last || serverGone || this.now() - last.at > LISTING_GRACE_MS) {
      this.last.delete(socket);
      return [];
    }
    return last.records;
  }

  /** Forgets servers that are no longer watched (their socket went away). */
  keepOnly(sockets: readonly string[]): void {
    for (const socket of this.last.keys()) if (!sockets.includes(socket)) this.last.delete(socket);
  }
}
