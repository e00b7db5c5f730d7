/**
 * `TmuxTerminalDriver`: the tmux provider of terminals. Lists every pane of the watched servers,
 * reads rendered screens, types through `send-keys` (keys by name, text literally), opens sessions
 * running an argv, and reports activity from tmux control mode.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ScreenCapture, TerminalDriver, TerminalInfo, TypedInput, OpenSpec } from '../../../core/ports';
import { assertKey, assertPrintable } from '../key-encoding';
import { TmuxActivityMonitor } from './activity-monitor';
import type { PaneRecord } from './pane-format';
import { PANE_FORMAT, SCREEN_FORMAT, parsePaneList, parsePaneRecord } from './pane-format';
import { chunkText, newSessionArgv, sendKeysArgv, sendTextArgv } from './tmux-argv';
import type { TmuxPaneRef } from './tmux-id';
import { encodeTmuxId, parseTmuxId, sameServer } from './tmux-id';
import { TmuxError, TmuxRunner } from './tmux-runner';
import { canonicalSocket, discoverSockets, resolveSocket, tmuxSocketDir } from './tmux-sockets';
import { CaptureBatcher } from './capture-batch';
import { ScreenCache } from './screen-cache';
import { ListingGrace } from './listing-grace';
import { nudgeServerToReap } from './server-nudge';
import type { ProcessRow } from '../process-table';
import { readProcessTable } from '../process-table';
import type { TtyIndex } from './tty-processes';
import { indexByTty, processesOn } from './tty-processes';

// Not valid Unicode: it cannot be encoded to UTF-8 as-is, so it could not arrive byte for byte.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Options of {@link TmuxTerminalDriver}. */
export interface TmuxTerminalDriverOptions {
  /**
   * Servers to watch: socket names (as `tmux -L name`) or absolute socket paths (`-S`).
   * Default: every socket in `${TMUX_TMPDIR:-/tmp}/tmux-<uid>/`.
   */
  readonly sockets?: readonly string[];
  /** The server `open()` uses (created if not running). Default: the first of `sockets`, else `default`. */
  readonly defaultSocket?: string;
  /** The tmux binary. Default: `tmux` on PATH. */
  readonly tmuxPath?: string;
  /** Config file for a server that `open()` starts (`tmux -f`); default: tmux's own lookup. */
  readonly configFile?: string;
  /** At most one activity notification per pane per this many ms (trailing edge kept). Default 50. */
  readonly throttleMs?: number;
  /** How often to re-check servers for restarts, new sessions and dead panes, in ms. Default 1000. */
  readonly reconcileMs?: number;
  /**
   * Longest a pane's capture is served again while tmux reports no change to it (the periodic
   * scan's safety-net reads), in ms. Default 10000; 0 always re-reads.
   */
  readonly screenMaxAgeMs?: number;
  /** Reads the process table (default: /proc on Linux, `ps` elsewhere); one read per listing. */
  readonly readProcesses?: () => Promise<ProcessRow[]>;
}

/** The tmux `TerminalDriver`. */
export class TmuxTerminalDriver implements TerminalDriver {
  readonly provider = 'tmux' as const;
  private readonly runner: TmuxRunner;
  private readonly listeners = new Set<(id: string) => void>();
  private monitor: TmuxActivityMonitor | null = null;
  private readonly locks = new Map<string, Promise<void>>();
  private readonly cache: ScreenCache;
  private readonly grace = new ListingGrace();
  private readonly batcher = new CaptureBatcher({
    run: (socket, args) => this.runner.run(socket, args),
    single: (ref) => this.captureOne(ref),
    build: (ref, header, body) => this.screenOf(ref, header, body),
    format: SCREEN_FORMAT,
  });

  constructor(private readonly options: TmuxTerminalDriverOptions = {}) {
    this.runner = new TmuxRunner({ binary: options.tmuxPath ?? 'tmux' });
    this.cache = new ScreenCache(options.screenMaxAgeMs ?? 10_000);
  }

