/**
 * Parser for tmux control-mode output (`tmux -C`): turns lines into the few events Tower needs.
 *
 * Lines between `%begin` and `%end`/`%error` are command replies and are never read as
 * notifications; `%output` data is octal-escaped by tmux, so a pane cannot forge a line.
 */

/** What a control-mode line means to Tower. */
export type ControlEvent =
  /** A pane wrote output (`%output`, `%extended-output`) or changed mode (`%pane-mode-changed`). */
  | { readonly kind: 'pane'; readonly paneId: string }
  /** Panes or windows appeared, closed or were resized: the pane list should be re-read. */
  | { readonly kind: 'layout' }
  /** Sessions were created or destroyed on the server. */
  | { readonly kind: 'sessions' }
  /** This client is now attached to another session. */
  | { readonly kind: 'session'; readonly sessionId: string }
  /** The client is detaching (`%exit`), e.g. its session was destroyed or the server is going. */
  | { readonly kind: 'exit' };

const PANE_EVENTS = new Set(['%output', '%extended-output', '%pane-mode-changed']);
const LAYOUT_EVENTS = new Set([
  '%window-add',
  '%window-close',
  '%unlinked-window-add',
  '%unlinked-window-close',
  '%layout-change',
  '%window-pane-changed',
  '%session-window-changed',
]);

/** Stateful line parser for one control-mode client's stdout. */
export class ControlModeParser {
  private buffer = '';
  private inReply = false;

  /** Feeds a chunk of stdout; returns the events of every complete line in it. */
  feed(chunk: string): ControlEvent[] {
    this.buffer += chunk;
    const events: ControlEvent[] = [];
    let newline = this.buffer.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      const event = this.line(line);
      if (event) events.push(event);
      newline = this.buffer.indexOf('\n');
    }
    return events;
  }

  /** Interprets one complete line. */
  line(line: string): ControlEvent | null {
    const [word = '', arg = ''] = line.split(' ', 2);
    if (this.inReply) {
      if (word === '%end' || word === '%error') this.inReply = false;
      return null;
    }
    if (word === '%begin') {
      this.inReply = true;
      return null;
    }
    if (PANE_EVENTS.has(word)) return /^%[0-9]+$/.test(arg) ? { kind: 'pane', paneId: arg } : null;
    if (LAYOUT_EVENTS.has(word)) return { kind: 'layout' };
    if (word === '%sessions-changed') return { kind: 'sessions' };
    if (word === '%session-changed')
      return /^\$[0-9]+$/.test(arg) ? { kind: 'session', sessionId: arg } : null;
    if (word === '%exit') return { kind: 'exit' };
    return null;
  }
}
