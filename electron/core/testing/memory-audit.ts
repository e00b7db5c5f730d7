/**
 * In-memory AuditSink and Store for the core's tests.
 */
import type { AuditRecord, AuditSink, Store } from '../ports';

/** Keeps audit records in an array. */
export class MemoryAuditSink implements AuditSink {
  readonly records: AuditRecord[] = [];

  append(record: AuditRecord): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }

  /** Records of one kind. */
  ofKind(kind: string): AuditRecord[] {
    return this.records.filter((r) => r.kind === kind);
  }
}

/** A Store backed by a Map (shared between two supervisors to simulate a restart). */
export class MemoryStore implements Store {
  constructor(readonly data = new Map<string, unknown>()) {}

  get<T>(key: string): Promise<T | undefined> {
    return Promise.resolve(this.data.get(key) as T | undefined);
  }

  set(key: string, value: unknown): Promise<void> {
    this.data.set(key, value);
    return Promise.resolve();
  }
}
