import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Key } from '../../../contract/dto';
import { KEYS } from '../../../contract/dto';
import { PtyTerminalDriver } from './pty-terminal-driver';
import { RAW_RECORDER } from './test-programs';
import { eventually, screenWhere } from './test-support';
import { typedTextProblem } from '../../../contract/typed-text';

const controlChar = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCodePoint(code));
const printable = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary-ascii', maxLength: 80 }),
    fc.constantFrom('\u2028', '\u202e', 'e\u0301', '👩‍👩‍👧', '\uFEFF', '漢字', "'; rm -rf ~ #"),
  )
  // What Tower may type at all (no controls, bidi or invisible characters; see contract/typed-text.ts).
  .filter((text) => typedTextProblem(text) === null);

const driver = new PtyTerminalDriver({ closeGraceMs: 300 });
let dir = '';
let file = '';
let id = '';

async function recorded(): Promise<Buffer> {
  return readFile(file);
}

/** Types `text` and waits until exactly its UTF-8 bytes have been appended to the recording. */
async function typeAndCapture(text: string): Promise<Buffer> {
  const start = (await stat(file)).size;
  const expected = Buffer.byteLength(text, 'utf8');
  await driver.type(id, { kind: 'text', text });
  await eventually(async () => ((await stat(file)).size >= start + expected ? true : undefined), 'bytes');
  return (await recorded()).subarray(start);
}

/** Proves nothing arrived from a rejected call: the next byte in the recording is the sentinel. */
async function expectNothingWritten(): Promise<void> {
  expect([...(await typeAndCapture('#'))]).toEqual([0x23]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tower-pty-typing-'));
  file = join(dir, 'received.bin');
  const info = await driver.open({ command: [process.execPath, '-e', RAW_RECORDER, file], title: 'rec' });
  id = info.id;
  await screenWhere(driver, id, (s) => s.lines[0] === 'READY', 'recorder ready');
});

afterAll(async () => {
  await driver.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('typing into a pty', () => {
  it('delivers any printable text byte for byte as UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(printable, async (text) => {
        const got = await typeAndCapture(text);
        expect(got.equals(Buffer.from(text, 'utf8'))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('rejects text with any control character and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(printable, controlChar, printable, async (before, control, after) => {
        await expect(driver.type(id, { kind: 'text', text: before + control + after })).rejects.toThrow(
          /control character/,
        );
        await expectNothingWritten();
      }),
      { numRuns: 30 },
    );
  });

  it('rejects key names outside KEYS, even mixed with valid keys, and writes nothing', async () => {
    const known: ReadonlySet<string> = new Set(KEYS);
    const unknownKey = fc.string({ maxLength: 12 }).filter((name) => !known.has(name));
    const validKeys = fc.array(fc.constantFrom(...KEYS), { maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(validKeys, unknownKey, validKeys, async (head, bad, tail) => {
        const keys = [...head, bad, ...tail] as Key[];
        await expect(driver.type(id, { kind: 'keys', keys })).rejects.toThrow(/vocabulary/);
        await expectNothingWritten();
      }),
      { numRuns: 30 },
    );
  });

  it('sends each vocabulary key as its terminal bytes', async () => {
    const start = (await stat(file)).size;
    await driver.type(id, { kind: 'keys', keys: ['Up', 'Enter', 'Escape', 'Backspace', '1', 'y', 'CtrlC'] });
    const bytes = '\x1b[A\r\x1b\x7f1y\x03';
    await eventually(
      async () => ((await stat(file)).size >= start + bytes.length ? true : undefined),
      'keys',
    );
    expect((await recorded()).subarray(start).toString('latin1')).toBe(bytes);
  });

  it('rejects a lone surrogate instead of sending U+FFFD', async () => {
    await expect(driver.type(id, { kind: 'text', text: 'a\uD800b' })).rejects.toThrow(/surrogate/);
    await expectNothingWritten();
  });
});
