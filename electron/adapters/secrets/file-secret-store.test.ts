import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretStoreContract } from '../../core/testing/secret-store.contract';
import { FileSecretStore } from './file-secret-store';

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'tower-secrets-')), 'secrets.json');
}

secretStoreContract('FileSecretStore', async () => {
  const path = await tempPath();
  return { store: new FileSecretStore(path), reopen: () => new FileSecretStore(path) };
});

describe('FileSecretStore on disk', () => {
  it('writes a file only its owner can read, and leaves no temp file behind', async () => {
    const path = await tempPath();
    await new FileSecretStore(path).set('telegram.token', 'tok');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(path, '..'))).toEqual(['secrets.json']);
  });

  it('refuses a file others can read, naming the chmod that fixes it', async () => {
    const path = await tempPath();
    await new FileSecretStore(path).set('telegram.token', 'tok');
    await chmod(path, 0o644);
    await expect(new FileSecretStore(path).get('telegram.token')).rejects.toThrow(/chmod 600/u);
  });

  it('never resets a damaged file (it may hold the only copy of a token)', async () => {
    const path = await tempPath();
    await writeFile(path, '{"version":1,"entries":{"a":', { mode: 0o600 });
    const store = new FileSecretStore(path);
    await expect(store.set('telegram.token', 'x')).rejects.toThrow(/not valid JSON/u);
    expect(await readFile(path, 'utf8')).toBe('{"version":1,"entries":{"a":');
  });
});
