/**
 * The `app://tower/…` scheme: serves the built renderer from one directory, read-only, with the CSP.
 */
import { extname, relative, resolve, sep } from 'node:path';
import { APP_CSP, APP_HOST, APP_SCHEME } from './security';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The file a request maps to, or null for another host, a dotfile, or anything outside the root. */
export function resolveAppFile(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const rel = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  if (rel.split(/[\\/]/).some((part) => part.startsWith('.'))) return null;
  const full = resolve(root, rel);
  const inside = relative(resolve(root), full);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return null;
  return full;
}

/** Response headers for a served file. */
export function appHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
  };
}
