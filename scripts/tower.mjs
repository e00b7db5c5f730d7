#!/usr/bin/env node
// `tower …`: runs electron/headless/cli.ts under tsx with the same argv (an argv array, no shell),
// in the caller's working directory (so `tower open -- claude` starts where you are), and exits with
// the CLI's exit code.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

let tsx;
try {
  tsx = require.resolve('tsx/cli');
} catch {
  console.error('tower: tsx is not installed; run `npm install` in ' + root);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [tsx, join(root, 'electron', 'headless', 'cli.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`tower: cannot start the CLI: ${error.message}`);
  process.exit(1);
});
// A child killed by a signal exits the shell way, 128 + signal number.
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
