/**
 * Reads the last lines of a file from its end, so opening or tailing a long audit log costs the tail's
 * size, not the file's.
 */
import type { FileHandle } from 'node:fs/promises';

/** One complete line (without its newline) and where it sits in the file. */
export interface TailLine {
  readonly text: string;
  /** Offset of its first byte. */
  readonly start: number;
  /** Offset just past its newline. */
  readonly end: number;
}

/** The end of a file: its last complete lines and any bytes after the last newline. */
export interface FileTail {
  readonly size: number;
  /** Oldest first. */
  readonly lines: readonly TailLine[];
  /** Bytes after the last newline (a line that was never finished), or null. */
  readonly partial: { readonly start: number; readonly bytes: Buffer } | null;
  /** True when `lines` reaches back to the start of the file. */
  readonly fromStart: boolean;
}

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/** Reads back until `maxLines` complete lines are found, the file starts, or `maxBytes` were read. */
export async function readTail(
  handle: FileHandle,
  maxLines: number,
  maxBytes = 4 * 1024 * 1024,
): Promise<FileTail> {
  const size = (await handle.stat()).size;
  let pos = size;
  let buf = Buffer.alloc(0);
  let newlines = 0;
  // One newline more than lines wanted: the oldest line is only known complete when its start is seen.
  while (pos > 0 && newlines <= maxLines && buf.length < maxBytes) {
    const length = Math.min(CHUNK, pos);
    const chunk = Buffer.alloc(length);
    const { bytesRead } = await handle.read(chunk, 0, length, pos - length);
    if (bytesRead !== length) throw new Error('file changed size while reading its tail');
    pos -= length;
    newlines += countNewlines(chunk);
    buf = Buffer.concat([chunk, buf]);
  }
  const lastNewline = buf.lastIndexOf(NEWLINE);
  const partialFrom = lastNewline + 1;
  const partial =
    partialFrom < buf.length ? { start: pos + partialFrom, bytes: buf.subarray(partialFrom) } : null;
  const lines: TailLine[] = [];
  let end = lastNewline;
  while (end >= 0 && lines.length < maxLines) {
    const startInBuf = end === 0 ? 0 : buf.lastIndexOf(NEWLINE, end - 1) + 1;
    // A segment that runs into the start of the buffer is complete only at the start of the file.
    if (startInBuf === 0 && pos > 0) break;
    lines.unshift({
      text: buf.toString('utf8', startInBuf, end),
      start: pos + startInBuf,
      end: pos + end + 1,
    });
    end = startInBuf - 1;
  }
  return { size, lines, partial, fromStart: end < 0 && pos === 0 };
}

function countNewlines(buf: Buffer): number {
  let count = 0;
  for (let i = buf.indexOf(NEWLINE); i !== -1; i = buf.indexOf(NEWLINE, i + 1)) count++;
  return count;
}
