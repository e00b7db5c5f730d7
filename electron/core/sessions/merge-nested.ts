/**
 * One agent, one session: an agent running inside tmux inside a Terminal.app (or iTerm2) tab shows
 * up twice — as the tmux pane and as the tab whose tty the tmux client runs on. The tmux pane is
 * the better session (exact keys, control-mode activity), so the tab is hidden and marked as
 * hosting it. Pure.
 */
import type { ProcessFact } from '../ports';

/** A terminal tab of a host provider (Terminal.app, iTerm2). */
export interface HostTab {
  readonly id: string;
  /** The tab's tty (`/dev/ttys003`), when known. */
  readonly tty: string | null;
  readonly processes: readonly ProcessFact[];
}

/** A tmux client: the terminal (tty) it draws in, and the tmux session it shows. */
export interface TmuxClient {
  readonly tty: string;
  readonly session: string;
}

/** The merge's answer: tabs to hide and what each of them hosts. */
export interface NestedMerge {
  readonly hidden: ReadonlySet<string>;
  /** Host tab id → tmux sessions it shows (empty when only the process rule matched). */
  readonly hosting: ReadonlyMap<string, readonly string[]>;
}

/** What the merge knows about tmux right now. */
export interface TmuxView {
  /** Whether Tower's tmux provider is listing panes; if not, hiding a tab would lose the agent. */
  readonly available: boolean;
  /** `tmux list-clients` on every server, or null when it could not be asked. */
  readonly clients: readonly TmuxClient[] | null;
}

const isTmuxClient = (p: ProcessFact): boolean => /(?:^|\/)tmux$/u.test(p.command);

/**
 * Decides which host tabs are really tmux clients. With the client list, a tab hosts tmux exactly
 * when a client's tty is the tab's tty. Without it, a tmux process on the tab's tty (a client:
 * the server has no tty) is the sign.
 */
export function mergeNested(tabs: readonly HostTab[], tmux: TmuxView): NestedMerge {
  const hidden = new Set<string>();
  const hosting = new Map<string, readonly string[]>();
  if (!tmux.available) return { hidden, hosting };
  for (const tab of tabs) {
    if (tmux.clients) {
      const sessions = tmux.clients
        .filter((c) => tab.tty !== null && c.tty === tab.tty)
        .map((c) => c.session);
      if (sessions.length > 0) {
        hidden.add(tab.id);
        hosting.set(tab.id, [...new Set(sessions)]);
      }
    } else if (tab.processes.some(isTmuxClient)) {
      hidden.add(tab.id);
      hosting.set(tab.id, []);
    }
  }
  return { hidden, hosting };
}
