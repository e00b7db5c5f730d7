/**
 * Finds iTerm2's own Python runtime, which has the `iterm2` package:
 * `~/Library/Application Support/iTerm2/iterm2env*\/versions/*\/bin/python3` (also via the
 * space-less `ApplicationSupport` symlink), newest first. Never `/usr/bin/python3`: without the
 * Command Line Tools it is a stub that pops an install dialog.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const byVersionDesc = (a: string, b: string): number => b.localeCompare(a, 'en', { numeric: true });

/** Every candidate interpreter under `home`, newest first. */
export function findITerm2Pythons(home: string): string[] {
  const found: string[] = [];
  for (const support of ['Application Support', 'ApplicationSupport']) {
    const base = join(home, 'Library', support, 'iTerm2');
    for (const env of entries(base)
      .filter((n) => n.startsWith('iterm2env'))
      .sort(byVersionDesc)) {
      for (const version of entries(join(base, env, 'versions')).sort(byVersionDesc)) {
        const python = join(base, env, 'versions', version, 'bin', 'python3');
        if (executable(python) && !found.includes(python)) found.push(python);
      }
    }
  }
  return found;
}
