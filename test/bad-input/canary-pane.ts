/**
 * A fake Claude Code for the bad-input suite: it draws a captured idle Claude screen (so Tower sees an
 * idle agent it may type into), puts its tty in raw mode, and appends every byte it receives to a
 * file. Anything typed into it is on record; nothing it receives is ever executed.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFixture } from '../../electron/core/detection';

const FIXTURES = join(import.meta.dirname, '../../electron/core/detection/fixtures');

/** A fixture's screen rows. */
export function fixtureScreen(name: string): readonly string[] {
  return parseFixture(name, readFileSync(join(FIXTURES, name), 'utf8')).lines;
}

const SCRIPT = String.raw`
const fs = require('node:fs');
const cfg = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const fd = fs.openSync(cfg.record, 'a');
process.stdin.setRawMode(true);
process.stdin.on('data', (data) => fs.writeSync(fd, data));
process.stdout.write('\x1b[H\x1b[2J' + cfg.screen.join('\r\n'));
if (cfg.print !== undefined) process.stdout.write(cfg.print);
`;

/** argv for a recorder drawing `screen` (then `print`, raw, when given) and recording into `record`. */
export function canaryPaneCommand(
  dir: string,
  name: string,
  screen: readonly string[],
  print?: string,
): { argv: string[]; record: string } {
  const record = join(dir, `${name}.rec`);
  const config = join(dir, `${name}.json`);
  writeFileSync(record, '');
  writeFileSync(config, JSON.stringify({ record, screen, print }));
  return { argv: [process.execPath, '-e', SCRIPT, config], record };
}

/** Bytes recorded so far. */
export function recorded(record: string): Buffer {
  return readFileSync(record);
}

/** Size of the record. */
export function recordSize(record: string): number {
  return statSync(record).size;
}
