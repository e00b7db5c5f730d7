/**
 * The escalation ladder: when each channel should be told about a pending approval.
 *
 * Tray (badge + notification) at once, a native dialog after `dialogAfterMs`, Telegram after
 * `telegramAfterMs`, a phone call `phoneAfterMs` after the Telegram step. During quiet hours the
 * quiet channels (by default only the phone) wait until the window ends instead of being skipped:
 * an agent still blocked in the morning is worth a call then. Pure arithmetic on times.
 */
import type { EscalationChannel } from '../../contract/dto';
import type { EscalationDocument } from '../../contract/policy';

/** A local-time window, in minutes after midnight; `to` < `from` wraps past midnight. */
export interface QuietHours {
  readonly fromMinute: number;
  readonly toMinute: number;
}

/** The ladder's settings (null leaves a step out). */
export interface EscalationConfig {
  readonly dialogAfterMs: number | null;
  readonly telegramAfterMs: number | null;
  /** Counted from the Telegram step (from the approval when Telegram is left out). */
  readonly phoneAfterMs: number | null;
  readonly quietHours: QuietHours | null;
  readonly quietChannels: readonly EscalationChannel[];
  /** An unanswered approval ends after this long. */
  readonly expireAfterMs: number;
}

/** Defaults: dialog after 30 s, Telegram after 2 min, phone 10 min later, expiry after 1 h. */
export const DEFAULT_ESCALATION: EscalationConfig = {
  dialogAfterMs: 30_000,
  telegramAfterMs: 120_000,
  phoneAfterMs: 600_000,
  quietHours: null,
  quietChannels: ['phone'],
  expireAfterMs: 3_600_000,
};

/** Converts the validated `escalation:` section of policy.yaml. */
export function escalationFromDocument(doc: EscalationDocument): EscalationConfig {
  const ms = (s: number | null) => (s === null ? null : s * 1_000);
  return {
    dialogAfterMs: ms(doc.dialog_after),
    telegramAfterMs: ms(doc.telegram_after),
    phoneAfterMs: ms(doc.phone_after),
    quietHours: doc.quiet_hours === null ? null : parseQuietHours(doc.quiet_hours),
    quietChannels: doc.quiet_channels,
    expireAfterMs: doc.expire_after * 1_000,
  };
}

function parseQuietHours(text: string): QuietHours {
  const [from = '', to = ''] = text.split('-');
  const minute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return { fromMinute: minute(from), toMinute: minute(to) };
}

/** One step of the ladder and when it is due (ms since epoch). */
export interface LadderStep {
  readonly channel: EscalationChannel;
  readonly at: number;
}

/** Minutes after local midnight for a time; injected so tests do not depend on the machine's zone. */
export type MinuteOfDay = (ms: number) => number;

/** Local time of this process. */
export const localMinuteOfDay: MinuteOfDay = (ms) => {
  const date = new Date(ms);
  return date.getHours() * 60 + date.getMinutes();
};

/** Every step of the ladder for an approval raised at `createdAt`, in the order they fall due. */
export function ladder(
  createdAt: number,
  config: EscalationConfig,
  minuteOfDay: MinuteOfDay = localMinuteOfDay,
): LadderStep[] {
  const telegramAt = config.telegramAfterMs === null ? null : createdAt + config.telegramAfterMs;
  const planned: { channel: EscalationChannel; at: number | null }[] = [
    { channel: 'tray', at: createdAt },
    { channel: 'dialog', at: config.dialogAfterMs === null ? null : createdAt + config.dialogAfterMs },
    { channel: 'telegram', at: telegramAt },
    {
      channel: 'phone',
      at: config.phoneAfterMs === null ? null : (telegramAt ?? createdAt) + config.phoneAfterMs,
    },
  ];
  const steps: LadderStep[] = [];
  for (const { channel, at } of planned) {
    if (at === null) continue;
    const quiet = config.quietHours !== null && config.quietChannels.includes(channel);
    steps.push({ channel, at: quiet ? afterQuietHours(at, config.quietHours, minuteOfDay) : at });
  }
  return steps.sort((a, b) => a.at - b.at);
}

/** `at` itself outside the window, or the first minute after the window ends. */
export function afterQuietHours(at: number, quiet: QuietHours | null, minuteOfDay: MinuteOfDay): number {
  if (quiet === null || !inWindow(minuteOfDay(at), quiet)) return at;
  const minute = minuteOfDay(at);
  const untilEnd = (quiet.toMinute - minute + 1_440) % 1_440;
  return Math.floor(at / 60_000) * 60_000 + untilEnd * 60_000;
}

function inWindow(minute: number, { fromMinute, toMinute }: QuietHours): boolean {
  if (fromMinute === toMinute) return false;
  return fromMinute < toMinute
    ? minute >= fromMinute && minute < toMinute
    : minute >= fromMinute || minute < toMinute;
}

/** What a pending approval needs now: has it expired, which steps fell due, when to look again. */
export function ladderDue(
  view: {
    readonly createdAt: number;
    readonly expiresAt: number | null;
    readonly escalatedTo: readonly EscalationChannel[];
  },
  config: EscalationConfig,
  now: number,
  frozen: boolean,
  minuteOfDay: MinuteOfDay = localMinuteOfDay,
): { readonly expired: boolean; readonly due: EscalationChannel[]; readonly nextAt: number | null } {
  if (view.expiresAt !== null && now >= view.expiresAt) return { expired: true, due: [], nextAt: null };
  const reached = new Set(view.escalatedTo);
  const steps = frozen
    ? []
    : ladder(view.createdAt, config, minuteOfDay).filter((s) => !reached.has(s.channel));
  const next = Math.min(view.expiresAt ?? Infinity, ...steps.filter((s) => s.at > now).map((s) => s.at));
  return {
    expired: false,
    due: steps.filter((s) => s.at <= now).map((s) => s.channel),
    nextAt: Number.isFinite(next) ? next : null,
  };
}
