/**
 * One scan: list terminals (ground truth), reconcile the registry, read the screens that changed,
 * detect each agent's state, and record what changed.
 */
import type { GroundTruthView, ProviderId } from '../contract/dto';
import type { FreshLook } from './answers/answer-prompt';
import type { AgentHint, Detection } from './detection/types';
import type { AuditSink, Clock, ScreenCapture, TerminalDriver, TerminalInfo } from './ports';
import type { ProviderListing } from './sessions/registry';
import { SessionRegistry } from './sessions/registry';
import { observe, type ObserveOptions } from './sessions/observe';
import { trackProgress, type Progress } from './sessions/progress';
import type { AgentIdentity, Session } from './sessions/session';
import { sessionIdOf } from './sessions/session';

/** The state detector, injected so the core's tests can use a scripted one. */
export interface Detector {
  detect(lines: readonly string[], hint: AgentHint): Detection;
  identifyAgent(
    info: Pick<TerminalInfo, 'currentCommand' | 'processes' | 'title'>,
    lines?: readonly string[],
  ): AgentHint;
}

/** What a scanner works with. */
export interface ScannerDeps {
  readonly drivers: readonly TerminalDriver[];
  readonly detector: Detector;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly options: ObserveOptions;
  /** A session's prompt changed or went away; `current` is the fingerprint showing now, if any. */
  readonly onPromptGone: (sessionId: string, current: string | null) => void;
  /** A prompt instance appeared that was not showing on the previous read (policy decides it). */
  readonly onNewPrompt?: (session: Session, lines: readonly string[]) => void;
}

type Availability = GroundTruthView['providers'][number];

/** Least time between two re-listings caused by failed reads. */
const RELIST_MS = 250;

/** Scan requests folded together: one scan answers them all. */
interface ScanBatch {
  full: boolean;
  readonly waiters: { resolve(changed: boolean): void; reject(error: unknown): void }[];
}

/** Keeps the registry true to the real terminals. Not re-entrant: overlapping scans are folded. */
export class Scanner {
  readonly registry = new SessionRegistry();
  private readonly progress = new Map<string, Progress>();
  private readonly eventAt = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private dirtyListener: (() => void) | null = null;
  // Scan requests not yet started, folded into one batch; the loop runs while any are queued.
  private queued: ScanBatch | null = null;
  private looping = false;
  // A read failed (the terminal is likely gone): the next scan lists again instead of waiting for
  // the periodic one. At most once per RELIST_MS, so a provider that fails reads cannot loop.
  private relist = false;
  private relistedAt = -Infinity;
  private availability: Availability[] = [];
  private listFailed = false;
  private terminalCount = 0;
  private scannedAt = 0;

  constructor(private readonly deps: ScannerDeps) {}

  /** Marks a terminal changed; the supervisor schedules a scan. */
  markDirty(provider: ProviderId, terminalId: string): void {
    this.dirty.add(sessionIdOf({ provider, id: terminalId }));
    this.dirtyListener?.();
  }

  /** An agent reported an event (a hook): progress for stall detection, even with a still screen. */
  noteAgentEvent(sessionId: string, at: number): void {
    this.eventAt.set(sessionId, at);
  }

  /** Sets who to tell when something becomes dirty. */
  onDirty(listener: () => void): void {
    this.dirtyListener = listener;
  }

  /** How the registry compares with what the providers listed last. */
  groundTruth(): GroundTruthView {
    const registryCount = this.registry.live().length;
    return {
      registryCount,
      terminalCount: this.terminalCount,
      // A provider that is simply not here (macOS only, app not running) has no terminals to disagree
      // about; one whose listing failed may hide terminals, so it counts as disagreement.
      agreed: registryCount === this.terminalCount && !this.listFailed,
      providers: this.availability,
      scannedAt: this.scannedAt,
    };
  }

