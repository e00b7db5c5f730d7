/**
 * electron-vite: the main process (ESM, dependencies external — node-pty is native), the sandboxed
 * preload (one CommonJS file, since sandboxed preloads cannot load ESM or other modules), and the
 * renderer (the same Vite config `npm run build:renderer` uses). Output in out/{main,preload,renderer}.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer.vite.config';

const here = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(here, 'out', 'main'),
      externalizeDeps: true,
      rolldownOptions: { input: { index: resolve(here, 'electron', 'main', 'index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(here, 'out', 'preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(here, 'electron', 'preload', 'index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig(resolve(here, 'out', 'renderer')),
});
