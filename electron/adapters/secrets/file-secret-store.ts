/**
 * FileSecretStore: secrets for headless Tower in a 0600 JSON file ($TOWER_HOME/secrets.json).
 *
 * Plain text on disk, protected by file permissions only — the Electron app uses the Keychain
 * (SafeStorageSecretStore) instead. Values are never logged.
 */
import type { SecretStore } from '../../core/ports';
import { SecretFile } from './secret-file';

/** Secrets in a private JSON file. */
export class FileSecretStore implements SecretStore {
  private readonly file: SecretFile;

  constructor(path: string) {
    this.file = new SecretFile(path);
  }

  get(name: string): Promise<string | null> {
    return this.file.read(name);
  }

  set(name: string, value: string): Promise<void> {
    return this.file.update(name, value);
  }

  delete(name: string): Promise<void> {
    return this.file.update(name, null);
  }

  names(): Promise<readonly string[]> {
    return this.file.names();
  }
}
