/**
 * Offline check of an audit log's hash chain (`tower audit verify`): no running Tower needed.
 *
 * Reads the file once, streaming, and reports either the chain's length and head, or the first line
 * that breaks it and how.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { checkLine } from './audit-chain';

/** Why a line breaks the chain. */
export type AuditBreak = 'edited' | 'deleted-or-reordered' | 'inserted' | 'corrupt' | 'torn';

/** The outcome of verifying one file. */
export type AuditVerdict =
  | {
      readonly ok: true;
      readonly records: number;
      readonly lastSeq: number;
      readonly lastHash: string | null;
      /** Lines an older, unchained Tower wrote before the chain's first record (pinned by its `prev`). */
      readonly unchainedLines: number;
    }
  | {
      readonly ok: false;
      /** 1-based line number in the file. */
      readonly line: number;
      readonly problem: AuditBreak;
      readonly message: string;
      /** Chained records before the broken line, all verified. */
      readonly records: number;
    };

/** Verifies the chain in the file at `path`. Rejects only when the file cannot be read. */
export async function verifyAuditFile(path: string): Promise<AuditVerdict> {
  const prefix = createHash('sha256');
  let pending: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  let records = 0;
  let unchainedLines = 0;
  let last: { seq: number; hash: string } | null = null;

  const fail = (problem: AuditBreak, message: string): AuditVerdict => ({
    ok: false,
    line: lineNo,
    problem,
    message: `line ${lineNo}: ${message}`,
    records,
  });

  // Returns a verdict when this line breaks the chain, else null.
  const onLine = (raw: Buffer): AuditVerdict | null => {
    lineNo++;
    const check = checkLine(raw.toString('utf8'));
    switch (check.kind) {
      case 'not-json':
        return fail('corrupt', 'is not a JSON record (corrupted or overwritten)');
      case 'unchained':
        if (last !== null) return fail('inserted', 'has no seq/prev/hash: it was added to the chained log');
        unchainedLines++;
        prefix.update(raw).update('\n');
        return null;
      case 'bad-hash':
        return fail(
          'edited',
          `${check.seq === null ? 'record' : `seq ${check.seq}`} was edited: its content does not match its hash`,
        );
      case 'record': {
        const expectedSeq = last === null ? 1 : last.seq + 1;
        if (check.seq !== expectedSeq) {
          return fail(
            'deleted-or-reordered',
            `has seq ${check.seq} where ${expectedSeq} was expected: records were deleted, duplicated or reordered`,
          );
        }
        const expectedPrev = last === null ? prefix.digest('hex') : last.hash;
        if (check.prev !== expectedPrev) {
          return last === null
            ? fail('edited', 'the unchained lines before the first record were changed')
            : fail(
                'deleted-or-reordered',
                `seq ${check.seq} does not follow seq ${last.seq} (its prev is not that record's hash): a record was replaced, removed or reordered`,
              );
        }
        records++;
        last = { seq: check.seq, hash: check.hash };
        return null;
      }
    }
  };

  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let nl = pending.indexOf(0x0a); nl !== -1; nl = pending.indexOf(0x0a, start)) {
      const verdict = onLine(pending.subarray(start, nl));
      if (verdict) return verdict;
      start = nl + 1;
    }
    pending = pending.subarray(start);
  }
  if (pending.length > 0) {
    lineNo++;
    return fail(
      'torn',
      `is incomplete (${pending.length} bytes, no newline): a write was cut off; Tower moves it aside when it next opens the log`,
    );
  }
  const head = last as { seq: number; hash: string } | null;
  return { ok: true, records, lastSeq: head?.seq ?? 0, lastHash: head?.hash ?? null, unchainedLines };
}
