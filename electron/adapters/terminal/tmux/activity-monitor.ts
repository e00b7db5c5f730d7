/**
 * Watches tmux servers for activity without polling screens: one control-mode client per session
 * reports `%output`; structural changes (panes added, closed, died, servers restarted) are found by
 * diffing a cheap `list-panes` on control-mode notifications and on a slow periodic reconcile,
 * which also reconnects to servers that restarted or appeared. Notifications are throttled per pane.
 */
import { ActivityThrottle } from '../activity-throttle';
import { ControlClient } from './control-client';
import type { ControlEvent } from './control-mode-parser';
import { FIELD_SEPARATOR } from './tmux-argv';
import type { TmuxServerIdentity } from './tmux-id';
import { encodeTmuxId, sameServer } from './tmux-id';
import type { TmuxRunner } from './tmux-runner';
import { nudgeServerToReap } from './server-nudge';

/** Options of the monitor. */
export interface ActivityMonitorOptions {
  readonly runner: TmuxRunner;
  /** The sockets to watch right now (re-read on every reconcile). */
  readonly sockets: () => Promise<readonly string[]>;
  /** Called with a terminal id (throttled per id). */
  readonly emit: (id: string) => void;
  readonly throttleMs: number;
  readonly reconcileMs: number;
  /**
   * Told at once (unthrottled) that a pane may have changed, or with null that any pane may have
   * (a client attached or closed, a layout changed): what the screen cache invalidates on.
   */
  readonly changed?: (id: string | null) => void;
}

const STATE_FIELDS = [
  'pid',
  'start_time',
  'session_id',
  'pane_id',
  'pane_dead',
  'pane_dead_status',
  'pane_dead_signal',
];
const STATE_FORMAT = [...STATE_FIELDS, 'pane_in_mode'].map((field) => `#{${field}}`).join(FIELD_SEPARATOR);

interface ServerState {
  identity: TmuxServerIdentity | null;
  readonly clients: Set<ControlClient>;
  /** pane id → its dead/mode flags, as last seen. */
  panes: Map<string, string>;
  /** pane id → the session it belongs to, as last seen. */
  paneSessions: Map<string, string>;
  running: boolean;
  again: boolean;
}

/** Runs control-mode clients for every watched server and turns what they say into terminal ids. */
export class TmuxActivityMonitor {
  private readonly servers = new Map<string, ServerState>();
  private readonly throttle: ActivityThrottle;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** When a client was last started per `socket|session`, so a client that dies at once is not respawned in a loop. */
  private readonly attempts = new Map<string, number>();
  private stopped = false;

  constructor(private readonly options: ActivityMonitorOptions) {
    this.throttle = new ActivityThrottle(options.throttleMs, options.emit);
  }

  /** Starts watching; resolves after the first reconcile. */
  async start(): Promise<void> {
    this.timer = setInterval(() => void this.reconcileAll(), this.options.reconcileMs);
    this.timer.unref();
    await this.reconcileAll();
  }

  /**
   * Whether every output of the pane reaches this monitor right now: its server is the one the id
   * names and a control client is attached to the pane's session.
   */
  watching(socket: string, identity: TmuxServerIdentity, paneId: string): boolean {
    const state = this.servers.get(socket);
    if (this.stopped || !state?.identity || !sameServer(state.identity, identity)) return false;
    const sessionId = state.paneSessions.get(paneId);
    if (sessionId === undefined) return false;
    for (const client of state.clients) if (client.isAttached && client.sessionId === sessionId) return true;
    return false;
  }

  /** Stops every client and timer. */
  dispose(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.throttle.clear();
    for (const state of this.servers.values()) for (const client of state.clients) client.close();
    this.servers.clear();
  }

  private async reconcileAll(): Promise<void> {
    const sockets = await this.options.sockets().catch(() => [] as string[]);
    const all = new Set([...sockets, ...this.servers.keys()]);
    await Promise.all([...all].map((socket) => this.reconcile(socket)));
  }

  private state(socket: string): ServerState {
    let state = this.servers.get(socket);
    if (!state) {
      state = {
        identity: null,
        clients: new Set(),
        panes: new Map(),
        paneSessions: new Map(),
        running: false,
        again: false,
      };
      this.servers.set(socket, state);
    }
    return state;
  }

