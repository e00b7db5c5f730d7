/**
 * The per-launch API token of the headless server: it arrives in the URL fragment (`#token=…`, never
 * sent to a server or logged), moves to sessionStorage, and leaves the address bar.
 */
const TOKEN_KEY = 'tower.token';

/** Minimal views of the browser objects used, so tests can pass their own. */
export interface TokenEnvironment {
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly history: Pick<History, 'replaceState'>;
  readonly sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** Reads the token from the fragment (then hides it) or from sessionStorage; null when there is none. */
export function readToken(env: TokenEnvironment): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]{1,200})/.exec(env.location.hash);
  if (match?.[1] !== undefined) {
    try {
      env.sessionStorage.setItem(TOKEN_KEY, match[1]);
    } catch {
      // Storage can be disabled; the token still works for this page's life.
    }
    env.history.replaceState(null, '', env.location.pathname + env.location.search);
    return match[1];
  }
  try {
    return env.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
