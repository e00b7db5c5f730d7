/**
 * Symlink resolution for policy: the real path of the longest existing prefix of a path, with the rest
 * appended (a file an agent is about to create does not exist yet, but its folder may be a link).
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The real path of `path`, or null when the file system will not say (permissions, loops). */
export async function realPathOf(path: string): Promise<string | null> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      const real = await realpath(current);
      return missing.length === 0 ? real : join(real, ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return null;
      const parent = dirname(current);
      if (parent === current) return null;
      missing.push(basename(current));
      current = parent;
    }
  }
}
