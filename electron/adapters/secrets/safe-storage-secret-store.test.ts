import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretStoreContract } from '../../core/testing/secret-store.contract';
import type { EncryptionPort } from './safe-storage-secret-store';
import { SafeStorageSecretStore } from './safe-storage-secret-store';

/** Stands in for Electron's safeStorage: real AES-256-GCM with a key that lives in memory only. */
class AesEncryption implements EncryptionPort {
  private readonly key = randomBytes(32);
  available = true;
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  decryptString(data: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
  }
}

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'tower-safe-')), 'secrets.enc.json');
}

secretStoreContract('SafeStorageSecretStore', async () => {
  const path = await tempPath();
  const encryption = new AesEncryption();
  return {
    store: new SafeStorageSecretStore(path, encryption),
    reopen: () => new SafeStorageSecretStore(path, encryption),
  };
});

describe('SafeStorageSecretStore', () => {
  it('keeps only ciphertext on disk, in a 0600 file', async () => {
    const path = await tempPath();
    await new SafeStorageSecretStore(path, new AesEncryption()).set('telegram.token', '123456:SECRET-TOKEN');
    const text = await readFile(path, 'utf8');
    expect(text).toContain('telegram.token');
    expect(text).not.toContain('SECRET-TOKEN');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('saves nothing in the clear when the keychain is unavailable, and says so', async () => {
    const path = await tempPath();
    const encryption = new AesEncryption();
    encryption.available = false;
    const store = new SafeStorageSecretStore(path, encryption);
    await expect(store.set('telegram.token', 'plain')).rejects.toThrow(/keychain is not available/u);
    await expect(stat(path)).rejects.toThrow(/ENOENT/u);
    expect(await store.names()).toEqual([]);
  });

  it('cannot read a value another key encrypted (the key is not in the file)', async () => {
    const path = await tempPath();
    await new SafeStorageSecretStore(path, new AesEncryption()).set('totp.seed', 'JBSWY3DPEHPK3PXP');
    await expect(new SafeStorageSecretStore(path, new AesEncryption()).get('totp.seed')).rejects.toThrow();
  });
});
