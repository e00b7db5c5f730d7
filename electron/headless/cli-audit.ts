/**
 * `tower audit verify` and `tower audit tail`: read the audit log directly, no running Tower needed
 * (verifying must work when Tower is down, or is the thing under suspicion).
 *
 * Everything printed from the log is sanitised: records hold screen text an agent (or an attacker
 * writing to its screen) controls.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkLine, parseObject } from '../adapters/storage/audit-chain';
import { verifyAuditFile } from '../adapters/storage/audit-verify';
import { canonicalJson, type JsonValue } from '../adapters/storage/canonical-json';
import { readTail } from '../adapters/storage/file-tail';
import type { CliCommand } from './cli-args';
import { CliFailure, EXIT, explainFailure } from './cli-commands';
import { cleanText, safeJson, truncate } from './cli-format';
import { towerHome, type RuntimeEnv } from './runtime-file';

/** What the audit commands touch outside themselves. */
export interface AuditIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: RuntimeEnv;
  readonly cwd: string;
}

// Detail beyond this is cut in the human listing; --json prints records whole.
const DETAIL_MAX = 400;

/** Runs `tower audit …` and resolves with the exit code, or null for every other command. */
export async function runAuditOffline(
  command: CliCommand,
  json: boolean,
  io: AuditIo,
): Promise<number | null> {
  if (command.kind !== 'audit-verify' && command.kind !== 'audit-tail') return null;
  try {
    const path =
      command.file === undefined ? join(towerHome(io.env), 'audit.jsonl') : resolve(io.cwd, command.file);
    if (!existsSync(path)) throw new CliFailure(EXIT.error, `no audit log at ${cleanText(path)}`);
    if (command.kind === 'audit-tail') {
      io.stdout(`${await auditTail(path, command.lines, json)}\n`);
      return EXIT.ok;
    }
    const verdict = await verifyAuditFile(path);
    io.stdout(`${json ? safeJson({ file: path, ...verdict }) : describeVerdict(path, verdict)}\n`);
    return verdict.ok ? EXIT.ok : EXIT.error;
  } catch (error) {
    io.stderr(`tower: ${explainFailure(error).message}\n`);
    return explainFailure(error).exitCode;
  }
}

function describeVerdict(path: string, verdict: Awaited<ReturnType<typeof verifyAuditFile>>): string {
  const file = `File: ${cleanText(path)}`;
  if (!verdict.ok) {
    return [
      `BROKEN: ${cleanText(verdict.message)}`,
      `${verdict.records} records before it verify.`,
      file,
    ].join('\n');
  }
  const older =
    verdict.unchainedLines > 0
      ? ` (after ${verdict.unchainedLines} unchained lines from an older Tower)`
      : '';
  return [
    `OK: ${verdict.records} records, hash chain intact${older}.`,
    verdict.lastHash === null
      ? 'The log has no records yet.'
      : `Last record: seq ${verdict.lastSeq}, hash ${verdict.lastHash}`,
    file,
  ].join('\n');
}

/** The last `count` records, one readable line each (or as JSON). */
export async function auditTail(path: string, count: number, json: boolean): Promise<string> {
  const handle = await open(path, 'r');
  let tail;
  try {
    tail = await readTail(handle, count);
  } finally {
    await handle.close();
  }
  if (json) return safeJson(tail.lines.map((l) => parseObject(l.text) ?? { unreadable: l.text }));
  const lines = tail.lines.map((l) => describeLine(l.text));
  if (tail.partial) lines.push(`?     torn last line (${tail.partial.bytes.length} bytes without a newline)`);
  return lines.length === 0 ? 'The audit log is empty.' : lines.join('\n');
}

function describeLine(text: string): string {
  const record = parseObject(text);
  if (record === null) return `?     not a JSON record: ${cleanText(truncate(text, 120))}`;
  const check = checkLine(text);
  // "!" marks a line whose own hash does not match (edited); `tower audit verify` says more.
  const mark = check.kind === 'record' ? ' ' : check.kind === 'unchained' ? '-' : '!';
  const { seq, at, kind, channel, session, detail } = record;
  const parts = [
    `${mark}${String(typeof seq === 'number' ? seq : '').padStart(5)}`,
    typeof at === 'number' && Number.isFinite(at) ? new Date(at).toISOString() : '?',
    text1(kind),
    channel !== undefined ? `via ${text1(channel)}` : '',
    session !== undefined ? `session ${text1(session)}` : '',
    detail !== undefined ? truncate(cleanText(canonicalJson(detail)), DETAIL_MAX) : '',
  ];
  return parts.filter((p) => p !== '').join('  ');
}

function text1(value: JsonValue | undefined): string {
  return cleanText(typeof value === 'string' ? value : JSON.stringify(value ?? null));
}
