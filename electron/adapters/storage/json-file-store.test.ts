import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFileStore } from './json-file-store';

describe('JsonFileStore', () => {
  it('persists values across instances (a restart) and refuses a corrupt file instead of resetting it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower-store-'));
    const path = join(dir, 'state.json');
    await new JsonFileStore(path).set('lockdown', true);
    expect(await new JsonFileStore(path).get('lockdown')).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await writeFile(path, '{"lockdown": tru');
    await expect(new JsonFileStore(path).get('lockdown')).rejects.toThrow(/corrupt/);
  });

  it('serialises concurrent sets and leaves no temp files, removing those of dead writers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower-store-'));
    const path = join(dir, 'state.json');
    // A temp file from a writer killed between open and rename (pid 2^22+1 is above Linux's pid_max default).
    await writeFile(`${path}.4194305.0badc0de.tmp`, '{"half');
    await writeFile(join(dir, 'other.json.4194305.0badc0de.tmp'), 'not ours');
    const store = new JsonFileStore(path);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, i)));
    const reread = new JsonFileStore(path);
    expect(await Promise.all(Array.from({ length: 20 }, (_, i) => reread.get(`k${i}`)))).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect((await readdir(dir)).sort()).toEqual(['other.json.4194305.0badc0de.tmp', 'state.json']);
  });

  it('a burst of sets shares writes: every value lands, the last one for a key wins, far fewer rewrites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower-store-'));
    const path = join(dir, 'state.json');
    let writes = 0;
    class CountingStore extends JsonFileStore {
      protected override async writeAtomically(text: string): Promise<void> {
        writes += 1;
        await super.writeAtomically(text);
      }
    }
    const store = new CountingStore(path);
    const burst = Array.from({ length: 100 }, (_, i) => store.set(i % 2 ? 'odd' : `even${i}`, i));
    await Promise.all(burst);
    expect(writes).toBeLessThanOrEqual(2);
    const reread = new JsonFileStore(path);
    expect(await reread.get('odd')).toBe(99);
    expect(await reread.get('even0')).toBe(0);
    expect(await reread.get('even98')).toBe(98);
    // A set after the burst is acknowledged only once its own value is on disk.
    await store.set('after', 'yes');
    expect(await new JsonFileStore(path).get('after')).toBe('yes');
  });
});
