/**
 * Tower as the owner runs it — real Supervisor, real detector, real tmux and node-pty drivers, the
 * local API server — for the end-to-end tests with the real agents.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TowerApi } from '../../electron/contract/api';
import type { SessionView, Snapshot } from '../../electron/contract/dto';
import { JsonFileStore } from '../../electron/adapters/storage/json-file-store';
import { JsonlAuditSink } from '../../electron/adapters/storage/jsonl-audit-sink';
import { SystemClock } from '../../electron/adapters/system/system-clock';
import { PtyTerminalDriver } from '../../electron/adapters/terminal/pty/pty-terminal-driver';
import { TmuxTerminalDriver } from '../../electron/adapters/terminal/tmux/tmux-terminal-driver';
import type { HookWiring } from '../../electron/core/hooks/launcher';
import type { EscalationConfig } from '../../electron/core/approvals/escalation';
import type { PolicyProvider } from '../../electron/core/policy/types';
import { screenDetector } from '../../electron/core/screen-detector';
import { Supervisor, type SupervisorOptions } from '../../electron/core/supervisor';
import { createHttpClient } from '../../electron/transport/http-client';
import type { HookEndpoint } from '../../electron/transport/hook-route';
import { startApiServer, type ApiServer } from '../../electron/transport/ws-server-transport';

/** A running Tower with its API client and a log of every session view it published. */
export interface TowerUnderTest {
  readonly supervisor: Supervisor;
  readonly api: TowerApi;
  readonly server: ApiServer;
  readonly home: string;
  readonly auditPath: string;
  readonly drivers: { readonly tmux: TmuxTerminalDriver; readonly pty: PtyTerminalDriver };
  /** Every published view of a session, with the wall-clock time it was published. */
  history(sessionId: string): readonly { readonly at: number; readonly view: SessionView }[];
  /** Resolves with the first published view of `sessionId` that satisfies `predicate`. */
  waitFor(
    sessionId: string,
    predicate: (view: SessionView) => boolean,
    timeoutMs?: number,
  ): Promise<SessionView>;
  stop(): Promise<void>;
}

/** Options for {@link startTower}. */
export interface StartTowerOptions {
  /**
   * An existing state directory (LOCKDOWN flag, audit log) to start over, as a restarted Tower
   * would; it is kept on stop. Default: a fresh temp directory, deleted on stop.
   */
  readonly home?: string;
  /** Policy for new prompts (default: none, every prompt waits for the owner). */
  readonly policy?: PolicyProvider;
  /** The approvals' escalation ladder (default: the policy's, else the built-in one). */
  readonly escalation?: EscalationConfig;
  /** Supervisor tunables (e.g. a short `stallAfterMs` for stall tests). */
  readonly options?: Partial<SupervisorOptions>;
  /** Keep every published view for `history`/`waitFor` errors (default true; off for memory figures). */
  readonly recordHistory?: boolean;
  /** Claude Code hooks: per-launch install and terminal matching, and the server's `/hooks/*` route. */
  readonly hooks?: {
    readonly wiring: HookWiring;
    readonly endpoint: (supervisor: Supervisor) => HookEndpoint;
  };
}

/** Starts Tower watching only the given private tmux socket (never the user's servers). */
export async function startTower(
  tmuxSocket: string,
  options: StartTowerOptions = {},
): Promise<TowerUnderTest> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'tower-e2e-home-'));
  const auditPath = join(home, 'audit.jsonl');
  const audit = new JsonlAuditSink(auditPath);
  const tmux = new TmuxTerminalDriver({ sockets: [tmuxSocket], defaultSocket: tmuxSocket });
  const pty = new PtyTerminalDriver();
  const drivers = [tmux, pty];
  const supervisor = new Supervisor({
    drivers,
    detector: screenDetector,
    clock: new SystemClock(),
    audit,
    store: new JsonFileStore(join(home, 'state.json')),
    policy: options.policy,
    options: options.options,
    escalation: options.escalation,
    hooks: options.hooks?.wiring,
  });
  const log = new Map<string, { at: number; view: SessionView }[]>();
  const waiters = new Set<(snapshot: Snapshot) => void>();
  supervisor.on('snapshot', (snapshot) => {
    const at = Date.now();
    for (const view of options.recordHistory === false ? [] : snapshot.sessions) {
      const list = log.get(view.id) ?? [];
      list.push({ at, view });
      log.set(view.id, list);
    }
    for (const waiter of waiters) waiter(snapshot);
  });
  await supervisor.start();
  const server = await startApiServer({
    backend: supervisor,
    port: 0,
    hooks: options.hooks?.endpoint(supervisor),
  });
  const api = createHttpClient({ url: server.url, token: server.token, timeoutMs: 30_000 });

  const waitFor = (sessionId: string, predicate: (view: SessionView) => boolean, timeoutMs = 60_000) =>
    new Promise<SessionView>((resolve, reject) => {
      const check = (snapshot: Snapshot) => {
        const view = snapshot.sessions.find((s) => s.id === sessionId);
        if (view && predicate(view)) {
          cleanup();
          resolve(view);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const last = log.get(sessionId)?.at(-1)?.view;
        reject(new Error(`timed out; last view: ${JSON.stringify(last, null, 1)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      void supervisor.getSnapshot().then(check);
    });

  return {
    supervisor,
    api,
    server,
    home,
    auditPath,
    drivers: { tmux, pty },
    history: (id) => log.get(id) ?? [],
    waitFor,
    stop: async () => {
      supervisor.stop();
      await server.close();
      await Promise.all(drivers.map((d) => d.dispose()));
      await audit.close();
      if (options.home === undefined) rmSync(home, { recursive: true, force: true });
    },
  };
}
