#!/usr/bin/env node
// `npm run dev`: electron-vite's dev server (hot reload) where an Electron binary and a display exist;
// otherwise the headless program restarted on source changes (tsx watch) serving a renderer that Vite
// rebuilds on every change (reload the page to see it). Says which one it runs and why.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, ...path) => join(root, 'node_modules', pkg, ...path);

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

function hasElectron() {
  const pathFile = bin('electron', 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return true;
  if (!existsSync(pathFile)) return false;
  if (!existsSync(bin('electron', 'dist', readFileSync(pathFile, 'utf8').trim()))) return false;
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

const children = [];
const run = (args) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code) => {
    for (const other of children) if (other !== child) other.kill('SIGTERM');
    process.exit(code ?? 0);
  });
};

if (hasElectron()) {
  run([bin('electron-vite', 'bin', 'electron-vite.js'), 'dev']);
} else {
  console.log('Tower dev: no Electron binary or display; headless with a rebuilding UI (reload the page).');
  run([
    bin('vite', 'bin', 'vite.js'),
    'build',
    '--watch',
    '--config',
    'renderer.vite.config.ts',
    '--logLevel',
    'warn',
  ]);
  run([
    bin('tsx', 'dist', 'cli.mjs'),
    'watch',
    '--clear-screen=false',
    join('electron', 'headless', 'main.ts'),
  ]);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}