  /**
   * Scans; resolves true if anything a UI shows changed. A call made while a scan runs is folded
   * into the next one and resolves only when that scan is done: a caller that just opened a terminal
   * always waits for a listing taken after its call, never for one already in flight.
   */
  scan(full: boolean): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const batch = this.queued ?? { full: false, waiters: [] };
      batch.full ||= full;
      batch.waiters.push({ resolve, reject });
      this.queued = batch;
      if (!this.looping) void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      for (let batch = this.queued; batch; batch = this.queued) {
        this.queued = null;
        try {
          const changed = await this.scanOnce(batch.full);
          for (const waiter of batch.waiters) waiter.resolve(changed);
        } catch (error) {
          for (const waiter of batch.waiters) waiter.reject(error);
        }
      }
    } finally {
      this.looping = false;
    }
  }

  /** Reads a session's screen now and detects the prompt showing, bypassing every cache. */
  async lookNow(session: Session): Promise<FreshLook> {
    const screen = await this.driverFor(session.terminal.provider).readScreen(session.terminal.id);
    const hint = this.hintFor(session, screen);
    const detection = this.deps.detector.detect(screen.lines, hint);
    return { prompt: detection.prompt, inMode: screen.inMode };
  }

  private async scanOnce(full: boolean): Promise<boolean> {
    const now = this.deps.clock.now();
    let changed = false;
    const unknownDirty = [...this.dirty].some((id) => !this.registry.get(id));
    let toRead: Session[];
    if (full || unknownDirty || this.relist) {
      this.relist = false;
      const listings = await this.listAll();
      const result = this.registry.reconcile(listings, now);
      this.terminalCount = result.terminalCount;
      this.scannedAt = now;
      changed = result.adopted.length > 0 || result.gone.length > 0;
      for (const id of result.gone) {
        this.progress.delete(id);
        this.eventAt.delete(id);
      }
      await this.auditReconcile(result.adopted, result.gone, now);
      toRead = [...this.registry.live()];
    } else {
      toRead = [...this.dirty].map((id) => this.registry.get(id)).filter(isLive);
    }
    // A full scan re-reads every screen as a safety net for a missed activity signal; a terminal
    // that signalled nothing may be served from the driver's last capture when the driver knows
    // it is unchanged. One that signalled is always read now.
    const signalled = new Set(this.dirty);
    this.dirty.clear();
    const results = await Promise.all(
      toRead.map((session) => this.refresh(session, now, !signalled.has(session.id))),
    );
    return changed || results.some(Boolean);
  }

  private async refresh(session: Session, now: number, unchangedOk: boolean): Promise<boolean> {
    let screen: ScreenCapture;
    try {
      const driver = this.driverFor(session.terminal.provider);
      screen = await driver.readScreen(session.terminal.id, { unchangedOk });
    } catch {
      // The terminal is going away: list again soon, and the listing marks it gone.
      this.relistSoon(now);
      return false;
    }
    // Its program exited since the last listing: list again for the exit code, without waiting.
    if (screen.exited === true && session.terminal.alive) this.relistSoon(now);
    const hint = this.hintFor(session, screen);
    const detection = this.deps.detector.detect(screen.lines, hint);
    const agent = toIdentity(hint, detection);
    const sample = {
      lines: screen.lines,
      processes: session.terminal.processes,
      ownPids: ownPids(session.terminal, agent),
      eventAt: this.eventAt.get(session.id) ?? null,
    };
    const progress = trackProgress(this.progress.get(session.id), sample, now);
    this.progress.set(session.id, progress);
    const next = observe(session, { screen, detection, agent, progress, now }, this.deps.options);
    const current = this.registry.get(session.id);
    if (!current || current.goneAt !== null) return false;
    this.registry.update(next);
    if (session.prompt && session.prompt.fingerprint !== next.prompt?.fingerprint) {
      this.deps.onPromptGone(session.id, next.prompt?.fingerprint ?? null);
    }
    if (next.prompt && next.prompt.fingerprint !== session.prompt?.fingerprint) {
      await this.deps.audit.append({
        at: now,
        kind: 'prompt-seen',
        session: session.id,
        detail: {
          agent: agent?.kind ?? null,
          version: agent?.version ?? null,
          cwd: next.terminal.cwd,
          prompt: next.prompt,
        },
      });
      this.deps.onNewPrompt?.(next, screen.lines);
    }
    return visibleChange(session, next);
  }

  private relistSoon(now: number): void {
    if (now - this.relistedAt < RELIST_MS) return;
    this.relistedAt = now;
    this.relist = true;
    this.dirtyListener?.();
  }

  private hintFor(session: Session, screen: ScreenCapture): AgentHint {
    return this.deps.detector.identifyAgent(session.terminal, screen.lines);
  }

  private async listAll(): Promise<ProviderListing[]> {
    const availability: Availability[] = [];
    const listings = await Promise.all(
      this.deps.drivers.map(async (driver): Promise<ProviderListing> => {
        try {
          const status = await driver.availability();
          const terminals = status.available ? await driver.list() : [];
          availability.push({ id: driver.provider, available: status.available, reason: status.reason });
          return { provider: driver.provider, ok: true, terminals };
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          availability.push({ id: driver.provider, available: false, reason });
          return { provider: driver.provider, ok: false, error: reason };
        }
      }),
    );
    this.availability = availability.sort((a, b) => a.id.localeCompare(b.id));
    this.listFailed = listings.some((l) => !l.ok);
    return listings;
  }

  private async auditReconcile(
    adopted: readonly string[],
    gone: readonly string[],
    now: number,
  ): Promise<void> {
    for (const id of adopted)
      await this.deps.audit.append({ at: now, kind: 'terminal-adopted', session: id, detail: {} });
    for (const id of gone)
      await this.deps.audit.append({ at: now, kind: 'terminal-gone', session: id, detail: {} });
  }

  private driverFor(provider: ProviderId): TerminalDriver {
    const driver = this.deps.drivers.find((d) => d.provider === provider);
    if (!driver) throw new Error(`no driver for provider ${provider}`);
    return driver;
  }
}

/** The terminal's own process and the agent's processes: their CPU (rendering a spinner) is not progress. */
function ownPids(terminal: TerminalInfo, agent: AgentIdentity | null): ReadonlySet<number> {
  const own = new Set<number>();
  if (terminal.pid !== null) own.add(terminal.pid);
  if (agent) {
    // `claude`, `/usr/bin/codex`, `node …/bin/codex.js`: the program or its script names the agent.
    const name = new RegExp(`(?:^|/)${agent.kind}(?:\\.js)?$`, 'u');
    for (const p of terminal.processes) {
      const [argv0 = '', argv1 = ''] = p.args.split(' ');
      if ([p.command, argv0, argv1].some((word) => name.test(word))) own.add(p.pid);
    }
  }
  return own;
}

function isLive(session: Session | undefined): session is Session {
  return session !== undefined && session.goneAt === null;
}

function toIdentity(hint: AgentHint, detection: Detection): AgentIdentity | null {
  const kind = hint.kind ?? detection.agent;
  if (!kind) return null;
  return { kind, version: hint.version ?? detection.version };
}

function visibleChange(before: Session, after: Session): boolean {
  return (
    before.state !== after.state ||
    before.prompt?.fingerprint !== after.prompt?.fingerprint ||
    before.agent?.kind !== after.agent?.kind ||
    before.agent?.version !== after.agent?.version ||
    before.evidence.join('\n') !== after.evidence.join('\n') ||
    before.tail.join('\n') !== after.tail.join('\n') ||
    before.terminal.title !== after.terminal.title
  );
}
