/**
 * The last capture of each pane, served again (instead of another `capture-pane`) only while
 * nothing can have reached the pane since: its output was watched by an attached control client the
 * whole time, no output or structural change was reported after the capture began, the latest
 * listing agrees on size, cursor, mode and title, and the capture is younger than `maxAgeMs`.
 *
 * Changes are ordered by a counter, not a clock: a change reported while a capture runs makes that
 * capture stale, even if it already contains the change.
 */
import type { ScreenCapture } from '../../../core/ports';
import type { PaneRecord } from './pane-format';

interface Entry {
  readonly screen: ScreenCapture;
  /** The counter when the capture began. */
  readonly tick: number;
  readonly at: number;
}

/** Per-pane captures keyed by terminal id (which names the server instance). */
export class ScreenCache {
  private tick = 0;
  private allChangedAt = 0;
  private readonly changedAt = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();
  private readonly listed = new Map<string, PaneRecord>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Pane `id` may have changed; null: any pane may have. */
  changed(id: string | null): void {
    this.tick += 1;
    if (id === null) this.allChangedAt = this.tick;
    else this.changedAt.set(id, this.tick);
  }

  /** The counter to hand to `store` for a capture about to begin. */
  begin(): number {
    return this.tick;
  }

  /** Keeps a capture that began at `tick`, if the pane was watched when it began. */
  store(id: string, screen: ScreenCapture, tick: number, watched: boolean): void {
    if (watched) this.entries.set(id, { screen, tick, at: this.now() });
    else this.entries.delete(id);
  }

  /** Remembers what the latest listing said about each pane; forgets panes no longer listed. */
  noteListing(records: ReadonlyMap<string, PaneRecord>): void {
    this.listed.clear();
    for (const [id, record] of records) this.listed.set(id, record);
    for (const id of [...this.entries.keys()]) {
      if (!records.has(id)) {
        this.entries.delete(id);
        this.changedAt.delete(id);
      }
    }
  }

  /** The cached screen of `id` if it is still current (see the file comment), else null. */
  get(id: string, watched: boolean): ScreenCapture | null {
    const entry = this.entries.get(id);
    if (!entry || !watched) return null;
    if (this.now() - entry.at > this.maxAgeMs) return null;
    if (Math.max(this.allChangedAt, this.changedAt.get(id) ?? 0) > entry.tick) return null;
    const record = this.listed.get(id);
    if (!record || !agrees(entry.screen, record)) return null;
    return entry.screen;
  }
}

function agrees(screen: ScreenCapture, record: PaneRecord): boolean {
  return (
    !record.dead &&
    screen.cols === record.cols &&
    screen.rows === record.rows &&
    screen.inMode === record.inMode &&
    screen.title === record.programTitle &&
    screen.cursor?.x === record.cursor?.x &&
    screen.cursor?.y === record.cursor?.y
  );
}
