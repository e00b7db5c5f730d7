/**
 * Typing through tmux arrives byte for byte (real tmux, private socket, raw-mode recorder), and
 * nothing outside the key vocabulary or with a control character can be typed.
 */
import fc from 'fast-check';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Key } from '../../../contract/dto';
import { KEYS } from '../../../contract/dto';
import { screenText, waitFor } from '../../../core/testing/terminal-driver.contract';
import { recordedBytes, recorderCommand } from './raw-recorder';
import { TmuxTerminalDriver } from './tmux-terminal-driver';
import { removeTestServer, testDriver, testSocketName } from './tmux-test-server';
import { typedTextProblem } from '../../../contract/typed-text';

// Replaces every character Tower refuses to type (controls, bidi, invisible, lone surrogates).
const clean = (text: string) => [...text].map((ch) => (typedTextProblem(ch) === null ? ch : '?')).join('');

const tricky = fc.constantFrom(
  ...[';', '\\;', '\\', ';;', ' ; ', '-', '--', '-t %0', '-X cancel', '-l', '-H', '#{pane_id}', '#(id)'],
  ...['#[fg=red]', '##', '#', '$(id)', '`id`', '"', "'", ' ', '~', '%%', 'C-c', 'Enter', 'BSpace', 'M-x'],
  ...['😀', '👩‍👩‍👧', 'é', 'e\u0301', '中文', '\u200b', '\u202e', '\ufeff', '\u{10ffff}', '\ufffd', '\u00a0'],
);
const printable = fc
  .array(fc.oneof(tricky, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 20 })), {
    minLength: 1,
    maxLength: 8,
  })
  .chain((parts) => fc.constantFrom('', ';', '\\;', ';;').map((end) => clean(parts.join('') + end)))
  // What Tower may type at all (no bidi or invisible characters either; see contract/typed-text.ts).
  .filter((text) => text.length > 0 && typedTextProblem(text) === null);

describe('tmux typing delivers text byte for byte', () => {
  const socket = testSocketName('typing');
  let driver: TmuxTerminalDriver;
  let dir: string;
  let file: string;
  let id: string;
  let expected = Buffer.alloc(0);

  beforeAll(async () => {
    driver = testDriver(socket);
    dir = await mkdtemp(join(tmpdir(), 'tower-tmux-'));
    file = join(dir, 'recorded.bin');
    id = (await driver.open({ command: recorderCommand(file), title: 'recorder', cols: 120 })).id;
    await waitFor('the recorder', async () =>
      screenText(await driver.readScreen(id)).includes('RECORDING') ? 1 : undefined,
    );
  });

  afterAll(async () => {
    await driver.dispose();
    await removeTestServer(socket);
    await rm(dir, { recursive: true, force: true });
  });

  async function typeAndCheck(text: string): Promise<void> {
    const start = expected.length;
    const bytes = Buffer.from(text, 'utf8');
    expected = Buffer.concat([expected, bytes]);
    await driver.type(id, { kind: 'text', text });
    const recorded = await recordedBytes(file, expected.length);
    const got = recorded.subarray(start);
    if (!got.equals(bytes)) expect(JSON.stringify(got.toString())).toBe(JSON.stringify(text));
    expect(recorded.length).toBe(expected.length);
  }

  it.each([
    'a;',
    'a\\;',
    ';;',
    ';',
    '\\;',
    'a ; b',
    '-x',
    '--',
    '-t %0',
    '-X cancel',
    '#{pane_id}',
    '#(id)',
    '%%',
    '~',
    'Enter',
    'C-c',
    'x\\',
  ])('delivers %j exactly', async (text) => {
    await typeAndCheck(text);
  });

  it('delivers arbitrary printable Unicode exactly', async () => {
    await fc.assert(fc.asyncProperty(printable, typeAndCheck), { numRuns: 40 });
  });

  it('delivers long text in chunks, including a chunk that ends in ;', async () => {
    await typeAndCheck(`${'a'.repeat(1023)};${'b'.repeat(1022)}\\;-${'é'.repeat(3000)};`);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 2_000, maxLength: 6_000 }), (text) =>
        typeAndCheck(clean(text)),
      ),
      { numRuns: 4 },
    );
  });

  it('rejects any text with a control character and types nothing', async () => {
    const control = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }));
    await fc.assert(
      fc.asyncProperty(fc.string(), control, fc.string(), async (before, code, after) => {
        const text = before + String.fromCodePoint(code) + after;
        await expect(driver.type(id, { kind: 'text', text })).rejects.toThrow(/control character/);
      }),
      { numRuns: 50 },
    );
    await expect(driver.type(id, { kind: 'text', text: 'a\uD800b' })).rejects.toThrow(/surrogate/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await stat(file)).size).toBe(expected.length);
  });

  it('rejects key names outside the vocabulary before tmux runs', async () => {
    const broken = new TmuxTerminalDriver({ sockets: [socket], tmuxPath: '/nonexistent/tmux' });
    const keyName = fc.string().filter((name) => !(KEYS as readonly string[]).includes(name));
    await fc.assert(
      fc.asyncProperty(keyName, async (name) => {
        await expect(broken.type(id, { kind: 'keys', keys: ['1', name as Key] })).rejects.toThrow(
          /vocabulary/,
        );
        await expect(driver.type(id, { kind: 'keys', keys: ['1', name as Key] })).rejects.toThrow(
          /vocabulary/,
        );
      }),
      { numRuns: 50 },
    );
    // Control: a valid request does reach (the missing) tmux.
    await expect(broken.type(id, { kind: 'keys', keys: ['1'] })).rejects.toThrow(/not installed/);
    expect((await stat(file)).size).toBe(expected.length);
  });

  it('sends vocabulary keys as their bytes', async () => {
    const keys: Key[] = ['1', 'y', 'n', 'Enter', 'Tab', 'Escape', 'Up', 'Backspace', 'CtrlC'];
    const start = expected.length;
    const bytes = Buffer.from('1yn\r\t\x1b\x1b[A\x7f\x03', 'latin1');
    expected = Buffer.concat([expected, bytes]);
    await driver.type(id, { kind: 'keys', keys });
    const recorded = await recordedBytes(file, expected.length);
    expect(recorded.subarray(start).toString('latin1')).toBe(bytes.toString('latin1'));
  });

  it('never interleaves concurrent typings into one pane', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `<${String(i).padStart(2, '0')}${'x'.repeat(1500)};>`);
    const start = expected.length;
    const total = texts.reduce((sum, text) => sum + text.length, 0);
    expected = Buffer.concat([expected, Buffer.alloc(total)]);
    await Promise.all(texts.map((text) => driver.type(id, { kind: 'text', text })));
    const got = (await recordedBytes(file, expected.length)).subarray(start).toString();
    expect(got.length).toBe(total);
    expect(got.match(/<[0-9]{2}x+;>/g)).toHaveLength(12);
    expected = Buffer.concat([expected.subarray(0, start), Buffer.from(got)]);
  });
});
