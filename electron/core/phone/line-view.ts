/**
 * The phone line as the Bridges view shows it: where Twilio must call, whether Tower calls the owner,
 * and a lockout with the time it ends (so the tray can offer to lift it).
 */
import type { BridgeView } from '../../contract/dto';

/** The bridge view of a running phone line. */
export function lineView(
  publicBaseUrl: string,
  callsOwner: boolean,
  lockedUntil: number | null,
  problem: string | null,
  lastActivityAt: number | null,
): BridgeView {
  const detail = `Twilio webhooks at ${publicBaseUrl}/voice/answer${callsOwner ? '; calls the owner on escalation' : ''}`;
  const reason =
    lockedUntil !== null
      ? `Locked after too many wrong codes until ${new Date(lockedUntil).toISOString().slice(11, 16)} UTC; calls are refused until then.`
      : problem;
  return {
    id: 'phone',
    state: lockedUntil !== null ? 'down' : 'up',
    detail,
    reason,
    lastActivityAt,
    lockedUntil,
  };
}
