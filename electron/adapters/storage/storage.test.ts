import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFileStore } from './json-file-store';
import { JsonlAuditSink } from './jsonl-audit-sink';

describe('JsonlAuditSink', () => {
  it('appends one JSON line per record, in order, private to the owner, and keeps earlier records', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower-audit-'));
    const path = join(dir, 'audit', 'audit.jsonl');
    const first = new JsonlAuditSink(path);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        first.append({ at: i, kind: 'typed', detail: { text: `a\nb"${i}` } }),
      ),
    );
    await first.close();
    const second = new JsonlAuditSink(path);
    await second.append({ at: 50, kind: 'lockdown-engaged', detail: {} });
    await second.close();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(51);
    expect(lines.map((l) => (JSON.parse(l) as { at: number }).at)).toEqual(
      Array.from({ length: 51 }, (_, i) => i),
    );
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe('JsonFileStore', () => {
  it('persists values across instances (a restart) and refuses a corrupt file instead of resetting it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower-store-'));
    const path = join(dir, 'state.json');
    await new JsonFileStore(path).set('lockdown', true);
    expect(await new JsonFileStore(path).get('lockdown')).toBe(true);
    await writeFile(path, '{"lockdown": tru');
    await expect(new JsonFileStore(path).get('lockdown')).rejects.toThrow(/corrupt/);
  });
});
