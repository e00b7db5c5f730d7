/**
 * Wraps a host driver (Terminal.app, iTerm2) so a tab that is only a tmux client is not listed:
 * the tmux pane inside it is the session (see `core/sessions/merge-nested.ts`). Everything else
 * passes through; `hosting()` tells which hidden tab shows which tmux session.
 */
import type { OpenSpec, ScreenCapture, TerminalDriver, TerminalInfo, TypedInput } from '../../../core/ports';
import type { TmuxView } from '../../../core/sessions/merge-nested';
import { mergeNested } from '../../../core/sessions/merge-nested';

/** A driver that can tell the tty of an id it issued. */
export interface TtyAwareDriver extends TerminalDriver {
  ttyOf(id: string): string | null;
}

/** Hides host tabs that merely show a tmux session Tower already watches. */
export class HostingFilterDriver implements TerminalDriver {
  private lastHosting: ReadonlyMap<string, readonly string[]> = new Map();
  private hidden: ReadonlySet<string> = new Set();

  constructor(
    private readonly inner: TtyAwareDriver,
    /** What tmux looks like now (is the tmux provider up; its clients' ttys). */
    private readonly tmuxView: () => Promise<TmuxView>,
  ) {}

  get provider(): TerminalDriver['provider'] {
    return this.inner.provider;
  }

  /** Hidden tab id → the tmux sessions it shows, as of the last `list()`. */
  hosting(): ReadonlyMap<string, readonly string[]> {
    return this.lastHosting;
  }

  availability(): Promise<{ readonly available: boolean; readonly reason: string | null }> {
    return this.inner.availability();
  }

  async list(): Promise<readonly TerminalInfo[]> {
    const [infos, view] = await Promise.all([
      this.inner.list(),
      this.tmuxView().catch((): TmuxView => ({ available: false, clients: null })),
    ]);
    const merge = mergeNested(
      infos.map((i) => ({ id: i.id, tty: this.inner.ttyOf(i.id), processes: i.processes })),
      view,
    );
    this.lastHosting = merge.hosting;
    this.hidden = merge.hidden;
    return infos.filter((i) => !merge.hidden.has(i.id));
  }

  readScreen(id: string): Promise<ScreenCapture> {
    return this.inner.readScreen(id);
  }

  type(id: string, input: TypedInput): Promise<void> {
    return this.inner.type(id, input);
  }

  open(spec: OpenSpec): Promise<TerminalInfo> {
    return this.inner.open(spec);
  }

  close(id: string): Promise<void> {
    return this.inner.close(id);
  }

  async focus(id: string): Promise<void> {
    if (!this.inner.focus) throw new Error(`${this.inner.provider} terminals cannot be focused`);
    await this.inner.focus(id);
  }

  onActivity(listener: (id: string) => void): () => void {
    // A hidden tab's changes are the tmux pane's changes, which tmux reports itself.
    return this.inner.onActivity((id) => {
      if (!this.hidden.has(id)) listener(id);
    });
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}
