/**
 * Small programs the pty tests run, as source text for `node -e <source> [args…]` (argv, no shell,
 * and no loose .mjs files for the lint project to miss). Test support only.
 */

/** Draws on the alternate screen with cursor movement and a title, then idles until killed. */
export const ALT_SCREEN = String.raw`
const out = process.stdout;
out.write('before alt screen\r\n');
out.write('\x1b[?1049h\x1b[2J\x1b[H');
out.write('\x1b]2;alt-title\x07');
out.write('\x1b[3;1Htop line');
out.write('\x1b[10;5HHELLO ALT');
out.write('\x1b[12;1Habcdef\x1b[3DXYZ');
out.write('\x1b[14;1Hspinner |\x1b[1D/\x1b[1D-');
out.write('\x1b[5;1Herase me\x1b[2K\x1b[5;1Hkept');
out.write('\x1b[20;7H');
setInterval(() => {}, 60000);
`;

/** Sets the tty raw and appends every byte it receives to the file in argv[1]. */
export const RAW_RECORDER = String.raw`
const fs = require('node:fs');
const file = process.argv[1];
fs.writeFileSync(file, '');
process.stdin.setRawMode(true);
process.stdin.on('data', (chunk) => fs.appendFileSync(file, chunk));
process.stdout.write('READY\r\n');
`;

/** Asks for the cursor position and device attributes, as TUIs do at start, and prints the replies. */
export const QUERY_PROBE = String.raw`
process.stdin.setRawMode(true);
let got = '';
const timer = setTimeout(() => finish('TIMEOUT'), 3000);
process.stdin.on('data', (chunk) => {
  got += chunk.toString('latin1');
  if (/\x1b\[\?[\d;]*c/.test(got)) finish('OK');
});
process.stdout.write('\x1b[5;9H\x1b[6n\x1b[c');
function finish(status) {
  clearTimeout(timer);
  process.stdout.write('\r\n' + status + ' ' + got.replace(/\x1b/g, '<ESC>') + '\r\n');
  process.stdin.setRawMode(false);
  process.exit(0);
}
`;

/** Stands in for npm's `codex.js` launcher: runs the native binary in argv[2] (a copy of sleep). */
export const CODEX_LAUNCHER = String.raw`
const { spawn } = require('node:child_process');
const child = spawn(process.argv[2], ['60'], { stdio: 'inherit' });
process.stdout.write('launched\r\n');
child.on('exit', (code) => process.exit(code ?? 0));
`;

/** Prints `count` numbered lines quickly, then a marker, then exits with code 0. */
export const FLOOD = String.raw`
const count = Number(process.argv[1]);
let text = '';
for (let i = 1; i <= count; i++) text += 'line ' + i + ' ' + 'x'.repeat(50) + '\r\n';
process.stdout.write(text + 'END-OF-FLOOD');
`;
