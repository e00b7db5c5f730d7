/**
 * The audit log: one JSON object per line, appended, never rewritten.
 *
 * Writes are serialised through one chain so records never interleave, and each is flushed to disk
 * (datasync) before `append` resolves: a decision that was acted on is on disk.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditRecord, AuditSink } from '../../core/ports';

/** Append-only JSON Lines audit log at `path` (created 0600 in a 0700 directory). */
export class JsonlAuditSink implements AuditSink {
  private handle: Promise<FileHandle> | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  append(record: AuditRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const write = this.chain.then(async () => {
      const handle = await this.file();
      await handle.appendFile(line, 'utf8');
      await handle.datasync();
    });
    // Keep the chain alive after a failed write; the caller still sees the failure.
    this.chain = write.catch(() => undefined);
    return write;
  }

  /** Closes the file after pending writes. */
  async close(): Promise<void> {
    await this.chain;
    if (this.handle) await (await this.handle).close();
    this.handle = null;
  }

  private file(): Promise<FileHandle> {
    this.handle ??= (async () => {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      // 'a' opens for appending only: even a bug here cannot rewrite earlier records.
      return open(this.path, 'a', 0o600);
    })();
    return this.handle;
  }
}
