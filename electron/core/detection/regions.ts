/**
 * Regions and matchers: where a rule looks on the screen and how it tests the rows there.
 */
import type { Layout, Matcher, Region } from './rule-types';
import { bottomNonBlank, lastRuleIndex } from './screen';
import type { Screen, ScreenLine } from './screen';

/** How many rows from the bottom the input line may be. */
const INPUT_SEARCH_ROWS = 12;

/** Index of the input line (composer) per `layout`, or -1 when none is visible. */
export function inputLineIndex(screen: Screen, layout: Layout | null): number {
  if (!layout) return -1;
  const bottom = bottomNonBlank(screen.lines, INPUT_SEARCH_ROWS);
  for (let i = bottom.length - 1; i >= 0; i--) {
    const line = bottom[i];
    if (line && layout.input.test(line.norm)) return line.row;
  }
  return -1;
}

/** The rows of `region` on `screen`. */
export function regionLines(screen: Screen, region: Region, layout: Layout | null): readonly ScreenLine[] {
  const lines = screen.lines;
  switch (region.kind) {
    case 'screen':
      return lines;
    case 'bottom':
      return bottomNonBlank(lines, region.lines);
    case 'afterLastRule':
      return lines.slice(lastRuleIndex(lines) + 1);
    case 'turn': {
      const input = inputLineIndex(screen, layout);
      if (input < 0 || !layout) return [];
      let start = 0;
      for (let i = input - 1; i >= 0; i--) {
        const line = lines[i];
        if (line && layout.userMessage.test(line.norm)) {
          start = i + 1;
          break;
        }
      }
      // Stop at the frame drawn right above the input line (Claude's rule), so it is not "turn" text.
      return lines.slice(start, input).filter((l) => !l.isRule);
    }
  }
}

/** Rows that satisfied a matcher, for evidence. */
export type Hits = ScreenLine[];

/** Whether `matcher` holds on `lines`; pushes the rows that made it hold onto `hits`. */
export function matches(
  matcher: Matcher,
  lines: readonly ScreenLine[],
  screen: Screen,
  layout: Layout | null,
  hits: Hits,
): boolean {
  switch (matcher.kind) {
    case 'line': {
      const hit = lines.find((l) => matcher.re.test(l.norm));
      if (hit) hits.push(hit);
      return hit !== undefined;
    }
    case 'all': {
      const local: Hits = [];
      const ok = matcher.of.every((m) => matches(m, lines, screen, layout, local));
      if (ok) hits.push(...local);
      return ok;
    }
    case 'any':
      return matcher.of.some((m) => matches(m, lines, screen, layout, hits));
    case 'not':
      return !matches(matcher.of, lines, screen, layout, []);
    case 'within':
      return matches(matcher.match, regionLines(screen, matcher.region, layout), screen, layout, hits);
  }
}
