/**
 * A small durable key-value store in one JSON file, written atomically (temp file + rename).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Store } from '../../core/ports';

/** Store backed by a JSON file. A corrupt file is an error, never silently reset (it may hold LOCKDOWN). */
export class JsonFileStore implements Store {
  private data: Record<string, unknown> | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async get<T>(key: string): Promise<T | undefined> {
    const data = await this.load();
    return data[key] as T | undefined;
  }

  set(key: string, value: unknown): Promise<void> {
    const write = this.chain.then(async () => {
      const data = { ...(await this.load()), [key]: value };
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, this.path);
      this.data = data;
    });
    this.chain = write.catch(() => undefined);
    return write;
  }

  private async load(): Promise<Record<string, unknown>> {
    if (this.data) return this.data;
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
}
