/**
 * Wall-clock time at the owner's place, for the morning report and "resets at" lines. The offset
 * comes from the composition root (the Mac's time zone, daylight saving included), so tests pick
 * any zone and the core never reads the machine's settings itself.
 */

/** Minutes east of UTC at instant `at` (Europe/Berlin in summer: 120). */
export type UtcOffset = (at: number) => number;

/** The offset of the JavaScript runtime's own time zone. */
export const runtimeOffset: UtcOffset = (at) => -new Date(at).getTimezoneOffset();

const DAY = 86_400_000;

/** "07:05" at the owner's place. */
export function clockTime(at: number, offset: UtcOffset): string {
  return new Date(at + offset(at) * 60_000).toISOString().slice(11, 16);
}

/** "2026-11-22" at the owner's place: one morning report per such day. */
export function localDay(at: number, offset: UtcOffset): string {
  return new Date(at + offset(at) * 60_000).toISOString().slice(0, 10);
}

/** The first instant after `now` when the owner's clock shows `hour:minute`. */
export function nextLocalTime(now: number, hour: number, minute: number, offset: UtcOffset): number {
  const local = now + offset(now) * 60_000;
  let target = Math.floor(local / DAY) * DAY + (hour * 60 + minute) * 60_000;
  if (target <= local) target += DAY;
  // Back to UTC with the offset in force at the target (a DST change overnight moves it an hour).
  const at = target - offset(target - offset(now) * 60_000) * 60_000;
  return at > now ? at : at + DAY;
}

/** "08:00" or "8:30" → hour and minute; null for anything else. */
export function parseClockTime(text: string): { readonly hour: number; readonly minute: number } | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}
