import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealRecord } from './audit-chain';
import { verifyAuditFile } from './audit-verify';
import { JsonlAuditSink } from './jsonl-audit-sink';

let lines: string[] = [];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tower-verify-'));
  const sink = new JsonlAuditSink(join(dir, 'good.jsonl'));
  for (let i = 0; i < 6; i++) await sink.append({ at: i, kind: 'typed', detail: { text: `cmd ${i}` } });
  await sink.close();
  lines = (await readFile(join(dir, 'good.jsonl'), 'utf8')).trimEnd().split('\n');
});

async function verifyLines(name: string, content: string[], tail = '\n'): Promise<unknown> {
  const path = join(dir, `${name}.jsonl`);
  await writeFile(path, content.length === 0 ? '' : content.join('\n') + tail);
  return verifyAuditFile(path);
}

const at = (i: number): string => lines[i] ?? '';

describe('verifyAuditFile (test 118)', () => {
  it('accepts an intact log and reports its head', async () => {
    const last = JSON.parse(at(5)) as { hash: string };
    expect(await verifyLines('intact', lines)).toEqual({
      ok: true,
      records: 6,
      lastSeq: 6,
      lastHash: last.hash,
      unchainedLines: 0,
    });
    expect(await verifyLines('empty', [])).toMatchObject({ ok: true, records: 0, lastHash: null });
  });

  it.each([
    ['a flipped byte', () => [at(0), at(1), at(2).replace('cmd 2', 'cmd 9'), at(3)], 3, 'edited'],
    ['a deleted middle record', () => [at(0), at(1), at(3), at(4)], 3, 'deleted-or-reordered'],
    ['two swapped records', () => [at(0), at(2), at(1), at(3)], 2, 'deleted-or-reordered'],
    ['a duplicated record', () => [at(0), at(1), at(1), at(2)], 3, 'deleted-or-reordered'],
    ['deleted first records', () => [at(2), at(3)], 1, 'deleted-or-reordered'],
    [
      'an inserted unchained line',
      () => [at(0), '{"at":1,"kind":"forged","detail":{}}', at(1)],
      2,
      'inserted',
    ],
    ['a garbage line', () => [at(0), 'garbage', at(1)], 2, 'corrupt'],
    [
      'an edit with a recomputed hash',
      () => {
        const forged = sealRecord(
          { at: 1, kind: 'typed', detail: { text: 'rm -rf ~' } },
          2,
          (JSON.parse(at(0)) as { hash: string }).hash,
        );
        return [at(0), forged.line.trimEnd(), at(2)];
      },
      3,
      'deleted-or-reordered',
    ],
  ])('finds %s at the first broken line', async (name, make, line, problem) => {
    const verdict = await verifyLines(name.replace(/\W+/g, '-'), make());
    expect(verdict).toMatchObject({ ok: false, line, problem, records: line - 1 });
    expect((verdict as { message: string }).message).toMatch(new RegExp(`^line ${line}: `));
  });

  it('reports a torn last line', async () => {
    expect(await verifyLines('torn', [at(0), at(1), at(2).slice(0, 30)], '')).toMatchObject({
      ok: false,
      line: 3,
      problem: 'torn',
      records: 2,
    });
  });

  it('verifies a long log streamed in chunks', async () => {
    const path = join(dir, 'long.jsonl');
    const sink = new JsonlAuditSink(path);
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        sink.append({ at: i, kind: 'screen', detail: { text: 'x'.repeat(i % 300) } }),
      ),
    );
    await sink.close();
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 1000 });
  });
});
