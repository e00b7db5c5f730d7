/**
 * A small durable key-value store in one JSON file (LOCKDOWN, counters).
 *
 * Each write goes to a fresh temp file that is synced, renamed over the state file, and then the
 * directory is synced: after a `kill -9` or a power cut the file holds either the old or the new
 * content, never a mix or nothing. `set` resolves only after all of that, so an acknowledged value
 * (LOCKDOWN engaged) survives.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Store } from '../../core/ports';
import { fsyncDirectory } from './fsync-directory';

/** Store backed by a JSON file. A corrupt file is an error, never silently reset (it may hold LOCKDOWN). */
export class JsonFileStore implements Store {
  private data: Record<string, unknown> | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Values set since the queued write started, and that queued write (not started yet). */
  private pending = new Map<string, unknown>();
  private queued: Promise<void> | null = null;

  constructor(readonly path: string) {}

  async get<T>(key: string): Promise<T | undefined> {
    const data = await this.load();
    return data[key] as T | undefined;
  }

  /**
   * Resolves once a file holding this value (or a later one for the key) is durably in place.
   * Sets that arrive while a write is under way share the next write: under a burst of changes
   * the file is rewritten at most twice over, instead of once per set with a copy of the whole
   * state queued behind every fsync.
   */
  set(key: string, value: unknown): Promise<void> {
    this.pending.set(key, value);
    if (this.queued) return this.queued;
    const write = this.chain.then(async () => {
      this.queued = null; // from here on, new sets wait for the write after this one
      const changes = this.pending;
      this.pending = new Map();
      const data = { ...(await this.load()), ...Object.fromEntries(changes) };
      await this.writeAtomically(`${JSON.stringify(data, null, 2)}\n`);
      this.data = data;
    });
    this.queued = write;
    this.chain = write.catch(() => undefined);
    return write;
  }

  protected async writeAtomically(text: string): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(tmp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(tmp, this.path);
    await fsyncDirectory(dir);
  }

  private async load(): Promise<Record<string, unknown>> {
    if (this.data) return this.data;
    await this.removeStaleTemps();
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.data = {});
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      return (this.data = parsed as Record<string, unknown>);
    } catch (error) {
      throw new Error(
        `state file ${this.path} is corrupt (${(error as Error).message}); fix or move it aside`,
      );
    }
  }

  // Temp files of writers that died (kill -9 between open and rename) would pile up otherwise.
  private async removeStaleTemps(): Promise<void> {
    const prefix = `${basename(this.path)}.`;
    let names: string[];
    try {
      names = await readdir(dirname(this.path));
    } catch {
      return;
    }
    for (const name of names) {
      const pid = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length))?.[1];
      if (!name.startsWith(prefix) || pid === undefined || isAlive(Number(pid))) continue;
      await rm(join(dirname(this.path), name), { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
