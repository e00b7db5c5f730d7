#!/usr/bin/env node
// `npm start`: the Electron tray app where an Electron binary and a display exist; otherwise the
// headless supervisor, which serves the same API and dashboard on 127.0.0.1. Says why it fell back.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// node-pty 1.1.0 ships its macOS spawn-helper without the executable bit: every pty then fails with
// "posix_spawnp failed". Fix it in place before anything opens a terminal (the packed app: afterPack).
if (process.platform === 'darwin') {
  try {
    const { fixSpawnHelpers } = await import('./electron-after-pack.mjs');
    fixSpawnHelpers(join(root, 'node_modules', 'node-pty'));
  } catch (error) {
    console.warn(`Tower: could not make node-pty's spawn-helper executable: ${error.message}`);
  }
}

// Where the electron package keeps its binary. Not `require('electron')`: that starts a download
// when the binary is missing, which fails on machines without access to Electron's release host.
function electronBinary() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function electronUnavailableReason() {
  if (electronBinary() === null) return 'no Electron binary is installed on this machine';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)';
  }
  if (!existsSync(join(root, 'electron', 'main', 'index.ts')))
    return 'the Electron shell is not part of this build yet';
  return null;
}

const reason = electronUnavailableReason();
let child;
if (reason === null) {
  child = spawn(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
} else {
  console.log(`Tower: starting headless because ${reason}.`);
  // The headless server serves the React UI from out/renderer; build it once if it is missing.
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    console.log('Tower: building the UI (npm run build:renderer)…');
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const built = spawnSync(
      process.execPath,
      [vite, 'build', '--config', 'renderer.vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    if (built.status !== 0)
      console.log('Tower: the UI did not build; serving the built-in dashboard instead.');
  }
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  child = spawn(
    process.execPath,
    [tsx, join(root, 'electron', 'headless', 'main.ts'), ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
