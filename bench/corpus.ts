/**
 * The detector's fixture corpus, read from disk for the benchmark and the scripted agents.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseFixture, type Fixture } from '../electron/core/detection';

/** Where the labelled screens live. */
export const FIXTURE_ROOT = join(import.meta.dirname, '../electron/core/detection/fixtures');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.txt') ? [path] : [];
  });
}

/** Every fixture, sorted by path (names are relative to the fixture root, e.g. `captured/x.txt`). */
export function loadCorpus(): Fixture[] {
  return walk(FIXTURE_ROOT)
    .sort()
    .map((path) => parseFixture(relative(FIXTURE_ROOT, path), readFileSync(path, 'utf8')));
}

/** One fixture's screen rows by name; throws when the corpus lost it, so the bench never runs on air. */
export function screenOf(name: string): readonly string[] {
  const text = readFileSync(join(FIXTURE_ROOT, name), 'utf8');
  return parseFixture(name, text).lines;
}
