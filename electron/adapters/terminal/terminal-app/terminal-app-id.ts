/**
 * Terminal ids for Terminal.app tabs: `terminal-app|<window id>|<tty>|<leader pid>`.
 *
 * A tty is reused by a later tab once its tab closes, so the id also carries the window id and the
 * pid of the tty's session leader (the `login` Terminal started, or the shell): a new tab on the
 * same tty in the same window has a new leader, hence a new id. Every use re-checks all three.
 */
import type { TabAddress } from './terminal-app-argv';

/** A parsed Terminal.app terminal id. */
export interface TerminalAppId extends TabAddress {
  readonly leaderPid: number;
}

const PREFIX = 'terminal-app';

/** Formats an id. */
export function formatTerminalAppId(id: TerminalAppId): string {
  return [PREFIX, String(id.windowId), id.tty.replace(/^\/dev\//u, ''), String(id.leaderPid)].join('|');
}

/** Parses an id Tower issued; throws for anything else. */
export function parseTerminalAppId(text: string): TerminalAppId {
  const match = /^terminal-app\|([0-9]{1,12})\|(tty[A-Za-z0-9]+)\|([1-9][0-9]{0,9})$/u.exec(text);
  if (!match?.[1] || !match[2] || !match[3])
    throw new Error(`not a Terminal.app terminal id: ${JSON.stringify(text)}`);
  return { windowId: Number(match[1]), tty: `/dev/${match[2]}`, leaderPid: Number(match[3]) };
}
