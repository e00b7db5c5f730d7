import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests (core with fakes, adapters on real tmux/pty), and the end-to-end suite
// that runs the real Claude Code and Codex against the local model stand-in.
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
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
