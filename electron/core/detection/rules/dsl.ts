/**
 * Small constructors that keep rule packs readable as data.
 */
import type { Matcher, Region } from '../rule-types';

/** Some row matches `re`. */
export const line = (re: RegExp): Matcher => ({ kind: 'line', re });
/** Every matcher holds. */
export const all = (...of: Matcher[]): Matcher => ({ kind: 'all', of });
/** At least one matcher holds. */
export const any = (...of: Matcher[]): Matcher => ({ kind: 'any', of });
/** The matcher does not hold. */
export const not = (of: Matcher): Matcher => ({ kind: 'not', of });
/** The matcher holds in another region. */
export const within = (region: Region, match: Matcher): Matcher => ({ kind: 'within', region, match });
/** The last `lines` non-blank rows. */
export const bottom = (lines: number): Region => ({ kind: 'bottom', lines });
/** The current turn (after the last user message, above the input line). */
export const TURN: Region = { kind: 'turn' };
/** A horizontal rule row (`────`). */
export const RULE_ROW = /^\s*[─━═▀╭╰]{8,}/u;
