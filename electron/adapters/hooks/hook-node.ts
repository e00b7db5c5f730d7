/**
 * The `node` that runs the hook command for the Electron app. Headless Tower runs in Node, so its own
 * `process.execPath` serves. The packaged app's executable is Electron with the RunAsNode fuse off: it
 * cannot run a script, so a real Node must be found. A Mac app started from Finder or at login gets the
 * launchd PATH (`/usr/bin:/bin:/usr/sbin:/sbin`), which holds no Node, so the usual install places are
 * searched too. Claude Code itself is an npm package, so whoever runs it has a Node somewhere.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** What the search reads (a seam for tests). */
export interface NodeSearch {
  readonly env: NodeJS.ProcessEnv;
  readonly home?: string;
  readonly isExecutable?: (path: string) => boolean;
  readonly list?: (dir: string) => readonly string[];
}

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const listDir = (dir: string): readonly string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** `v20.11.1` → [20, 11, 1]; anything else sorts first. */
function versionKey(name: string): number[] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/u.exec(name);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [-1, -1, -1];
}

function newestFirst(names: readonly string[]): string[] {
  return [...names].sort((a, b) => {
    const [x, y] = [versionKey(a), versionKey(b)];
    for (let i = 0; i < 3; i += 1) if (x[i] !== y[i]) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  });
}

/** Where to look, in order: TOWER_HOOK_NODE, PATH, Homebrew, /usr/local, Volta, asdf, fnm, nvm (newest). */
export function nodeCandidates(search: NodeSearch): string[] {
  const home = search.home ?? homedir();
  const list = search.list ?? listDir;
  const fromPath = (search.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir.startsWith('/'))
    .map((dir) => join(dir, 'node'));
  const nvm = join(search.env.NVM_DIR ?? join(home, '.nvm'), 'versions', 'node');
  const fnm = join(home, 'Library', 'Application Support', 'fnm', 'node-versions');
  return [
    ...(search.env.TOWER_HOOK_NODE ? [search.env.TOWER_HOOK_NODE] : []),
    ...fromPath,
    '/opt/homebrew/bin/node',
    '/usr/local/bin/node',
    join(home, '.volta', 'bin', 'node'),
    join(home, '.asdf', 'shims', 'node'),
    ...newestFirst(list(fnm)).map((v) => join(fnm, v, 'installation', 'bin', 'node')),
    ...newestFirst(list(nvm)).map((v) => join(nvm, v, 'bin', 'node')),
  ];
}

/**
 * The first executable candidate, or null. An explicit TOWER_HOOK_NODE that is not executable is an
 * answer too (null): the owner said which Node to use, so another is not silently substituted.
 */
export function findHookNode(search: NodeSearch): string | null {
  const isExecutable = search.isExecutable ?? executable;
  const chosen = search.env.TOWER_HOOK_NODE;
  if (chosen) return chosen.startsWith('/') && isExecutable(chosen) ? chosen : null;
  return nodeCandidates(search).find((path) => isExecutable(path)) ?? null;
}
