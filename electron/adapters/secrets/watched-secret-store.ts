/**
 * A SecretStore that tells who is listening which name changed, after the change is saved: the
 * composition roots restart the Telegram and phone bridges when their settings change, so what the
 * owner enters in Settings takes effect without restarting Tower.
 */
import type { SecretStore } from '../../core/ports';

/** What happened to a secret. */
export type SecretChange = 'set' | 'deleted';

/** Wraps `inner`; `onChange` listeners hear each saved `set` and `delete`, by name only. */
export class WatchedSecretStore implements SecretStore {
  private readonly listeners = new Set<(name: string, change: SecretChange) => void>();

  constructor(private readonly inner: SecretStore) {}

  /** Calls `listener` with the name of each secret set or deleted; returns its removal. */
  onChange(listener: (name: string, change: SecretChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(name: string): Promise<string | null> {
    return this.inner.get(name);
  }

  names(): Promise<readonly string[]> {
    return this.inner.names();
  }

  async set(name: string, value: string): Promise<void> {
    await this.inner.set(name, value);
    this.changed(name, 'set');
  }

  async delete(name: string): Promise<void> {
    await this.inner.delete(name);
    this.changed(name, 'deleted');
  }

  private changed(name: string, change: SecretChange): void {
    // A listener's failure is its own: the value is saved, and the caller's request succeeded.
    for (const listener of this.listeners) {
      try {
        listener(name, change);
      } catch {
        // reported by the listener itself (a bridge reports "down" with its reason)
      }
    }
  }
}
