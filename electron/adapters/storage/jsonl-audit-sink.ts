/**
 * The audit log: one hash-chained JSON record per line, appended, never rewritten.
 *
 * Writes are serialised through one chain so records never interleave, secrets are redacted before a
 * record is hashed, and each line is flushed to disk (datasync) before `append` resolves: a decision
 * that was acted on is on disk. Opening continues the chain from the file's last record and moves a
 * torn last line aside (see audit-log-open.ts), recording what was dropped.
 */
import type { AuditRecord, AuditSink } from '../../core/ports';
import { sealRecord } from './audit-chain';
import { openAuditLog, type OpenedLog } from './audit-log-open';

/** Where an appended record landed in the chain. */
export interface AuditReceipt {
  readonly seq: number;
  readonly hash: string;
}

// Enough of a torn line to see what it was; the whole of it is in the side file.
const TORN_TEXT_MAX = 4096;

interface ChainState {
  readonly log: OpenedLog;
  seq: number;
  prev: string;
}

/** Append-only, hash-chained JSON Lines audit log at `path` (created 0600 in a 0700 directory). */
export class JsonlAuditSink implements AuditSink {
  private state: ChainState | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Opens and repairs the log now, so a log that cannot be continued stops Tower at start, not mid-decision. */
  open(): Promise<void> {
    return this.serial(async () => {
      await this.ready();
    });
  }

  append(record: AuditRecord): Promise<void> {
    return this.write(record).then(() => undefined);
  }

  /** Appends like `append`, and resolves with the record's place in the chain. */
  write(record: AuditRecord): Promise<AuditReceipt> {
    return this.serial(async () => this.writeNow(await this.ready(), record));
  }

  /** Closes the file after pending writes. */
  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    const state = this.state;
    this.state = null;
    if (state) await state.log.handle.close();
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    // Keep the chain alive after a failed write; the caller still sees the failure.
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async ready(): Promise<ChainState> {
    if (this.state) return this.state;
    const log = await openAuditLog(this.path);
    const state: ChainState = { log, seq: log.seq, prev: log.prev };
    this.state = state;
    for (const { text, ...torn } of log.torn) {
      await this.writeNow(state, {
        at: Date.now(),
        kind: 'audit-torn-tail',
        detail: { ...torn, text: text.slice(0, TORN_TEXT_MAX), textTruncated: text.length > TORN_TEXT_MAX },
      });
    }
    if (log.unchainedBytes > 0 && log.seq === 0) {
      await this.writeNow(state, {
        at: Date.now(),
        kind: 'audit-chain-started',
        detail: { unchainedBytes: log.unchainedBytes },
      });
    }
    return state;
  }

  private async writeNow(state: ChainState, record: AuditRecord): Promise<AuditReceipt> {
    const sealed = sealRecord(record, state.seq + 1, state.prev);
    try {
      await state.log.handle.appendFile(sealed.line, 'utf8');
      await state.log.handle.datasync();
    } catch (error) {
      // A failed write may have left half a line: drop this handle so the next write reopens and repairs.
      this.state = null;
      await state.log.handle.close().catch(() => undefined);
      throw error;
    }
    state.seq = sealed.seq;
    state.prev = sealed.hash;
    return { seq: sealed.seq, hash: sealed.hash };
  }
}
