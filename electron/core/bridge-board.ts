/**
 * The remote bridges as every UI sees them (Telegram, phone, hooks: up, down or off, and why), and
 * the one control the owner has over the phone line from the Mac: lifting a TOTP lockout early.
 * Lockouts double up to a week; without this the owner who mistyped their own PIN, or who saw a
 * guesser off, could not use the line again until it ran out.
 */
import type { UnlockPhoneArgs } from '../contract/api';
import { TowerError } from '../contract/api';
import type { BridgeView } from '../contract/dto';
import { isLocalChannel } from './approvals/lockdown-rules';
import type { AuditSink, Clock } from './ports';

/** The running phone line, as the composition root attaches it. */
export interface PhoneLineControl {
  /** Lifts the lockout; resolves with when it would have ended, or null when the line was not locked. */
  unlock(by: string): Promise<number | null>;
}

/** Bridge views and the phone line's control. */
export class BridgeBoard {
  private readonly views = new Map<BridgeView['id'], BridgeView>();
  private phoneLine: PhoneLineControl | null = null;

  constructor(private readonly deps: { readonly audit: AuditSink; readonly clock: Clock }) {}

  /** Records a bridge's view; true when it differs from the last one (so UIs need a new snapshot). */
  report(view: BridgeView): boolean {
    const before = this.views.get(view.id);
    this.views.set(view.id, view);
    return JSON.stringify(before) !== JSON.stringify(view);
  }

  list(): BridgeView[] {
    return [...this.views.values()];
  }

  /** The phone line now running (null once it stops). */
  attachPhoneLine(line: PhoneLineControl | null): void {
    this.phoneLine = line;
  }

  /**
   * Lifts a phone lockout. Only local channels reach this (the transports accept `api`, `cli`, `tray`;
   * the remote bridges have no such call): a caller who is locked out cannot unlock the line by phone.
   */
  async unlockPhone(
    args: UnlockPhoneArgs,
  ): Promise<{ readonly lifted: boolean; readonly lockedUntil: number | null }> {
    const by = args.channel ?? 'api';
    // The transports already take only local channels; checked here too, as LOCKDOWN's lift is, so an
    // in-process caller (a bridge handed the whole Supervisor) cannot lift it either.
    if (!isLocalChannel(by)) {
      const reason = `a phone lockout can only be lifted at the Mac (tray or CLI), not from ${by}`;
      await this.deps.audit.append({
        at: this.deps.clock.now(),
        kind: 'phone-unlock-refused',
        channel: by,
        detail: { reason },
      });
      throw new TowerError('not-allowed', reason);
    }
    if (!this.phoneLine)
      throw new TowerError(
        'not-allowed',
        'the phone line is not running here, so there is no lockout to lift',
      );
    const lockedUntil = await this.phoneLine.unlock(by);
    return { lifted: lockedUntil !== null, lockedUntil };
  }
}