  /** {@inheritDoc TerminalDriver.availability} */
  async availability(): Promise<{ readonly available: boolean; readonly reason: string | null }> {
    try {
      const tooOld = tmuxTooOld(await this.runner.run(null, ['-V']));
      return tooOld === null ? { available: true, reason: null } : { available: false, reason: tooOld };
    } catch (error) {
      return { available: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The sockets watched right now, canonical paths. */
  async sockets(): Promise<string[]> {
    const dir = tmuxSocketDir();
    const paths = this.options.sockets
      ? this.options.sockets.map((socket) => resolveSocket(socket, dir))
      : await discoverSockets(dir);
    return [...new Set(await Promise.all(paths.map(canonicalSocket)))];
  }

  /** {@inheritDoc TerminalDriver.list} */
  async list(): Promise<readonly TerminalInfo[]> {
    const sockets = await this.sockets();
    this.grace.keepOnly(sockets);
    const perServer = await Promise.all(
      sockets.map(async (socket) => {
        const records = await this.listServer(socket).then(
          (listed) => this.grace.listed(socket, listed),
          (error: unknown) => this.grace.failed(socket, error),
        );
        return records.map((record) => ({ socket, record }));
      }),
    );
    const panes = perServer.flat();
    this.cache.noteListing(
      new Map(panes.map(({ socket, record }) => [encodeTmuxId({ socket, ...record }), record])),
    );
    // One process table for every pane; if it cannot be read, processes are unknown, not fatal.
    const anyLive = panes.some(({ record }) => record.tty !== null && !record.dead);
    const table = anyLive ? await this.readProcesses().catch(() => []) : [];
    const index = indexByTty(table);
    return panes.map(({ socket, record }) => this.info(socket, record, index));
  }

  private readProcesses(): Promise<ProcessRow[]> {
    return (this.options.readProcesses ?? readProcessTable)();
  }

  private async listServer(socket: string): Promise<PaneRecord[]> {
    const records = parsePaneList(await this.runner.run(socket, ['list-panes', '-a', '-F', PANE_FORMAT]));
    const pending = records.find((record) => record.exitPending);
    if (!pending) return records;
    // A pane whose exit tmux missed (server-nudge.ts): make it reap, then read again once.
    nudgeServerToReap(pending.serverPid);
    await new Promise((resolve) => setTimeout(resolve, 20));
    return parsePaneList(await this.runner.run(socket, ['list-panes', '-a', '-F', PANE_FORMAT]));
  }

  /** {@inheritDoc TerminalDriver.readScreen} */
  async readScreen(id: string, options?: { readonly unchangedOk?: boolean }): Promise<ScreenCapture> {
    const ref = parseTmuxId(id);
    const watched = this.monitor?.watching(ref.socket, ref, ref.paneId) ?? false;
    const cached = options?.unchangedOk ? this.cache.get(id, watched) : null;
    if (cached) return cached;
    const tick = this.cache.begin();
    const screen = await this.capture(ref);
    this.cache.store(id, screen, tick, watched);
    return screen;
  }

  private capture(ref: TmuxPaneRef): Promise<ScreenCapture> {
    return this.batcher.capture(ref);
  }

  /** One pane's screen in its own tmux call (also the batch's fallback). */
  private async captureOne(ref: TmuxPaneRef): Promise<ScreenCapture> {
    const stdout = await this.runPane(ref, [
      ...['display-message', '-p', '-t', ref.paneId, SCREEN_FORMAT],
      ...[';', 'capture-pane', '-p', '-t', ref.paneId],
    ]);
    const newline = stdout.indexOf('\n');
    return this.screenOf(ref, stdout.slice(0, newline), stdout.slice(newline + 1));
  }

  /** A capture from the pane's SCREEN_FORMAT line and its `capture-pane` text; refuses a stale id. */
  private screenOf(ref: TmuxPaneRef, header: string, body: string): ScreenCapture {
    const record = this.checkIdentity(ref, parsePaneRecord(header));
    if (record.exitPending) nudgeServerToReap(record.serverPid);
    const lines = body.split('\n').slice(0, record.rows);
    while (lines.length < record.rows) lines.push('');
    return {
      lines,
      cols: record.cols,
      rows: record.rows,
      cursor: record.cursor,
      title: record.programTitle,
      inMode: record.inMode,
      exited: record.dead,
    };
  }

  /** {@inheritDoc TerminalDriver.type} */
  async type(id: string, input: TypedInput): Promise<void> {
    // Validate everything before touching tmux: a bad key or character types nothing at all.
    if (input.kind === 'keys') {
      for (const key of input.keys) assertKey(key);
    } else {
      assertPrintable(input.text);
      if (LONE_SURROGATE.test(input.text))
        throw new Error('text contains a lone surrogate: it is not valid Unicode');
    }
    const ref = parseTmuxId(id);
    await this.exclusive(id, async () => {
      const record = await this.verify(ref);
      if (record.dead) throw new TmuxError('refused', `terminal ${id} has exited; nothing typed`);
      if (record.inMode) throw new TmuxError('refused', `terminal ${id} is in copy-mode; nothing typed`);
      if (record.synchronized) {
        throw new TmuxError(
          'refused',
          `terminal ${id} has synchronize-panes on: keys would reach other panes; nothing typed`,
        );
      }
      if (input.kind === 'keys') {
        if (input.keys.length > 0) await this.runPane(ref, sendKeysArgv(ref.paneId, input.keys));
        return;
      }
      for (const chunk of chunkText(input.text)) await this.runPane(ref, sendTextArgv(ref.paneId, chunk));
    });
  }

  /** {@inheritDoc TerminalDriver.open} */
  async open(spec: OpenSpec): Promise<TerminalInfo> {
    // An old tmux would start the agent and then fail on the pane option: an agent running unseen.
    const { available, reason } = await this.availability();
    if (!available) throw new Error(reason ?? 'tmux is not available');
    if (spec.cwd !== undefined) {
      const dir = await stat(spec.cwd).catch(() => null);
      if (!dir?.isDirectory()) throw new Error(`open: cwd is not a directory: ${spec.cwd}`);
    }
    const sockets = this.options.sockets ?? [];
    const resolved = resolveSocket(this.options.defaultSocket ?? sockets[0] ?? 'default');
    // tmux -S does not create its directory (tmux-<uid>, 0700): on a machine where no tmux server ran
    // since boot it prints an error, exits 0, and the new pane would be an empty record.
    await mkdir(dirname(resolved), { recursive: true, mode: 0o700 });
    const socket = await canonicalSocket(resolved);
    const session = `tower-${randomBytes(6).toString('hex')}`;
    const flags = this.options.configFile ? ['-f', this.options.configFile] : [];
    const stdout = await this.runner.run(socket, newSessionArgv(spec, session, SCREEN_FORMAT), flags);
    const created = parsePaneRecord(stdout.split('\n')[0] ?? '');
    const listed = await this.runner.run(socket, [
      'display-message',
      '-p',
      '-t',
      created.paneId,
      PANE_FORMAT,
    ]);
    const index = indexByTty(await this.readProcesses().catch(() => []));
    return this.info(socket, parsePaneRecord(listed.replace(/\n$/, '')), index);
  }

  /** {@inheritDoc TerminalDriver.close} */
  async close(id: string): Promise<void> {
    const ref = parseTmuxId(id);
    await this.exclusive(id, async () => {
      await this.verify(ref);
      await this.runPane(ref, ['kill-pane', '-t', ref.paneId]);
    });
  }

  /** Selects the pane and its window, so an attached client shows it (types nothing). */
  async focus(id: string): Promise<void> {
    const ref = parseTmuxId(id);
    await this.exclusive(id, async () => {
      await this.verify(ref);
      await this.runPane(ref, ['select-window', '-t', ref.paneId]);
      await this.runPane(ref, ['select-pane', '-t', ref.paneId]);
    });
  }

  /** {@inheritDoc TerminalDriver.onActivity} */
  onActivity(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    if (!this.monitor) {
      this.monitor = new TmuxActivityMonitor({
        runner: this.runner,
        sockets: () => this.sockets(),
        emit: (id) => {
          for (const l of [...this.listeners]) l(id);
        },
        changed: (id) => this.cache.changed(id),
        throttleMs: this.options.throttleMs ?? 50,
        reconcileMs: this.options.reconcileMs ?? 1_000,
      });
      void this.monitor.start();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopMonitor();
    };
  }

  /** {@inheritDoc TerminalDriver.dispose} */
  dispose(): Promise<void> {
    this.listeners.clear();
    this.stopMonitor();
    return Promise.resolve();
  }

  private stopMonitor(): void {
    this.monitor?.dispose();
    this.monitor = null;
  }

  private info(socket: string, record: PaneRecord, index: TtyIndex): TerminalInfo {
    return {
      provider: 'tmux',
      id: encodeTmuxId({ socket, ...record }),
      title: record.title,
      pid: record.panePid,
      alive: !record.dead,
      exitCode: record.exitCode,
      cwd: record.cwd,
      currentCommand: record.currentCommand,
      processes: record.tty && !record.dead ? processesOn(index, record.tty) : [],
      cols: record.cols,
      rows: record.rows,
    };
  }

  /** Runs a command on the pane's server, reporting a vanished server or pane against the id. */
  private async runPane(ref: TmuxPaneRef, args: readonly string[]): Promise<string> {
    try {
      return await this.runner.run(ref.socket, args);
    } catch (error) {
      if (error instanceof TmuxError && (error.code === 'no-server' || error.code === 'pane-gone')) {
        throw new TmuxError(error.code, `terminal ${encodeTmuxId(ref)} is gone: ${error.message}`);
      }
      throw error;
    }
  }

  /** Re-reads the pane right before acting and refuses if it belongs to another server instance. */
  private async verify(ref: TmuxPaneRef): Promise<PaneRecord> {
    const stdout = await this.runPane(ref, ['display-message', '-p', '-t', ref.paneId, SCREEN_FORMAT]);
    return this.checkIdentity(ref, parsePaneRecord(stdout.replace(/\n$/, '')));
  }

  private checkIdentity(ref: TmuxPaneRef, record: PaneRecord): PaneRecord {
    if (!sameServer(ref, record) || record.paneId !== ref.paneId) {
      throw new TmuxError(
        'stale-id',
        `terminal ${encodeTmuxId(ref)} is gone: the tmux server on ${ref.socket} was restarted ` +
          `(now pid ${record.serverPid}); nothing was sent`,
      );
    }
    return record;
  }

  /** Serialises actions per terminal so two typings never interleave. */
  private async exclusive<T>(id: string, action: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.then(action, action);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(id, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    }
  }
}

/**
 * Why this tmux cannot serve, from `tmux -V`, or null. Tower attaches read-only (`attach -f`, tmux 3.2)
 * and keeps titles in pane options (3.0); an older tmux would fail part-way through an open. Versions
 * it cannot read (`tmux next-3.6`, a distribution's own) are given the benefit of the doubt.
 */
export function tmuxTooOld(versionLine: string): string | null {
  const m = /^tmux (\d+)\.(\d+)/.exec(versionLine.trim());
  if (!m) return null;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major > 3 || (major === 3 && minor >= 2)) return null;
  return `${versionLine.trim()} is too old: Tower needs tmux 3.2 or later`;
}
