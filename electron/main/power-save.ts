/**
 * Keeps the Mac awake while agents work, and lets it sleep once they are all idle.
 */
import type { Snapshot } from '../contract/dto';

/** Whether any live agent is working or starting (a prompt waiting on the owner does not count). */
export function shouldKeepAwake(snapshot: Snapshot): boolean {
  return snapshot.sessions.some((s) => !s.gone && (s.state === 'working' || s.state === 'starting'));
}

/** Electron's powerSaveBlocker, reduced to what the controller uses. */
export interface PowerSavePort {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
}

/** Holds at most one blocker, started and stopped as snapshots arrive. */
export class PowerSaveController {
  private id: number | null = null;

  constructor(private readonly port: PowerSavePort) {}

  /** Whether a blocker is held. */
  get active(): boolean {
    return this.id !== null;
  }

  /** Applies a snapshot's verdict. */
  update(snapshot: Snapshot): void {
    const want = shouldKeepAwake(snapshot);
    if (want && this.id === null) this.id = this.port.start('prevent-app-suspension');
    if (!want) this.release();
  }

  /** Releases the blocker (also on quit). */
  release(): void {
    if (this.id !== null) this.port.stop(this.id);
    this.id = null;
  }
}
