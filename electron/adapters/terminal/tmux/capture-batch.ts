/**
 * Screens of many panes of one tmux server in one tmux call: reads asked for in the same turn of
 * the event loop are sent as one command sequence (`display-message …; capture-pane …; …`), so 50
 * busy panes cost one process, not 50. Each pane's block starts with a random marker that its
 * screen cannot forge. If the sequence fails (tmux stops at the first pane that is gone) or its
 * output does not split cleanly, every pane is read on its own, with the usual errors.
 */
import { randomBytes } from 'node:crypto';
import type { ScreenCapture } from '../../../core/ports';
import type { TmuxPaneRef } from './tmux-id';

interface Pending {
  readonly ref: TmuxPaneRef;
  readonly resolve: (screen: ScreenCapture) => void;
  readonly reject: (error: unknown) => void;
}

/** What a batch needs from the driver. */
export interface CaptureBatchDeps {
  /** Runs a tmux command sequence on a server. */
  readonly run: (socket: string, args: readonly string[]) => Promise<string>;
  /** Reads one pane alone (the fallback), with the driver's errors. */
  readonly single: (ref: TmuxPaneRef) => Promise<ScreenCapture>;
  /** Builds a capture from a pane's `display-message` line and `capture-pane` text; throws on a stale id. */
  readonly build: (ref: TmuxPaneRef, header: string, body: string) => ScreenCapture;
  /** The `display-message` format. */
  readonly format: string;
}

/** Collects captures per server and runs each server's as one tmux call. */
export class CaptureBatcher {
  private readonly pending = new Map<string, Pending[]>();

  constructor(private readonly deps: CaptureBatchDeps) {}

  /** The pane's screen, read together with the other panes asked for in this turn. */
  capture(ref: TmuxPaneRef): Promise<ScreenCapture> {
    return new Promise((resolve, reject) => {
      let list = this.pending.get(ref.socket);
      if (!list) {
        list = [];
        this.pending.set(ref.socket, list);
        setImmediate(() => void this.flush(ref.socket));
      }
      list.push({ ref, resolve, reject });
    });
  }

  private async flush(socket: string): Promise<void> {
    const list = this.pending.get(socket) ?? [];
    this.pending.delete(socket);
    if (list.length === 1) return this.alone(list);
    const marker = `tower-${randomBytes(8).toString('hex')}:`;
    const args = list.flatMap(({ ref }, i) => [
      ...(i > 0 ? [';'] : []),
      ...['display-message', '-p', '-t', ref.paneId, `${marker}${this.deps.format}`],
      ...[';', 'capture-pane', '-p', '-t', ref.paneId],
    ]);
    let stdout: string;
    try {
      stdout = await this.deps.run(socket, args);
    } catch {
      return this.alone(list);
    }
    const blocks = stdout.split(marker).slice(1);
    if (!stdout.startsWith(marker) || blocks.length !== list.length) return this.alone(list);
    list.forEach((item, i) => {
      const block = blocks[i] ?? '';
      const newline = block.indexOf('\n');
      try {
        item.resolve(this.deps.build(item.ref, block.slice(0, newline), block.slice(newline + 1)));
      } catch (error) {
        item.reject(error);
      }
    });
  }

  private alone(list: readonly Pending[]): void {
    for (const item of list) this.deps.single(item.ref).then(item.resolve, item.reject);
  }
}
