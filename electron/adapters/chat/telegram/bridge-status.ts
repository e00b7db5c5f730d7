/**
 * The Telegram poller's status as the tray shows it (`BridgeView`), reported to the Supervisor.
 *
 * Every change of state, bot name or reason is reported at once; the time of the last update only
 * every `activityEveryMs`, so a busy chat does not push a fresh snapshot to every UI per message.
 */
import type { BridgeView } from '../../../contract/dto';
import type { TelegramStatus } from './telegram-chat-channel';

/** The tray's view of a poller status. */
export function telegramBridgeView(status: TelegramStatus): BridgeView {
  const state =
    status.state === 'connected' ? 'up' : status.state === 'stopped' && !status.reason ? 'off' : 'down';
  return {
    id: 'telegram',
    state,
    detail: status.botUsername ? `@${status.botUsername}` : null,
    reason:
      status.state === 'starting'
        ? 'connecting to Telegram…'
        : state === 'up'
          ? null
          : (status.reason ?? null),
    lastActivityAt: status.lastUpdateAt,
  };
}

/** Wraps `report` so that activity-only changes are reported at most every `activityEveryMs`. */
export function throttledBridgeReport(
  report: (view: BridgeView) => void,
  activityEveryMs = 30_000,
): (status: TelegramStatus) => void {
  let last: BridgeView | null = null;
  return (status) => {
    const view = telegramBridgeView(status);
    const sameButActivity =
      last !== null &&
      last.state === view.state &&
      last.detail === view.detail &&
      last.reason === view.reason &&
      (view.lastActivityAt ?? 0) - (last.lastActivityAt ?? 0) < activityEveryMs;
    if (sameButActivity) return;
    last = view;
    report(view);
  };
}
