/**
 * Test support: a pane command that puts its tty in raw mode and appends every byte it receives to
 * a file, so tests can check what typing delivered byte for byte. Run as argv: no shell involved.
 */
import { readFile, stat } from 'node:fs/promises';
import { waitFor } from '../../../core/testing/terminal-driver.contract';

const RECORDER = [
  "const fs = require('node:fs');",
  "const fd = fs.openSync(process.argv[1], 'a');",
  'process.stdin.setRawMode(true);',
  'process.stdin.on("data", (data) => fs.writeSync(fd, data));',
  "process.stdout.write('RECORDING\\n');",
].join('\n');

/** The argv of a recorder writing to `file`. */
export function recorderCommand(file: string): string[] {
  return [process.execPath, '-e', RECORDER, file];
}

/** Waits until `file` holds at least `length` bytes, then returns its content. */
export async function recordedBytes(file: string, length: number, timeoutMs = 5_000): Promise<Buffer> {
  await waitFor(
    `${length} recorded bytes in ${file}`,
    async () => ((await stat(file)).size >= length ? true : undefined),
    timeoutMs,
    10,
  );
  return readFile(file);
}
