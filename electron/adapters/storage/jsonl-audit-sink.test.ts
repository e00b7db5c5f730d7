import { appendFile, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_PREV, sha256Hex } from './audit-chain';
import { AuditLogError } from './audit-log-open';
import { verifyAuditFile } from './audit-verify';
import { JsonlAuditSink } from './jsonl-audit-sink';

async function tempLog(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'tower-audit-')), 'audit', 'audit.jsonl');
}

async function writeRecords(path: string, count: number, from = 0): Promise<void> {
  const sink = new JsonlAuditSink(path);
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      sink.append({ at: from + i, kind: 'typed', detail: { text: `a\nb"${from + i}` } }),
    ),
  );
  await sink.close();
}

async function records(path: string): Promise<Record<string, unknown>[]> {
  return (await readFile(path, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('JsonlAuditSink', () => {
  it('chains records in order across a restart, private to the owner', async () => {
    const path = await tempLog();
    await writeRecords(path, 50);
    const second = new JsonlAuditSink(path);
    expect(await second.write({ at: 50, kind: 'lockdown-engaged', detail: {} })).toMatchObject({ seq: 51 });
    await second.close();
    const all = await records(path);
    expect(all.map((r) => r.at)).toEqual(Array.from({ length: 51 }, (_, i) => i));
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(all[0]?.prev).toBe(EMPTY_PREV);
    expect(all[50]?.prev).toBe(all[49]?.hash);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 51, lastSeq: 51 });
  });

  it('never writes the secrets it is given (R-LOG-3, tests 18/119)', async () => {
    const path = await tempLog();
    const sink = new JsonlAuditSink(path);
    await sink.append({
      at: 1,
      kind: 'typed',
      channel: 'telegram',
      detail: {
        text: 'curl -H "Authorization: Bearer tok_live_abcdef123456" https://x',
        botToken: '123456789:AAHfV3kq9xW2bQz7yT0uR4sE1dC8nM5pL6o',
        totp: '492039',
        twilio: `AC${'a'.repeat(32)}:${'b'.repeat(32)}`,
        screen: 'export OPENAI_API_KEY=sk-proj-Zx81kfJQ2mN7pL0aB3cD4eF5gH6iJ7kL',
      },
    });
    await sink.close();
    const text = await readFile(path, 'utf8');
    for (const secret of [
      'tok_live_abcdef123456',
      'AAHfV3kq9xW2bQz7yT0uR4sE1dC8nM5pL6o',
      '492039',
      'b'.repeat(32),
      'sk-proj-Zx81',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 1 });
  });

  it.each([
    ['a line without its newline', (line: string) => line.slice(0, 20)],
    ['a whole record without its newline', (line: string) => line.trimEnd()],
    ['zeros from a power cut', () => '\0'.repeat(512)],
    ['a 37-byte garbage tail (test 108)', () => `${'#'.repeat(36)}\n`],
  ])('moves %s aside, records what was dropped, and continues the chain', async (_name, tornOf) => {
    const path = await tempLog();
    await writeRecords(path, 3);
    const third = (await readFile(path, 'utf8')).trimEnd().split('\n')[2] ?? '';
    const torn = tornOf(`${third}\n`);
    await appendFile(path, torn);
    const sink = new JsonlAuditSink(path);
    await sink.open();
    await sink.append({ at: 9, kind: 'after', detail: {} });
    await sink.close();
    const all = await records(path);
    expect(all.map((r) => [r.seq, r.kind])).toEqual([
      [1, 'typed'],
      [2, 'typed'],
      [3, 'typed'],
      [4, 'audit-torn-tail'],
      [5, 'after'],
    ]);
    const detail = all[3]?.detail as { bytes: number; sha256: string; text: string; movedTo: string };
    expect(detail.bytes).toBe(Buffer.byteLength(torn));
    expect(detail.sha256).toBe(sha256Hex(torn));
    expect(detail.text).toBe(torn);
    expect(await readFile(detail.movedTo, 'utf8')).toBe(torn);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 5 });
  });

  it('records a tail moved aside by a run that crashed before recording it, once', async () => {
    const path = await tempLog();
    await writeRecords(path, 2);
    const size = (await stat(path)).size;
    await writeFile(`${path}.torn-${size}-1700000000000`, '{"half":');
    await writeFile(`${path}.torn-12-1700000000000`, 'an older one, recorded long ago');
    await writeRecords(path, 1, 5);
    const all = await records(path);
    expect(all.map((r) => r.kind)).toEqual(['typed', 'typed', 'audit-torn-tail', 'typed']);
    expect(all[2]?.detail).toMatchObject({ offset: size, bytes: 8, text: '{"half":' });
    await writeRecords(path, 1, 6);
    expect(await records(path)).toHaveLength(5);
  });

  it('does not copy a torn tail aside twice after a crash between copying and cutting', async () => {
    const path = await tempLog();
    await writeRecords(path, 1);
    const size = (await stat(path)).size;
    await appendFile(path, '{"half":');
    await writeFile(`${path}.torn-${size}-1700000000000`, '{"half":');
    await writeRecords(path, 1, 5);
    expect((await records(path)).map((r) => r.kind)).toEqual(['typed', 'audit-torn-tail', 'typed']);
    expect((await readdir(dirname(path))).filter((n) => n.includes('.torn-'))).toHaveLength(1);
  });

  it('recovers a consistent prefix wherever the file is cut (power-loss simulation, test 103)', async () => {
    const original = await tempLog();
    await writeRecords(original, 4);
    const full = await readFile(original);
    const ends = [0, ...full.reduce<number[]>((acc, b, i) => (b === 0x0a ? [...acc, i + 1] : acc), [])];
    for (let cut = 0; cut <= full.length; cut += 7) {
      // Each cut is its own machine: a fresh directory, so no side file of another cut is in sight.
      const path = await tempLog();
      await mkdir(dirname(path));
      await writeFile(path, full.subarray(0, cut));
      const sink = new JsonlAuditSink(path);
      const receipt = await sink.write({ at: 0, kind: 'restart', detail: {} });
      await sink.close();
      const kept = ends.filter((e) => e <= cut).length - 1;
      const tornKind = ends.includes(cut) ? [] : ['audit-torn-tail'];
      expect((await records(path)).map((r) => r.kind).slice(kept)).toEqual([...tornKind, 'restart']);
      expect(receipt.seq).toBe(kept + tornKind.length + 1);
      expect(await verifyAuditFile(path)).toMatchObject({ ok: true });
    }
  });

  it('refuses to continue a log whose last record was edited, and leaves it untouched', async () => {
    const path = await tempLog();
    await writeRecords(path, 2);
    const edited = (await readFile(path, 'utf8')).replace('"at":1', '"at":7');
    await writeFile(path, edited);
    const sink = new JsonlAuditSink(path);
    await expect(sink.open()).rejects.toThrow(AuditLogError);
    await expect(sink.append({ at: 3, kind: 'x', detail: {} })).rejects.toThrow(/does not match its hash/);
    expect(await readFile(path, 'utf8')).toBe(edited);
  });

  it('refuses unchained lines appended after the chain', async () => {
    const path = await tempLog();
    await writeRecords(path, 2);
    await appendFile(path, '{"at":5,"kind":"forged","detail":{}}\n');
    await expect(new JsonlAuditSink(path).open()).rejects.toThrow(/unchained lines follow/);
  });

  it('starts the chain after an older unchained log, pinning its bytes', async () => {
    const path = await tempLog();
    await writeRecords(path, 1);
    const legacy = '{"at":1,"kind":"typed","detail":{}}\n{"at":2,"kind":"typed","detail":{}}\n';
    await writeFile(path, legacy);
    await writeRecords(path, 1, 3);
    const all = await records(path);
    expect(all.map((r) => r.kind)).toEqual(['typed', 'typed', 'audit-chain-started', 'typed']);
    expect(all[2]?.prev).toBe(sha256Hex(legacy));
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 2, unchainedLines: 2 });
    await writeFile(path, (await readFile(path, 'utf8')).replace('"at":2', '"at":4'));
    expect(await verifyAuditFile(path)).toMatchObject({ ok: false, line: 3, problem: 'edited' });
  });

  it('reopens after a failed write, so a half-written line is repaired, not built upon', async () => {
    const path = await tempLog();
    const sink = new JsonlAuditSink(path);
    await sink.append({ at: 1, kind: 'a', detail: {} });
    // What a failed write (ENOSPC, EIO) can leave: half a line, and a handle that errors.
    await appendFile(path, '{"half":');
    const internals = sink as unknown as { state: { log: { handle: { close(): Promise<void> } } } };
    await internals.state.log.handle.close();
    await expect(sink.append({ at: 2, kind: 'lost', detail: {} })).rejects.toThrow();
    await sink.append({ at: 3, kind: 'c', detail: {} });
    await sink.close();
    expect((await records(path)).map((r) => r.kind)).toEqual(['a', 'audit-torn-tail', 'c']);
    expect((await readdir(join(path, '..'))).filter((n) => n.includes('.torn-'))).toHaveLength(1);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 3 });
  });
});
