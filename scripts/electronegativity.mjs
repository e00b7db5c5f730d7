#!/usr/bin/env node
// Electron security lint on the BUILT app (run `npm run build` first): electronegativity exits 0 even
// with findings, so this reads its SARIF report and fails on any finding that is not in the reviewed
// allow-list (electron/main/electronegativity-allow.json), and on allow-list entries that no longer occur.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');
if (!existsSync(join(out, 'main', 'index.js'))) {
  console.error('electronegativity: out/main/index.js is missing; run `npm run build` first.');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'tower-electronegativity-'));
const report = join(dir, 'report.sarif');
const bin = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
// The releases check needs the network; it is excluded, and the Electron version is stated instead.
const run = spawnSync(
  process.execPath,
  [
    bin,
    '-i',
    out,
    '-r',
    '-v',
    'false',
    '-x',
    'AvailableSecurityFixesGlobalCheck',
    '-e',
    '45.4.1',
    '-o',
    report,
  ],
  { cwd: root, encoding: 'utf8' },
);
const output = `${run.stdout}${run.stderr}`;
if (run.status !== 0 || /Error parsing/i.test(output) || !existsSync(report)) {
  console.error(output);
  console.error('electronegativity: the scan did not complete.');
  process.exit(1);
}
const results = JSON.parse(readFileSync(report, 'utf8')).runs[0].results;
rmSync(dir, { recursive: true, force: true });
const { allow } = JSON.parse(
  readFileSync(join(root, 'electron', 'main', 'electronegativity-allow.json'), 'utf8'),
);
const key = (check, file) => `${check} ${file}`;
const allowed = new Set(allow.map((a) => key(a.check, a.file)));
const found = results.map((r) => ({
  check: r.ruleId,
  file: r.locations[0].physicalLocation.artifactLocation.uri,
  line: r.locations[0].physicalLocation.region.startLine,
  message: r.message.text,
}));
const unexpected = found.filter((f) => !allowed.has(key(f.check, f.file)));
const stale = allow.filter((a) => !found.some((f) => key(f.check, f.file) === key(a.check, a.file)));
for (const f of unexpected) console.error(`NEW FINDING ${f.check} ${f.file}:${f.line} — ${f.message}`);
for (const a of stale) console.error(`STALE ALLOW-LIST ENTRY ${a.check} ${a.file} — remove it`);
// electronegativity drops a file its AST walker cannot traverse (class `#private` fields, for one) and
// prints an empty error line: every finding of that file then looks "stale".
if (stale.length > 0)
  console.error(
    'If every entry of one file is stale, that file was probably not scanned at all: electronegativity skips ' +
      'files it cannot walk (e.g. class #private fields) without saying so. Check the bundle before editing the list.',
  );
if (unexpected.length > 0 || stale.length > 0) process.exit(1);
console.log(`electronegativity: ${found.length} finding(s), all reviewed and justified in the allow-list.`);
