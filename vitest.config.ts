import { defineConfig } from 'vitest/config';

// Three projects: fast unit tests (core with fakes, adapters on real tmux/pty), the renderer's own tests, and
// the end-to-end suite (the real Claude Code and Codex against the local model stand-in; the UI in Chromium).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['electron/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // The React renderer's pure parts and components (rendered to markup in Node, fake client).
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.{ts,tsx}'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: ['test/mac/**', '**/node_modules/**'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The Mac-only suite (`npm run test:mac`): real Terminal.app and iTerm2. Every file skips itself,
        // printing why, when not on macOS, so on Linux this project costs nothing.
        test: {
          name: 'mac',
          include: ['test/mac/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
