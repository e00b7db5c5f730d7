import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findITerm2Pythons } from './python-runtime';

function python(home: string, support: string, env: string, version: string, mode = 0o755): string {
  const bin = join(home, 'Library', support, 'iTerm2', env, 'versions', version, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'python3'), '#!/bin/sh\n');
  chmodSync(join(bin, 'python3'), mode);
  return join(bin, 'python3');
}

describe('findITerm2Pythons', () => {
  it('finds iTerm2 runtimes newest first, skipping non-executables', () => {
    const home = mkdtempSync(join(tmpdir(), 'tower-home-'));
    const old = python(home, 'Application Support', 'iterm2env', '3.9.7');
    const newer = python(home, 'Application Support', 'iterm2env-3.12', '3.12.10');
    python(home, 'Application Support', 'iterm2env', '3.10.1', 0o644);
    expect(findITerm2Pythons(home)).toEqual([newer, old]);
  });

  it('finds nothing in an empty home (never falls back to /usr/bin/python3)', () => {
    expect(findITerm2Pythons(mkdtempSync(join(tmpdir(), 'tower-home-')))).toEqual([]);
  });
});
