/**
 * Minimal version ranges for rule packs: `*`, or space-separated comparators like `>=2.1.0 <3`.
 */

/** Numeric parts of a version (`v2.1.330` → [2,1,330]; Cursor's `2026.06.15-03-…` → [2026,6,15]). */
function parts(version: string): number[] {
  const m = /(\d+(?:\.\d+)*)/u.exec(version);
  return m?.[1] ? m[1].split('.').map(Number) : [];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether `version` lies in `range`. A range that cannot be read never matches. */
export function inRange(version: string, range: string): boolean {
  if (range.trim() === '*') return true;
  const v = parts(version);
  if (v.length === 0) return false;
  return range
    .trim()
    .split(/\s+/u)
    .every((comparator) => {
      const m = /^(>=|<=|>|<|=)?(.+)$/u.exec(comparator);
      if (!m?.[2]) return false;
      const d = compare(v, parts(m[2]));
      switch (m[1]) {
        case '>=':
          return d >= 0;
        case '<=':
          return d <= 0;
        case '>':
          return d > 0;
        case '<':
          return d < 0;
        default:
          return d === 0;
      }
    });
}
