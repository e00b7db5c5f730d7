/**
 * MemorySecretStore: a SecretStore in a Map, for core tests.
 */
import type { SecretStore } from '../ports';

/** Secrets in memory. */
export class MemorySecretStore implements SecretStore {
  readonly values = new Map<string, string>();

  get(name: string): Promise<string | null> {
    return Promise.resolve(this.values.get(name) ?? null);
  }

  set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
    return Promise.resolve();
  }

  delete(name: string): Promise<void> {
    this.values.delete(name);
    return Promise.resolve();
  }

  names(): Promise<readonly string[]> {
    return Promise.resolve([...this.values.keys()].sort());
  }
}
