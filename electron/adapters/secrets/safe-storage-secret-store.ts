/**
 * SafeStorageSecretStore: secrets encrypted with Electron's `safeStorage` (a key kept in the macOS
 * Keychain), stored as base64 in a 0600 JSON file under the app's userData.
 *
 * Electron is reached through {@link EncryptionPort} only, so this runs and is tested in plain Node;
 * electron/main passes `safeStorage` itself. When encryption is unavailable nothing is saved in the
 * clear: `set` fails with a reason the owner can act on.
 */
import type { SecretStore } from '../../core/ports';
import { SecretFile } from './secret-file';

/** The part of Electron's `safeStorage` used here. */
export interface EncryptionPort {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Secrets encrypted by the OS keychain. */
export class SafeStorageSecretStore implements SecretStore {
  private readonly file: SecretFile;

  constructor(
    path: string,
    private readonly encryption: EncryptionPort,
  ) {
    this.file = new SecretFile(path);
  }

  async get(name: string): Promise<string | null> {
    const stored = await this.file.read(name);
    if (stored === null) return null;
    this.requireEncryption('read');
    return this.encryption.decryptString(Buffer.from(stored, 'base64'));
  }

  async set(name: string, value: string): Promise<void> {
    this.requireEncryption('save');
    await this.file.update(name, this.encryption.encryptString(value).toString('base64'));
  }

  delete(name: string): Promise<void> {
    return this.file.update(name, null);
  }

  names(): Promise<readonly string[]> {
    return this.file.names();
  }

  private requireEncryption(verb: string): void {
    if (!this.encryption.isEncryptionAvailable())
      throw new Error(
        `cannot ${verb} secrets: the system keychain is not available to Tower (safeStorage reports no encryption)`,
      );
  }
}
