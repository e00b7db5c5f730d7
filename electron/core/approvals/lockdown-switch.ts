/**
 * LOCKDOWN's state: engaged or not, why Tower engaged it itself (an unreadable state file), and an
 * epoch that moves on every engage so an answer already under way sees that LOCKDOWN came and went.
 * Engaging is in memory first (typing stops at once), then durable, then audited; lifting is refused
 * off the Mac and while the state problem stands.
 */
import { TowerError } from '../../contract/api';
import type { AuditSink, Clock, Store } from '../ports';
import { isLocalChannel, stateProblem } from './lockdown-rules';

/** The store key LOCKDOWN is kept under. */
export const LOCKDOWN_KEY = 'lockdown';

/** What the switch needs. */
export interface LockdownSwitchDeps {
  readonly store: Store;
  readonly audit: AuditSink;
  readonly clock: Clock;
  /** Told right after the in-memory change, before it is written (the ladder freezes at once). */
  readonly changed: () => void;
}

/** LOCKDOWN, held once for the whole Supervisor. */
export class LockdownSwitch {
  private engaged = false;
  private problem: string | null = null;
  private engagements = 0;

  constructor(private readonly deps: LockdownSwitchDeps) {}

  /** Whether typing is stopped. */
  get locked(): boolean {
    return this.engaged;
  }

  /** Why Tower locked itself down (an unreadable state file); null when the owner did, or no LOCKDOWN. */
  get reason(): string | null {
    return this.problem;
  }

  /** Moves on every engage: an answer started in one epoch must not type in another. */
  get epoch(): number {
    return this.engagements;
  }

  /**
   * Reads LOCKDOWN and, inside the same guard, whatever else the caller restores. Fails closed: state
   * that cannot be read may have held LOCKDOWN or an answer in flight, so Tower locks itself down.
   */
  async restore(restoreRest: () => Promise<void>): Promise<void> {
    try {
      this.engaged = (await this.deps.store.get<boolean>(LOCKDOWN_KEY)) === true;
      await restoreRest();
    } catch (error) {
      this.engaged = true;
      this.problem = stateProblem(error);
      await this.deps.audit.append({
        at: this.deps.clock.now(),
        kind: 'lockdown-engaged',
        channel: 'tower',
        detail: { reason: this.problem },
      });
    }
  }

  /** Engages or lifts; resolves with the state once it is durable and audited. */
  async set(engaged: boolean, channel: string): Promise<boolean> {
    if (!engaged) await this.refuseLift(channel);
    this.engaged = engaged;
    if (engaged) this.engagements += 1;
    this.deps.changed();
    await this.deps.store.set(LOCKDOWN_KEY, engaged);
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: engaged ? 'lockdown-engaged' : 'lockdown-lifted',
      channel,
      detail: {},
    });
    if (!engaged) this.problem = null;
    return this.engaged;
  }

  // Only the owner at the Mac lifts LOCKDOWN; an unreadable state file must be fixed first.
  private async refuseLift(channel: string): Promise<void> {
    const reason = !isLocalChannel(channel)
      ? `LOCKDOWN can only be lifted at the Mac (tray or CLI), not from ${channel}`
      : this.problem !== null
        ? `LOCKDOWN stays on: ${this.problem}`
        : null;
    if (reason === null) return;
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'lockdown-lift-refused',
      channel,
      detail: { reason },
    });
    throw new TowerError('not-allowed', reason);
  }
}
