/**
 * Vite config of the React renderer, shared by `npm run build:renderer` (headless UI) and the renderer
 * section of electron.vite.config.ts. Relative base so the same build works from the headless server's
 * `/` and from the Electron app's own scheme.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';

const root = resolve(import.meta.dirname, 'renderer');

/** The page's Content-Security-Policy: our own scripts and styles, sockets to the loopback API only. */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// Production only: the dev server's React refresh preamble is an inline script a strict CSP would block.
function cspMeta(): Plugin {
  return {
    name: 'tower-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** The renderer's Vite config; `outDir` defaults to out/renderer. */
export function rendererConfig(outDir = resolve(import.meta.dirname, 'out', 'renderer')): UserConfig {
  return {
    root,
    base: './',
    plugins: [react(), cspMeta()],
    build: {
      outDir,
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      rollupOptions: { input: resolve(root, 'index.html') },
    },
  };
}

export default rendererConfig();
