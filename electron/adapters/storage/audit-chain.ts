/**
 * The audit log's hash chain, shared by the writer (JsonlAuditSink) and the offline checker
 * (`tower audit verify`).
 *
 * Each line is the canonical JSON of one record plus `seq` (1, 2, 3 …), `prev` (the previous record's
 * `hash`) and `hash` = SHA-256 (hex) of the canonical JSON of everything else in the line, `seq` and
 * `prev` included. Editing a line breaks its own hash; deleting, inserting or reordering lines breaks
 * the next line's `prev` or `seq`. The first record's `prev` is the SHA-256 of the bytes before it in
 * the file (of nothing, for a new log), which also pins any unchained lines an older Tower wrote.
 */
import { createHash } from 'node:crypto';
import type { AuditRecord } from '../../core/ports';
import { canonicalJson, toJsonValue, type JsonValue } from './canonical-json';
import { redactSecrets } from './redact';

/** SHA-256 of empty input: the first record's `prev` in a log that starts empty. */
export const EMPTY_PREV = sha256Hex('');

const HEX64 = /^[0-9a-f]{64}$/;

/** One line ready to append, with the chain position it takes. */
export interface SealedLine {
  readonly line: string;
  readonly seq: number;
  readonly hash: string;
}

/** What one line of the log is. */
export type LineCheck =
  | { readonly kind: 'record'; readonly seq: number; readonly prev: string; readonly hash: string }
  | { readonly kind: 'unchained' }
  | { readonly kind: 'not-json' }
  | { readonly kind: 'bad-hash'; readonly seq: number | null };

/** SHA-256 as lower-case hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Redacts, numbers and hashes a record into its line (newline included). */
export function sealRecord(record: AuditRecord, seq: number, prev: string): SealedLine {
  const body = redactSecrets(toJsonValue(record));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new TypeError('not a record');
  // seq/prev/hash are the chain's own; a record that tried to carry them is overwritten.
  const { hash: _h, ...fields } = body as { readonly [key: string]: JsonValue };
  const unsealed = { ...fields, seq, prev };
  const hash = sha256Hex(canonicalJson(unsealed));
  return { line: `${canonicalJson({ ...unsealed, hash })}\n`, seq, hash };
}

/** Parses one line (without its newline) and checks its own hash. */
export function checkLine(text: string): LineCheck {
  const value = parseObject(text);
  if (value === null) return { kind: 'not-json' };
  const { hash, ...rest } = value;
  const { seq, prev } = rest;
  if (hash === undefined && seq === undefined && prev === undefined) return { kind: 'unchained' };
  const seqOk = typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1;
  if (
    !seqOk ||
    typeof prev !== 'string' ||
    !HEX64.test(prev) ||
    typeof hash !== 'string' ||
    !HEX64.test(hash)
  )
    return { kind: 'bad-hash', seq: seqOk ? seq : null };
  if (sha256Hex(canonicalJson(rest)) !== hash) return { kind: 'bad-hash', seq };
  return { kind: 'record', seq, prev, hash };
}

/** The line as a JSON object, or null when it is not one (torn, garbage, or some other JSON). */
export function parseObject(text: string): { readonly [key: string]: JsonValue } | null {
  try {
    const value = JSON.parse(text) as JsonValue;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as { readonly [key: string]: JsonValue })
      : null;
  } catch {
    return null;
  }
}
