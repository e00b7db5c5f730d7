import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLimit, parseReset } from './limits';

const FIXTURES = join(import.meta.dirname, '../detection/fixtures');
const screen = (path: string) =>
  readFileSync(join(FIXTURES, path), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('# '));
// Sunday 22 November 2026, 10:00 UTC.
const NOW = Date.UTC(2026, 10, 22, 10, 0);

describe('usage and context limits', () => {
  it('reads the reset time of a Claude limit in the zone the screen names', () => {
    const found = findLimit(screen('synthetic/claude-usage-limit.txt'), NOW);
    // 1:30am in Dhaka (UTC+6) after 16:00 Dhaka time is tomorrow 1:30 = 19:30 UTC today.
    expect(found).toMatchObject({ kind: 'usage-limit', resetsAt: Date.UTC(2026, 10, 22, 19, 30) });
  });

  it('reads a plain clock time in the owner zone, and a weekday when given', () => {
    expect(parseReset("You've hit your session limit · resets 3:45pm", NOW, 'UTC')).toBe(
      Date.UTC(2026, 10, 22, 15, 45),
    );
    expect(parseReset("You've hit your session limit · resets 9:15am", NOW, 'UTC')).toBe(
      Date.UTC(2026, 10, 23, 9, 15),
    );
    expect(parseReset("You've hit your weekly limit · resets Mon 12:00am", NOW, 'UTC')).toBe(
      Date.UTC(2026, 10, 23, 0, 0),
    );
    expect(
      parseReset('Claude usage limit reached. Your limit will reset at 9am (America/Chicago).', NOW),
    ).toBe(Date.UTC(2026, 10, 22, 15, 0));
  });

  it('reads Codex "try again at" with a date', () => {
    const found = findLimit(screen('reference/codex-error-usage-limit.txt'), NOW, 'UTC');
    expect(found).toMatchObject({ kind: 'usage-limit', resetsAt: Date.UTC(2026, 4, 14, 14, 32) });
  });

  it('finds a context limit, and says null for a limit with no reset time', () => {
    expect(findLimit(screen('reference/claude-context-limit.txt'), NOW)?.kind).toBe('context-limit');
    expect(findLimit(["You're out of usage credits"], NOW)).toMatchObject({ resetsAt: null });
    expect(findLimit(['all good', '❯ '], NOW)).toBeNull();
  });

  it('ignores a limit quoted far above the last turn', () => {
    const lines = ["You've hit your limit · resets 3pm", ...Array.from({ length: 20 }, () => 'output')];
    expect(findLimit(lines, NOW)).toBeNull();
  });
});
