/**
 * Proactive notices: a session became stalled, errored or exited. Deduplicated per session and
 * state with a cool-down (agent sessions only), so a state flapping between working and stalled sends one message, not
 * one per flap. The first snapshot is a baseline: states that were already there are not news.
 */
import type { SessionState, Snapshot } from '../../contract/dto';
import { sessionLabel } from '../intents/messages';

const WATCHED: Partial<Record<SessionState, string>> = {
  stalled: '⏸ stalled: no progress for a while',
  error: '⚠ shows an error',
  exited: '⏹ the agent exited',
};

/** Tracks states across snapshots and says what is worth a message. */
export class Notices {
  private readonly previous = new Map<string, SessionState>();
  private readonly lastSent = new Map<string, number>();
  private baselined = false;

  constructor(private readonly cooldownMs = 10 * 60_000) {}

  /** Messages for sessions that entered a watched state since the last snapshot. */
  changes(snapshot: Snapshot, now: number): string[] {
    const out: string[] = [];
    for (const view of snapshot.sessions) {
      const before = this.previous.get(view.id);
      this.previous.set(view.id, view.state);
      const note = WATCHED[view.state];
      // Plain shells (no agent) come and go all day: not news.
      if (!this.baselined || !note || before === view.state || view.agent === null) continue;
      const key = `${view.id}\u0000${view.state}`;
      const last = this.lastSent.get(key);
      if (last !== undefined && now - last < this.cooldownMs) continue;
      this.lastSent.set(key, now);
      out.push(`${sessionLabel(view)} ${note}.`);
    }
    this.baselined = true;
    return out;
  }
}
