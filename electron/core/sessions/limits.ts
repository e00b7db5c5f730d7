/**
 * Usage- and context-limit screens: which one is showing, and when a usage limit resets.
 *
 * Screen text is attacker-controlled, so a limit seen here only ever makes Tower wait or ask the
 * owner; the one thing it can trigger on its own (typing "continue" at reset) is opt-in and runs
 * through the Typist like any other typing.
 */

/** A limit line found on the screen. */
export type LimitFinding =
  | { readonly kind: 'usage-limit'; readonly line: string; readonly resetsAt: number | null }
  | { readonly kind: 'context-limit'; readonly line: string };

const USAGE =
  /(?:You['’]ve hit your\b.*\blimit\b|Claude (?:AI )?usage limit reached|Usage limit reached\b|You['’]re out of usage credits)/u;
const CONTEXT =
  /(?:Context limit reached\b|Prompt is too long\b|ran out of room in the model's context window)/iu;

// "resets 3:45pm", "resets Mon 12:00am", "resets 1:30am (Asia/Dhaka)", "reset at 9am (America/Chicago)".
const CLAUDE_RESET =
  /\breset(?:s| at)\s+(?:(?<day>Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\s+)?(?<hour>\d{1,2})(?::(?<minute>\d{2}))?\s*(?<ampm>am|pm)\b(?:\s*\((?<zone>[A-Za-z_]+(?:\/[A-Za-z_+-]+)*)\))?/iu;
// Codex: "try again at May 14th, 2026 2:32 PM."
const CODEX_RESET =
  /try again at (?<month>[A-Z][a-z]+) (?<date>\d{1,2})(?:st|nd|rd|th)?, (?<year>\d{4}) (?<hour>\d{1,2}):(?<minute>\d{2}) ?(?<ampm>AM|PM)/u;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The last limit line on the screen, if any. Only the bottom of the screen counts (the last turn),
 * so a limit quoted earlier in the conversation is not taken for a live one.
 */
export function findLimit(lines: readonly string[], now: number, timeZone?: string): LimitFinding | null {
  const tail = lines.slice(-16);
  for (let i = tail.length - 1; i >= 0; i--) {
    const line = (tail[i] ?? '').trim();
    if (USAGE.test(line)) return { kind: 'usage-limit', line, resetsAt: parseReset(line, now, timeZone) };
    if (CONTEXT.test(line)) return { kind: 'context-limit', line };
  }
  return null;
}

/** When the limit on this line resets (ms since epoch), or null when it does not say. */
export function parseReset(line: string, now: number, timeZone?: string): number | null {
  const codex = CODEX_RESET.exec(line)?.groups;
  if (codex) {
    const month = MONTHS.indexOf((codex['month'] ?? '').slice(0, 3).toLowerCase());
    if (month < 0) return null;
    const wall = {
      year: Number(codex['year']),
      month,
      date: Number(codex['date']),
      hour: to24(Number(codex['hour']), codex['ampm'] ?? ''),
      minute: Number(codex['minute']),
    };
    return zonedToEpoch(wall, timeZone);
  }
  const claude = CLAUDE_RESET.exec(line)?.groups;
  if (!claude) return null;
  const zone = claude['zone'] ?? timeZone;
  const hour = to24(Number(claude['hour']), claude['ampm'] ?? '');
  const minute = Number(claude['minute'] ?? '0');
  if (hour > 23 || minute > 59) return null;
  const today = wallClock(now, zone);
  const wantDay = claude['day'] ? DAYS.indexOf(claude['day'].slice(0, 3).toLowerCase()) : null;
  // The next such wall time after now (today, or the next matching day).
  for (let add = 0; add <= 7; add++) {
    const candidate = zonedToEpoch({ ...today, date: today.date + add, hour, minute }, zone);
    if (candidate === null) return null;
    const weekday = wallClock(candidate, zone).weekday;
    if (candidate > now && (wantDay === null || weekday === wantDay)) return candidate;
  }
  return null;
}

interface Wall {
  readonly year: number;
  readonly month: number;
  readonly date: number;
  readonly hour: number;
  readonly minute: number;
}

function to24(hour: number, ampm: string): number {
  const pm = ampm.toLowerCase() === 'pm';
  if (hour === 12) return pm ? 12 : 0;
  return pm ? hour + 12 : hour;
}

/** The wall clock at `at` in `zone` (the machine's zone when absent or unknown). */
function wallClock(at: number, zone: string | undefined): Wall & { readonly weekday: number } {
  const parts = formatter(zone)?.formatToParts(new Date(at));
  if (!parts) {
    const d = new Date(at);
    return {
      year: d.getFullYear(),
      month: d.getMonth(),
      date: d.getDate(),
      hour: d.getHours(),
      minute: d.getMinutes(),
      weekday: d.getDay(),
    };
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')) - 1,
    date: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    weekday: DAYS.indexOf(get('weekday').slice(0, 3).toLowerCase()),
  };
}

/** The instant a wall time in `zone` names (the machine's zone when absent or unknown). */
function zonedToEpoch(wall: Wall, zone: string | undefined): number | null {
  const local = new Date(wall.year, wall.month, wall.date, wall.hour, wall.minute).getTime();
  if (!formatter(zone)) return Number.isFinite(local) ? local : null;
  // Guess as if UTC, then correct by the zone's offset at that instant (twice, across DST edges).
  const asUtc = Date.UTC(wall.year, wall.month, wall.date, wall.hour, wall.minute);
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const seen = wallClock(guess, zone);
    const seenUtc = Date.UTC(seen.year, seen.month, seen.date, seen.hour, seen.minute);
    guess += asUtc - seenUtc;
  }
  return Number.isFinite(guess) ? guess : null;
}

function formatter(zone: string | undefined): Intl.DateTimeFormat | null {
  if (!zone) return null;
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
  } catch {
    return null; // an unknown zone name: read the time as the machine's local time
  }
}