  /** Re-reads one server's panes and sessions; at most one run per server at a time. */
  private async reconcile(socket: string): Promise<void> {
    const state = this.state(socket);
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    try {
      do {
        state.again = false;
        await this.reconcileOnce(socket, state);
      } while (state.again && !this.stopped);
    } finally {
      state.running = false;
    }
  }

  private async reconcileOnce(socket: string, state: ServerState): Promise<void> {
    const stdout = await this.options.runner
      .run(socket, ['list-panes', '-a', '-F', STATE_FORMAT])
      .catch(() => null);
    if (this.stopped) return;
    const rows = (stdout ?? '')
      .split('\n')
      .map((line) => line.split(FIELD_SEPARATOR))
      .filter((row) => row.length === STATE_FIELDS.length + 1);
    const first = rows[0];
    const identity = first ? { serverPid: Number(first[0]), serverStart: Number(first[1]) } : null;
    if (state.identity && (!identity || !sameServer(state.identity, identity))) {
      // The server stopped or was replaced: its panes are gone, its clients are stale.
      for (const paneId of state.panes.keys()) this.touch(socket, state.identity, paneId);
      for (const client of state.clients) client.close();
      state.clients.clear();
      state.panes = new Map();
    }
    state.identity = identity;
    if (!identity) {
      if (stdout === null) this.servers.delete(socket);
      return;
    }
    const panes = new Map<string, string>();
    const paneSessions = new Map<string, string>();
    const sessions = new Set<string>();
    let exitPending = false;
    for (const [, , sessionId = '', paneId = '', dead = '', status = '', signal = '', mode = ''] of rows) {
      sessions.add(sessionId);
      panes.set(paneId, [dead, status, signal, mode].join(','));
      paneSessions.set(paneId, sessionId);
      if (dead === '1' && status === '' && signal === '') exitPending = true;
    }
    // An exit tmux has not reaped yet: nudge it; the next reconcile sees the status and notifies.
    if (exitPending) nudgeServerToReap(identity.serverPid);
    for (const [paneId, flags] of panes)
      if (state.panes.get(paneId) !== flags) this.touch(socket, identity, paneId);
    for (const paneId of state.panes.keys()) if (!panes.has(paneId)) this.touch(socket, identity, paneId);
    state.panes = panes;
    state.paneSessions = paneSessions;
    this.attachSessions(socket, state, sessions);
  }

  private attachSessions(socket: string, state: ServerState, sessions: ReadonlySet<string>): void {
    const covered = new Set<string>();
    for (const client of state.clients) {
      if (client.isClosed || !sessions.has(client.sessionId) || covered.has(client.sessionId)) {
        client.close();
        state.clients.delete(client);
      } else covered.add(client.sessionId);
    }
    for (const sessionId of sessions) {
      if (covered.has(sessionId) || !/^\$[0-9]+$/.test(sessionId)) continue;
      const key = `${socket}|${state.identity?.serverPid}|${sessionId}`;
      const last = this.attempts.get(key);
      if (last !== undefined && Date.now() - last < this.options.reconcileMs) continue;
      if (this.attempts.size > 1_000) this.attempts.clear();
      this.attempts.set(key, Date.now());
      const client = new ControlClient(this.options.runner.binary, socket, sessionId, {
        onEvent: (c, event) => this.onEvent(c, event),
        onClose: (c) => {
          state.clients.delete(c);
          this.options.changed?.(null);
          if (!this.stopped) void this.reconcile(socket);
        },
      });
      state.clients.add(client);
    }
  }

  private onEvent(client: ControlClient, event: ControlEvent): void {
    if (this.stopped) return;
    const state = this.servers.get(client.socket);
    if (!state) return;
    switch (event.kind) {
      case 'pane':
        if (state.identity) this.touch(client.socket, state.identity, event.paneId);
        return;
      case 'session':
      case 'layout':
        // Attached (or moved), or panes resized without output: nothing cached can be trusted.
        this.options.changed?.(null);
        void this.reconcile(client.socket);
        return;
      case 'sessions':
      case 'exit':
        void this.reconcile(client.socket);
        return;
    }
  }

  private touch(socket: string, identity: TmuxServerIdentity, paneId: string): void {
    const id = encodeTmuxId({ socket, ...identity, paneId });
    this.options.changed?.(id);
    this.throttle.touch(id);
  }
}
