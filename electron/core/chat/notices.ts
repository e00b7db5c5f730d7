/**
 * Proactive notices: an agent stalled, crashed, hit its usage limit, showed an error or exited; the
 * pool's queue finished; the phone bridge went down (locked out after wrong PINs, credentials
 * rejected …). Each is news once: the first snapshot is a baseline (states already there are not
 * news), and a key (session + state, `queue`, `phone`) sends at most once per cool-down, so a state
 * flapping between working and stalled sends one message, not one per flap.
 */
import type { SessionView, Snapshot } from '../../contract/dto';
import { displayText } from '../intents/display-text';
import { sessionLabel } from '../intents/messages';
import { clockTime, type UtcOffset } from './local-time';

/** Tracks states across snapshots and says what is worth a message. */
export class Notices {
  private readonly previous = new Map<string, string>();
  private readonly lastSent = new Map<string, number>();
  private queueBusy = false;
  private phone: string | null = null;
  private baselined = false;

  constructor(
    private readonly cooldownMs = 10 * 60_000,
    private readonly offset: UtcOffset = () => 0,
  ) {}

  /** Messages for what changed since the last snapshot. */
  changes(snapshot: Snapshot, now: number): string[] {
    const out: string[] = [];
    const news = (key: string, text: string) => {
      if (!this.baselined) return;
      const last = this.lastSent.get(key);
      if (last !== undefined && now - last < this.cooldownMs) return;
      this.lastSent.set(key, now);
      out.push(text);
    };
    for (const view of snapshot.sessions) {
      const kind = this.watched(view);
      const before = this.previous.get(view.id);
      this.previous.set(view.id, kind ?? view.state);
      // Plain shells (no agent) come and go all day: not news.
      if (kind === null || before === kind || view.agent === null) continue;
      news(`${view.id}\u0000${kind}`, `${sessionLabel(view)} ${this.describe(kind, view)}.`);
    }
    const tasks = snapshot.pool.tasks;
    const busy = tasks.some((t) => t.status === 'queued' || t.status === 'running');
    if (this.queueBusy && !busy && !snapshot.pool.paused) {
      const done = tasks.filter((t) => t.status === 'done').length;
      news('queue', `✅ Queue finished: nothing queued or running (${done} done). /queue lists them.`);
    }
    this.queueBusy = busy;
    const phone = snapshot.bridges.find((b) => b.id === 'phone');
    const phoneDown = phone?.state === 'down' ? (phone.reason ?? 'no reason given') : null;
    if (phoneDown !== null && phoneDown !== this.phone)
      news(`phone\u0000${phoneDown}`, `📵 Phone bridge down: ${displayText(phoneDown, 300)}`);
    this.phone = phoneDown;
    this.baselined = true;
    return out;
  }

  /** The notice-worthy condition of a session, or null. */
  private watched(view: SessionView): string | null {
    if (view.gone) return null;
    switch (view.state) {
      case 'stalled':
      case 'error':
      case 'limited':
        return view.state;
      case 'exited':
        return view.trouble?.kind === 'crash' ? 'crashed' : 'exited';
      default:
        return null;
    }
  }

  private describe(kind: string, view: SessionView): string {
    const cause = view.trouble?.cause ? ` (${displayText(view.trouble.cause, 80)})` : '';
    switch (kind) {
      case 'stalled':
        return `⏸ stalled: no progress for a while${cause}`;
      case 'error':
        return '⚠ shows an error';
      case 'limited': {
        const resets = view.trouble?.resetsAt;
        return `⏳ hit its usage limit${resets ? `; it resets at ${clockTime(resets, this.offset)}` : ''}`;
      }
      case 'crashed':
        return `💥 crashed${cause}`;
      default:
        return '⏹ the agent exited';
    }
  }
}
