/**
 * TerminalAppTerminalDriver: Terminal.app tabs as a `TerminalDriver`, through osascript running the
 * constant scripts in `native-scripts/applescript/` with data only as arguments.
 *
 * One `terminal-list` call per scan gives every tab (ground truth); `ps -t` on each tty gives the
 * processes, so a tab the owner opened by hand is recognised without a title convention. Every use
 * of an id re-checks its window id, tty and session leader (ttys are reused after a tab closes).
 */
import { randomBytes } from 'node:crypto';
import type { OpenSpec, ScreenCapture, TerminalDriver, TerminalInfo, TypedInput } from '../../../core/ports';
import { ActivityThrottle } from '../activity-throttle';
import { assertKey, assertPrintable } from '../key-encoding';
import type { OsascriptRunner } from './osascript-runner';
import { OsascriptError } from './osascript-runner';
import { contentsToLines, makeNonce, parseOpenedTab, parseReadTab, parseTabList } from './record-format';
import type { ListedTab } from './record-format';
import { commandLineFor } from './shell-quote';
import { tabInfo } from './tab-info';
import { TerminalAppArgv } from './terminal-app-argv';
import type { TerminalAppId } from './terminal-app-id';
import { formatTerminalAppId, parseTerminalAppId } from './terminal-app-id';
import { psTtyFacts } from './tty-facts';
import type { TtyFacts, TtyFactsSource } from './tty-facts';
import type { HookDecisionSeam } from './typing-plan';
import { KEYS_NEED_KEYSTROKES, TEXT_NEEDS_KEYSTROKES, keystrokeTextProblem, planTyping } from './typing-plan';

export type { HookDecisionSeam } from './typing-plan';

/** Options of the Terminal.app driver. */
export interface TerminalAppDriverOptions {
  readonly runner: OsascriptRunner;
  /** Absolute path of `native-scripts/applescript`. */
  readonly appleScriptDir: string;
  readonly ttyFacts?: TtyFactsSource;
  /** Owner setting, read at every use: System Events keystrokes allowed. Default: never. */
  readonly keystrokesEnabled?: () => boolean;
  readonly hookDecisions?: HookDecisionSeam;
  /** How often to compare tab contents for activity while someone listens (ms). */
  readonly pollMs?: number;
  /** Per call; the first call gets longer, as it may wait on the Automation prompt. */
  readonly timeoutMs?: number;
  readonly firstCallTimeoutMs?: number;
  readonly platform?: NodeJS.Platform;
  readonly random?: () => Uint8Array;
}

const DEFAULT_SIZE = { cols: 80, rows: 24 };

/** Terminal.app as a terminal provider. */
export class TerminalAppTerminalDriver implements TerminalDriver {
  readonly provider = 'terminal-app' as const;
  private readonly argv: TerminalAppArgv;
  private readonly facts: TtyFactsSource;
  private readonly listeners = new Set<(id: string) => void>();
  private readonly throttle = new ActivityThrottle(50, (id) => this.listeners.forEach((l) => l(id)));
  private readonly known = new Map<string, { id: string; contents: string }>();
  private queue: Promise<unknown> = Promise.resolve();
  private calls = 0;
  private poller: ReturnType<typeof setInterval> | null = null;
  private disposed = false;

  constructor(private readonly options: TerminalAppDriverOptions) {
    this.argv = new TerminalAppArgv(options.appleScriptDir);
    this.facts = options.ttyFacts ?? psTtyFacts;
  }

  async availability(): Promise<{ available: boolean; reason: string | null }> {
    if ((this.options.platform ?? process.platform) !== 'darwin') {
      return { available: false, reason: 'Terminal.app exists only on macOS' };
    }
    try {
      const running = await this.osascript(this.argv.appRunning('com.apple.Terminal'));
      return running === 'true'
        ? { available: true, reason: null }
        : { available: false, reason: 'Terminal.app is not running' };
    } catch (error) {
      return { available: false, reason: messageOf(error) };
    }
  }

  async list(): Promise<readonly TerminalInfo[]> {
    const tabs = await this.listTabs();
    const infos = await Promise.all(tabs.map((tab) => this.describe(tab)));
    return infos.filter((info): info is TerminalInfo => info !== null);
  }

  async readScreen(id: string): Promise<ScreenCapture> {
    const target = await this.verified(id);
    const nonce = this.nonce();
    const read = parseReadTab(await this.osascript(this.argv.read(nonce, target)), nonce);
    const rows = read.rows ?? DEFAULT_SIZE.rows;
    return {
      lines: contentsToLines(read.contents, rows),
      cols: read.cols ?? DEFAULT_SIZE.cols,
      rows,
      cursor: null,
      title: read.customTitle,
      inMode: false,
    };
  }

  async type(id: string, input: TypedInput): Promise<void> {
    // Validate before touching anything: nothing outside the vocabulary is ever typed.
    if (input.kind === 'keys') {
      if (input.keys.length === 0) throw new Error('no keys to type');
      input.keys.forEach((k) => assertKey(k));
    } else assertPrintable(input.text);
    const target = await this.verified(id);
    const plan = planTyping(input);
    switch (plan.kind) {
      case 'returns':
        for (let i = 0; i < plan.count; i++) await this.osascript(this.argv.sendLine(target, ''));
        return;
      case 'hook-or-keystrokes':
        if (await this.options.hookDecisions?.tryAnswer({ terminalId: id, tty: target.tty }, plan.keys))
          return;
        if (!this.keystrokes()) throw new Error(KEYS_NEED_KEYSTROKES);
        await this.osascript(this.argv.keystrokeKeys(target, plan.keys));
        return;
      case 'keystroke-text': {
        if (!this.keystrokes()) throw new Error(TEXT_NEEDS_KEYSTROKES);
        const problem = keystrokeTextProblem(plan.text);
        if (problem) throw new Error(problem);
        await this.osascript(this.argv.keystrokeText(target, plan.text));
        return;
      }
    }
  }

