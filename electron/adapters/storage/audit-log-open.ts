/**
 * Opening the audit log for appending: find where the chain stands, and repair what a crash can leave.
 *
 * A crash or power cut mid-append can leave a torn last line (no newline, or bytes that are not JSON,
 * e.g. zeros after a power cut). Such a line was never acknowledged (append resolves only after the whole
 * line is synced), so it is copied aside to `<log>.torn-<offset>-<ms>` and cut off, and the caller records
 * an `audit-torn-tail` record saying what was dropped (also after a crash between cutting and recording). Anything else that does not chain (an edited
 * last record, unchained lines after chained ones) is not a crash artefact: opening fails rather than
 * continuing a broken chain.
 */
import { chmod, mkdir, open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkLine, EMPTY_PREV, parseObject, sha256Hex } from './audit-chain';
import { readTail } from './file-tail';
import { fsyncDirectory } from './fsync-directory';

/** What a crash left after the last complete record, now moved aside. */
export interface TornTail {
  readonly offset: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly text: string;
  readonly movedTo: string;
}

/** An open log and the chain position the next record continues from. */
export interface OpenedLog {
  readonly handle: FileHandle;
  readonly seq: number;
  readonly prev: string;
  /** Torn tails moved aside whose `audit-torn-tail` record is still to be written (oldest first). */
  readonly torn: readonly TornTail[];
  /** Bytes of unchained lines (an older Tower's) the chain starts after; 0 for a chained or new log. */
  readonly unchainedBytes: number;
}

/** The log cannot be continued safely; a person should look (`tower audit verify`). */
export class AuditLogError extends Error {
  constructor(path: string, problem: string) {
    super(
      `audit log ${path}: ${problem}. Run \`tower audit verify --file ${path}\`; move the file aside to start a new log`,
    );
    this.name = 'AuditLogError';
  }
}

// Trailing lines that are not JSON objects are treated as torn only up to this many: more is not a crash.
const MAX_TORN_LINES = 16;
const TORN_INFIX = '.torn-';

/** Opens (creating 0600 in a 0700 directory) and repairs the log at `path`. */
export async function openAuditLog(path: string): Promise<OpenedLog> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // 'a+': reads for the tail, and every write goes to the end, whatever a bug elsewhere asks for.
  const handle = await open(path, 'a+', 0o600);
  try {
    await chmod(path, 0o600);
    // A new file's directory entry must be durable too, or a power cut can lose the whole log.
    await fsyncDirectory(dirname(path));
    return await continueChain(path, handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function continueChain(path: string, handle: FileHandle): Promise<OpenedLog> {
  const tail = await readTail(handle, MAX_TORN_LINES + 1);
  const lastObject = [...tail.lines].reverse().find((l) => parseObject(l.text) !== null);
  const goodEnd = lastObject?.end ?? 0;
  if (!lastObject && !tail.fromStart)
    throw new AuditLogError(path, `its last ${MAX_TORN_LINES} lines are not JSON`);
  // Decide before changing anything: a log that must not be continued is left exactly as found.
  let seq = 0;
  let prev = EMPTY_PREV;
  let unchainedBytes = 0;
  if (lastObject) {
    const check = checkLine(lastObject.text);
    if (check.kind === 'record') ({ seq, prev } = { seq: check.seq, prev: check.hash });
    else if (check.kind === 'unchained') {
      const chained = await firstChainedLine(handle, goodEnd);
      if (chained !== null)
        throw new AuditLogError(path, `unchained lines follow the chained record at offset ${chained}`);
      unchainedBytes = goodEnd;
      prev = sha256Hex(await readRange(handle, 0, goodEnd));
    } else
      throw new AuditLogError(path, `its last record (offset ${lastObject.start}) does not match its hash`);
  }
  if (goodEnd < tail.size) await moveAside(path, handle, goodEnd, tail.size);
  return { handle, seq, prev, torn: await unrecordedTornTails(path, goodEnd), unchainedBytes };
}

async function moveAside(path: string, handle: FileHandle, from: number, to: number): Promise<void> {
  const bytes = await readRange(handle, from, to);
  // A run that crashed between copying and cutting left this exact copy already; keep just the one.
  const copies = await Promise.all((await asideFiles(path, from)).map((f) => readFile(f)));
  if (!copies.some((copy) => copy.equals(bytes))) {
    const movedTo = join(dirname(path), `${basename(path)}${TORN_INFIX}${from}-${Date.now()}`);
    const aside = await open(movedTo, 'wx', 0o600);
    try {
      await aside.writeFile(bytes);
      await aside.sync();
    } finally {
      await aside.close();
    }
    await fsyncDirectory(dirname(path));
  }
  // Only now cut the log: the dropped bytes are safe in the side file first.
  await handle.truncate(from);
  await handle.sync();
}

// Side files cut at the log's current end: the log has not grown since, so their record was never
// written (a crash between cutting and recording). A recorded one's offset is below the end for good,
// because the log only ever shrinks by torn bytes, never below a record.
async function unrecordedTornTails(path: string, end: number): Promise<TornTail[]> {
  return Promise.all(
    (await asideFiles(path, end)).map(async (movedTo) => {
      const bytes = await readFile(movedTo);
      return {
        offset: end,
        bytes: bytes.length,
        sha256: sha256Hex(bytes),
        text: bytes.toString('utf8'),
        movedTo,
      };
    }),
  );
}

async function readRange(handle: FileHandle, from: number, to: number): Promise<Buffer> {
  const buf = Buffer.alloc(to - from);
  const { bytesRead } = await handle.read(buf, 0, buf.length, from);
  if (bytesRead !== buf.length) throw new Error('audit log changed size while opening');
  return buf;
}

// Only when the last line is unchained: is this an old unchained log (fine) or a chain with lines added?
async function firstChainedLine(handle: FileHandle, end: number): Promise<number | null> {
  const text = (await readRange(handle, 0, end)).toString('utf8');
  let start = 0;
  for (const line of text.split('\n')) {
    if (line !== '' && checkLine(line).kind !== 'unchained' && parseObject(line) !== null) return start;
    start += Buffer.byteLength(line) + 1;
  }
  return null;
}

/** Side files of torn tails cut at `offset`, oldest first. */
async function asideFiles(path: string, offset: number): Promise<string[]> {
  const prefix = `${basename(path)}${TORN_INFIX}${offset}-`;
  const names = (await readdir(dirname(path))).filter((n) => n.startsWith(prefix));
  return names.sort().map((n) => join(dirname(path), n));
}
