import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accuracy, formatAccuracy } from './accuracy';
import { detect } from './detect';
import { parseFixture } from './fixture-format';
import type { Fixture } from './fixture-format';

const ROOT = join(import.meta.dirname, 'fixtures');

/** Fixtures we know we get wrong, with the reason. Keep this tiny. */
const KNOWN_MISSES: Readonly<Record<string, string>> = {};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.txt') ? [path] : [];
  });
}

function load(): Fixture[] {
  return walk(ROOT)
    .sort()
    .map((path) => parseFixture(relative(ROOT, path), readFileSync(path, 'utf8')));
}

const fixtures = load();

describe('fixture corpus', () => {
  it('has fixtures with expected states', () => {
    expect(fixtures.length).toBeGreaterThan(30);
    for (const f of fixtures) expect(f.expected, f.name).not.toBeNull();
  });

  for (const fixture of fixtures) {
    const known = KNOWN_MISSES[fixture.name];
    it.skipIf(known !== undefined)(`${fixture.name} → ${fixture.expected ?? '?'}`, () => {
      const d = detect(fixture.lines, fixture.hint);
      expect(d.state, d.evidence.join('\n')).toBe(fixture.expected);
      expect(d.prompt !== null).toBe(d.state === 'permission' || d.state === 'question');
      const tool = /\btool=([^\s;,()]+?)[.]?(?=[\s;,()]|$)/u.exec(fixture.headers.detail ?? '')?.[1];
      if (tool && d.prompt) expect(d.prompt.tool).toBe(tool);
      if (fixture.headers.subject !== undefined) expect(d.prompt?.subject).toBe(fixture.headers.subject);
      if (fixture.headers.options !== undefined) {
        expect(d.prompt?.options.map((o) => o.label).join(' | ')).toBe(fixture.headers.options);
      }
      if (fixture.headers.type !== undefined) expect(d.prompt?.type).toBe(fixture.headers.type);
    });
  }

  it('prints the accuracy table', () => {
    const report = accuracy(fixtures, detect);
    console.log(`\nDetection accuracy on ${report.total} fixtures\n${formatAccuracy(report)}\n`);
    const unexpected = report.misses.filter((m) => KNOWN_MISSES[m.name] === undefined);
    expect(unexpected).toEqual([]);
  });
});
