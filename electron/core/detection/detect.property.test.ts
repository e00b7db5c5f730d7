import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENT_KINDS } from '../../contract/dto';
import { detect } from './detect';
import { parseFixture } from './fixture-format';

const glyphs = fc.constantFrom(
  '❯',
  '›',
  '●',
  '─'.repeat(20),
  '1. Yes',
  '2. No',
  'Do you want to proceed?',
  '(y)',
  ' ',
  'esc',
);
const line = fc.array(fc.oneof(fc.string(), glyphs), { maxLength: 6 }).map((parts) => parts.join(' '));
const hint = fc.record({
  kind: fc.constantFrom(null, ...AGENT_KINDS),
  version: fc.constantFrom(null, '2.1.330', 'x'),
});

describe('detect (properties)', () => {
  it('never throws, and sets a prompt exactly for permission/question', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 50 }), hint, (lines, h) => {
        const d = detect(lines, h);
        expect(d.prompt !== null).toBe(d.state === 'permission' || d.state === 'question');
        for (const o of d.prompt?.options ?? []) expect(Array.isArray(o.keys)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a live prompt stops being one when transcript text appears below its menu', () => {
    const fixture = parseFixture(
      'bash',
      readFileSync(join(import.meta.dirname, 'fixtures/captured/claude-permission-bash.txt'), 'utf8'),
    );
    expect(detect(fixture.lines, fixture.hint).state).toBe('permission');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z ]{3,40}$/u), (text) => {
        const d = detect([...fixture.lines, `● ${text}`], fixture.hint);
        expect(d.state).not.toBe('permission');
      }),
      { numRuns: 100 },
    );
  });
});
