/**
 * One JSON file of named strings, readable by its owner only (0600), written atomically.
 *
 * Each write goes to a fresh 0600 temp file that is synced, renamed over the file, and the directory
 * is synced: a crash leaves the old or the new file, never a mix. A file others can read is refused
 * (fail closed) rather than used, with the chmod that fixes it.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDirectory } from '../storage/fsync-directory';

interface FileShape {
  readonly version: 1;
  readonly entries: Record<string, string>;
}

/** A name → string map kept in one private file; writes are serialised. */
export class SecretFile {
  private entries: Map<string, string> | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** The stored string for a name, or null. */
  async read(name: string): Promise<string | null> {
    return (await this.load()).get(name) ?? null;
  }

  /** Names with a stored string, sorted. */
  async names(): Promise<readonly string[]> {
    return [...(await this.load()).keys()].sort();
  }

  /** Sets (string) or removes (null) one entry; resolves once the file on disk holds it. */
  update(name: string, value: string | null): Promise<void> {
    const write = this.chain.then(async () => {
      const next = new Map(await this.load());
      if (value === null) {
        if (!next.delete(name)) return;
      } else next.set(name, value);
      await this.writeAtomically(next);
      this.entries = next;
    });
    this.chain = write.catch(() => undefined);
    return write;
  }

  private async load(): Promise<Map<string, string>> {
    if (this.entries) return this.entries;
    let text: string;
    try {
      const info = await stat(this.path);
      if ((info.mode & 0o077) !== 0)
        throw new Error(
          `the secrets file ${this.path} can be read by other users (mode ${(info.mode & 0o777).toString(8)}); run: chmod 600 "${this.path}"`,
        );
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.entries = new Map();
      return this.entries;
    }
    this.entries = parse(text, this.path);
    return this.entries;
  }

  private async writeAtomically(entries: Map<string, string>): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const shape: FileShape = { version: 1, entries: Object.fromEntries([...entries].sort()) };
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(tmp, 'wx', 0o600);
    try {
      // The umask cannot widen 0600, but a pre-set ACL or odd umask could narrow it oddly: say it twice.
      await handle.chmod(0o600);
      await handle.writeFile(`${JSON.stringify(shape, null, 2)}\n`, 'utf8');
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(tmp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(tmp, this.path);
    await chmod(this.path, 0o600);
    await fsyncDirectory(dir);
  }
}

function parse(text: string, path: string): Map<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Never reset a damaged file: it may be the only copy of the owner's tokens.
    throw new Error(`the secrets file ${path} is not valid JSON; fix or remove it`);
  }
  const entries = (data as Partial<FileShape> | null)?.entries;
  if (
    typeof data !== 'object' ||
    data === null ||
    (data as FileShape).version !== 1 ||
    typeof entries !== 'object' ||
    entries === null
  )
    throw new Error(`the secrets file ${path} has an unknown layout`);
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(entries)) {
    if (typeof value !== 'string')
      throw new Error(`the secrets file ${path} has a non-string entry "${name}"`);
    map.set(name, value);
  }
  return map;
}
