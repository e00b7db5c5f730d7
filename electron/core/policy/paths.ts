/**
 * Pure POSIX path arithmetic for policy: resolving a path shown in a prompt against the project
 * directory, containment, and globs. No file system: symlinks are checked in links.ts with real paths
 * an adapter resolved.
 */

/** Home and project a path is resolved against. */
export interface PathBase {
  readonly cwd: string | null;
  readonly home: string | null;
}

/**
 * The absolute, lexically normalised path of `raw`, or null when it cannot be known without a shell
 * (`~user`, variables, no cwd for a relative path, no home for `~`).
 */
export function resolvePath(raw: string, base: PathBase): string | null {
  if (raw.includes('$') || raw.includes('\u0000')) return null;
  let absolute: string;
  if (raw === '~' || raw.startsWith('~/')) {
    if (!base.home) return null;
    absolute = `${base.home}/${raw.slice(1)}`;
  } else if (raw.startsWith('~')) {
    return null;
  } else if (raw.startsWith('/')) {
    absolute = raw;
  } else {
    if (!base.cwd) return null;
    absolute = `${base.cwd}/${raw}`;
  }
  return normalise(absolute);
}

/** Collapses `.`, `..` and repeated slashes of an absolute path. */
export function normalise(absolute: string): string {
  const out: string[] = [];
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** Whether `path` is `dir` itself or below it (`strict`: only below it). */
export function isInside(path: string, dir: string, strict = false): boolean {
  const root = normalise(dir);
  if (path === root) return !strict;
  return path.startsWith(root === '/' ? '/' : `${root}/`);
}

/** Whether a path as written climbs with `..` (even if it lands inside again: an owner should look). */
export function climbs(raw: string): boolean {
  return /(^|\/)\.\.(\/|$)/u.test(raw);
}

/** Compiles a glob (`*` within a segment, `**` across segments, `?` one character) to an anchored regex. */
export function globToRegExp(glob: string, flags = 'u'): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    // Only regex syntax characters: under the `u` flag any other escape (`\-`) is a SyntaxError, and
    // outside a character class `-` is literal anyway.
    else out += ch.replace(/[.+^${}()|[\]\\/]/gu, '\\$&');
  }
  return new RegExp(`^${out}$`, flags);
}

/** The last segment of a path-like word (`/usr/bin/rm` → `rm`). */
export function basename(word: string): string {
  const at = word.lastIndexOf('/');
  return at === -1 ? word : word.slice(at + 1);
}
