/**
 * The morning report: once a day, at a time the owner chose (their local time), one message with
 * the sessions and their states, what waits for an answer, the task queue, what supervision did
 * overnight, bridges that are down, and LOCKDOWN. The day it was last sent is kept in the Store, so
 * a restart the same morning does not send it twice; a Tower started after the hour waits for the
 * next morning rather than sending a stale one.
 */
import type { Snapshot } from '../../contract/dto';
import { displayText } from '../intents/display-text';
import type { Clock, Store } from '../ports';
import { clockTime, localDay, nextLocalTime, type UtcOffset } from './local-time';

/** When to send it. */
export interface MorningTime {
  readonly hour: number;
  readonly minute: number;
}

/** What the report needs. */
export interface MorningReportDeps {
  readonly clock: Clock;
  readonly store: Store;
  readonly storeKey: string;
  readonly offset: UtcOffset;
  readonly at: MorningTime;
  snapshot(): Promise<Snapshot>;
  send(text: string): Promise<void>;
}

interface Sent {
  readonly day: string;
  readonly at: number;
}

/** Schedules the daily report with the Clock port. */
export class MorningReport {
  private cancel: (() => void) | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: MorningReportDeps) {}

  /** Schedules the next report. */
  start(): void {
    const now = this.deps.clock.now();
    const next = nextLocalTime(now, this.deps.at.hour, this.deps.at.minute, this.deps.offset);
    this.cancel = this.deps.clock.after(next - now, () => {
      this.running = this.fire().finally(() => {
        if (this.cancel) this.start();
      });
    });
  }

  /** Stops scheduling. */
  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** Resolves once a report being sent is done (tests). */
  idle(): Promise<void> {
    return this.running;
  }

  private async fire(): Promise<void> {
    const now = this.deps.clock.now();
    const day = localDay(now, this.deps.offset);
    const last = await this.deps.store.get<Sent>(this.deps.storeKey);
    if (last?.day === day) return;
    await this.deps.store.set(this.deps.storeKey, { day, at: now } satisfies Sent);
    const since = typeof last?.at === 'number' ? last.at : now - 86_400_000;
    await this.deps.send(morningText(await this.deps.snapshot(), since, now, this.deps.offset));
  }
}

/** The report's text. */
export function morningText(snapshot: Snapshot, since: number, now: number, offset: UtcOffset): string {
  const lines = [`☀ Morning report – ${localDay(now, offset)} ${clockTime(now, offset)}`];
  if (snapshot.lockdown)
    lines.push('⛔ LOCKDOWN is engaged: Tower types nothing until it is lifted at the Mac.');
  const live = snapshot.sessions.filter((s) => !s.gone && s.agent !== null);
  const byState = new Map<string, number>();
  for (const s of live) byState.set(s.state, (byState.get(s.state) ?? 0) + 1);
  lines.push(
    live.length === 0
      ? 'Agents: none running.'
      : `Agents: ${live.length} (${[...byState].map(([state, n]) => `${n} ${state}`).join(', ')})`,
  );
  const waiting = snapshot.approvals.filter((a) => a.status === 'pending').length;
  lines.push(waiting === 0 ? 'Nothing waits for you.' : `Waiting for you: ${waiting} (/status)`);
  const tasks = snapshot.pool.tasks;
  const doneOvernight = tasks.filter((t) => t.status === 'done' && (t.doneAt ?? 0) >= since).length;
  const queued = tasks.filter((t) => t.status === 'queued').length;
  const running = tasks.filter((t) => t.status === 'running').length;
  lines.push(
    `Queue: ${doneOvernight} done since the last report, ${running} running, ${queued} queued${snapshot.pool.paused ? ' (paused)' : ''}`,
  );
  const incidents = snapshot.pool.incidents.filter((i) => i.at >= since);
  if (incidents.length > 0) {
    lines.push(`Supervision: ${incidents.length} incident${incidents.length === 1 ? '' : 's'}`);
    for (const i of incidents.slice(-5))
      lines.push(
        `  ${clockTime(i.at, offset)} #${i.sessionNumber} ${i.kind} → ${i.action}: ${displayText(i.detail, 100)}`,
      );
  }
  for (const bridge of snapshot.bridges.filter((b) => b.state === 'down'))
    lines.push(`Bridge ${bridge.id} is down: ${displayText(bridge.reason ?? 'no reason given', 200)}`);
  return lines.join('\n');
}
