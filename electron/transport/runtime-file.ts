/**
 * The runtime file: where a running Tower publishes `{url, port, token, pid}` so the CLI can reach it.
 *
 * `${TOWER_HOME:-~/.tower}/run/api.json`, mode 0600 inside a 0700 directory (the token is the key to
 * typing into the owner's terminals), written atomically (temp file + fsync + rename) so a reader never
 * sees half a file, removed on shutdown. A file whose pid is dead is stale: Tower is not running.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** What the server publishes. */
export interface RuntimeInfo {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly pid: number;
}

/** What a reader finds. */
export type RuntimeLookup =
  | { readonly kind: 'running'; readonly info: RuntimeInfo; readonly path: string }
  | { readonly kind: 'not-running'; readonly reason: string; readonly path: string };

const runtimeSchema = z
  .object({
    // The CLI sends the token to this URL, so only loopback URLs are believed.
    url: z.string().regex(/^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}$/),
    port: z.number().int().min(1).max(65_535),
    token: z.string().regex(/^[A-Za-z0-9_-]{16,200}$/),
    pid: z.number().int().positive(),
  })
  .strict();

/** Environment the paths depend on (injectable for tests). */
export type RuntimeEnv = Readonly<Record<string, string | undefined>>;

/** Tower's home directory: `$TOWER_HOME`, else `~/.tower`. */
export function towerHome(env: RuntimeEnv = process.env): string {
  const configured = env.TOWER_HOME;
  return configured !== undefined && configured !== '' ? configured : join(homedir(), '.tower');
}

/** The runtime file's path. */
export function runtimeFilePath(env: RuntimeEnv = process.env): string {
  return join(towerHome(env), 'run', 'api.json');
}

/** Publishes the server's address and token; returns the path written. */
export async function writeRuntimeFile(info: RuntimeInfo, env: RuntimeEnv = process.env): Promise<string> {
  const parsed = runtimeSchema.parse(info);
  const path = runtimeFilePath(env);
  const dir = join(towerHome(env), 'run');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode does not apply to a directory that already existed; tighten it either way.
  await chmod(dir, 0o700);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(parsed)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  return path;
}

/** Removes the runtime file if it is still ours (a newer Tower may have replaced it). */
export async function removeRuntimeFile(
  pid: number = process.pid,
  env: RuntimeEnv = process.env,
): Promise<void> {
  const found = await readRuntimeFile(env, () => true);
  if (found.kind === 'running' && found.info.pid !== pid) return;
  await rm(runtimeFilePath(env), { force: true });
}

/** Whether a process with this pid exists (EPERM means it exists but is someone else's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the runtime file and says whether Tower is running. */
export async function readRuntimeFile(
  env: RuntimeEnv = process.env,
  isAlive: (pid: number) => boolean = pidAlive,
): Promise<RuntimeLookup> {
  const path = runtimeFilePath(env);
  const notRunning = (reason: string): RuntimeLookup => ({ kind: 'not-running', reason, path });
  let text: string;
  try {
    const info = await stat(path);
    // A file another user planted (or made readable) is not a Tower we started.
    if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
      return notRunning(`${path} belongs to another user`);
    }
    text = await readFile(path, 'utf8');
  } catch {
    return notRunning(`no runtime file at ${path}`);
  }
  let info: RuntimeInfo;
  try {
    info = runtimeSchema.parse(JSON.parse(text));
  } catch {
    return notRunning(`the runtime file ${path} is unreadable`);
  }
  if (!isAlive(info.pid)) return notRunning(`the runtime file ${path} is stale (pid ${info.pid} has exited)`);
  return { kind: 'running', info, path };
}
