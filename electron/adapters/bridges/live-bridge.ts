/**
 * A remote bridge (Telegram, phone) that follows its settings: when the owner sets or deletes one of
 * them in Settings, the running bridge stops and starts again with the new values. Without this the
 * app, which has no environment and no console, needed a restart before a bot token or a Twilio
 * number took effect, and said nothing about it.
 *
 * Starts and restarts run one at a time; several settings saved together (Settings saves field by
 * field) cause one restart. A start that throws leaves the bridge down with the reason, on every UI.
 */
import type { BridgeView } from '../../contract/dto';
import type { Clock } from '../../core/ports';

/** Settings saved within this many ms of each other restart the bridge once. */
export const RESTART_DEBOUNCE_MS = 300;

/** What {@link LiveBridge} runs. */
export interface LiveBridgeOptions<T extends { stop(): Promise<void> }> {
  readonly id: Exclude<BridgeView['id'], 'hooks'>;
  /** "Telegram bridge", for messages. */
  readonly label: string;
  /** Secret and setting names whose change restarts the bridge. */
  readonly settings: readonly string[];
  /** Starts the bridge with the current settings; null when it is not configured (it reports "off"). */
  readonly start: () => Promise<T | null>;
  readonly report: (view: BridgeView) => void;
  readonly print: (line: string) => void;
  readonly clock: Clock;
}

/** One bridge, restarted when its settings change. */
export class LiveBridge<T extends { stop(): Promise<void> }> {
  private running: T | null = null;
  private queue: Promise<void> = Promise.resolve();
  private cancelPending: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: LiveBridgeOptions<T>) {}

  /** The bridge as it runs now (null when off, down or stopped). */
  current(): T | null {
    return this.running;
  }

  /** First start; resolves when it is up, off or down (never rejects). */
  start(): Promise<void> {
    return this.enqueue(() => this.startNow(false));
  }

  /** A secret or setting was saved: restarts the bridge soon if it is one of its settings. */
  settingChanged(name: string): void {
    if (this.stopped || !this.options.settings.includes(name)) return;
    this.cancelPending?.();
    this.cancelPending = this.options.clock.after(RESTART_DEBOUNCE_MS, () => {
      this.cancelPending = null;
      void this.enqueue(() => this.restartNow(name));
    });
  }

  /** Stops the bridge for good (Tower is quitting); waits for a restart in progress. */
  stop(): Promise<void> {
    this.stopped = true;
    this.cancelPending?.();
    this.cancelPending = null;
    return this.enqueue(() => this.stopNow());
  }

  /** Resolves once every start or restart asked for so far has finished. */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private async restartNow(name: string): Promise<void> {
    if (this.stopped) return;
    await this.stopNow();
    this.options.print(`${this.options.label}: ${name} changed; starting again with the new settings.\n`);
    await this.startNow(true);
  }

  private async startNow(restart: boolean): Promise<void> {
    if (this.stopped) return;
    try {
      this.running = await this.options.start();
    } catch (error) {
      const reason = `${this.options.label} not ${restart ? 're' : ''}started: ${messageOf(error)}`;
      this.options.print(`${reason}\n`);
      this.options.report({ id: this.options.id, state: 'down', detail: null, reason, lastActivityAt: null });
    }
  }

  private async stopNow(): Promise<void> {
    const running = this.running;
    this.running = null;
    await running?.stop().catch((error: unknown) => {
      this.options.print(`${this.options.label} did not stop cleanly: ${messageOf(error)}\n`);
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
