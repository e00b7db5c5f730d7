/**
 * Serves a built UI (the React renderer's output) from one directory, read-only.
 *
 * Only files inside the directory (after resolving symlinks), no dotfiles, GET/HEAD only, a fixed
 * content-type table (unknown extensions are sent as octet-stream so nothing is sniffed into HTML).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Resolves a URL path to a file inside root, or null when it would escape, hide, or not exist. */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (rel.split(/[\\/]/).some((part) => part.startsWith('.'))) return null;
  try {
    const realRoot = await realpath(resolve(root));
    const real = await realpath(join(realRoot, rel));
    const inside = relative(realRoot, real);
    if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Sends a file found by resolveStaticFile. */
export async function sendStaticFile(
  res: ServerResponse,
  file: string,
  headers: Record<string, string>,
  headOnly: boolean,
): Promise<void> {
  const body = await readFile(file);
  res.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': body.length,
  });
  res.end(headOnly ? undefined : body);
}