  /**
   * Types `text` and Return in one `do script` (Terminal has no way to type without Return).
   * For the Typist only, like `type`: it submits the line. A TUI with paste detection (reported for
   * Claude Code) may take a burst ending in Return as pasted text and not submit it; with
   * `separateReturnMs` a lone Return (`do script ""`) follows after that pause.
   */
  async typeLine(id: string, text: string, options: { separateReturnMs?: number } = {}): Promise<void> {
    assertPrintable(text);
    const target = await this.verified(id);
    await this.osascript(this.argv.sendLine(target, text));
    if (options.separateReturnMs === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, options.separateReturnMs));
    await this.osascript(this.argv.sendLine(await this.verified(id), ''));
  }

  /** The tty of a tab this driver issued an id for, or null (for the tmux merge). */
  ttyOf(id: string): string | null {
    try {
      return parseTerminalAppId(id).tty;
    } catch {
      return null;
    }
  }

  async open(spec: OpenSpec): Promise<TerminalInfo> {
    const line = commandLineFor(spec);
    assertPrintable(spec.title);
    const opened = parseOpenedTab(
      await this.osascript(this.argv.open(line, spec.title, spec.cols, spec.rows)),
    );
    const facts = await this.waitForLeader(opened.tty);
    const address: TerminalAppId = { windowId: opened.windowId, tty: opened.tty, leaderPid: facts.leaderPid };
    return this.toInfo(address, facts, {
      customTitle: spec.title,
      cols: spec.cols ?? DEFAULT_SIZE.cols,
      rows: spec.rows ?? DEFAULT_SIZE.rows,
    });
  }

  async close(id: string): Promise<void> {
    await this.osascript(this.argv.close(await this.verified(id)));
  }

  async focus(id: string): Promise<void> {
    await this.osascript(this.argv.focus(await this.verified(id)));
  }

  onActivity(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    this.startPolling();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopPolling();
    };
  }

  dispose(): Promise<void> {
    this.disposed = true;
    this.stopPolling();
    this.listeners.clear();
    return this.queue.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Parses the id and checks the tab's leader still owns that tty; the scripts re-check window + tty. */
  private async verified(id: string): Promise<TerminalAppId> {
    const target = parseTerminalAppId(id);
    const facts = await this.facts(target.tty);
    if (facts.leaderPid !== target.leaderPid) {
      throw new OsascriptError(
        -1728,
        `the tab is gone (its tty ${target.tty} now belongs to another tab or none)`,
        '',
      );
    }
    return target;
  }

  private async listTabs(): Promise<ListedTab[]> {
    const nonce = this.nonce();
    const list = parseTabList(await this.osascript(this.argv.list(nonce)), nonce);
    return list.tabs.filter((tab) => tab.tty !== null);
  }

  private async describe(tab: ListedTab): Promise<TerminalInfo | null> {
    if (tab.tty === null) return null;
    const facts = await this.facts(tab.tty);
    if (facts.leaderPid === null) return null; // nothing runs on the tty: the tab is closing
    const info = this.toInfo({ windowId: tab.windowId, tty: tab.tty, leaderPid: facts.leaderPid }, facts, {
      customTitle: tab.customTitle,
      cols: tab.cols ?? DEFAULT_SIZE.cols,
      rows: tab.rows ?? DEFAULT_SIZE.rows,
    });
    this.known.set(`${tab.windowId}|${tab.tty}`, { id: info.id, contents: tab.contents });
    return info;
  }

  private toInfo(
    address: TerminalAppId,
    facts: TtyFacts,
    seen: { customTitle: string; cols: number; rows: number },
  ): TerminalInfo {
    return tabInfo(this.provider, formatTerminalAppId(address), facts, { ...seen, title: seen.customTitle });
  }

  private async waitForLeader(tty: string): Promise<TtyFacts & { leaderPid: number }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const facts = await this.facts(tty);
      if (facts.leaderPid !== null) return { ...facts, leaderPid: facts.leaderPid };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the new Terminal.app tab on ${tty} shows no process`);
  }

  private startPolling(): void {
    if (this.poller || this.disposed) return;
    this.poller = setInterval(
      () => void this.pollOnce().catch(() => undefined),
      this.options.pollMs ?? 1_500,
    );
    this.poller.unref?.();
  }

  private stopPolling(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
  }

  /** Terminal.app pushes nothing: compare each tab's contents with the last look. */
  private async pollOnce(): Promise<void> {
    for (const tab of await this.listTabs()) {
      const key = `${tab.windowId}|${tab.tty}`;
      const seen = this.known.get(key);
      if (seen && seen.contents !== tab.contents) {
        this.known.set(key, { ...seen, contents: tab.contents });
        this.throttle.touch(seen.id);
      }
    }
  }

  private keystrokes(): boolean {
    return this.options.keystrokesEnabled?.() === true;
  }

  private nonce(): string {
    return makeNonce(this.options.random ?? (() => randomBytes(16)));
  }

  /** One osascript at a time: Apple Events to one app must not interleave. */
  private osascript(argv: readonly string[]): Promise<string> {
    const timeoutMs =
      this.calls++ === 0 ? (this.options.firstCallTimeoutMs ?? 120_000) : (this.options.timeoutMs ?? 20_000);
    const run = this.queue.then(
      () => this.options.runner.run(argv, { timeoutMs }),
      () => this.options.runner.run(argv, { timeoutMs }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
