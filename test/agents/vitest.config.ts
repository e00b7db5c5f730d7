import { defineConfig } from 'vitest/config';

// The root config's projects only include electron/**, scripts/** and test/e2e/**; this one lets
// `npx vitest run --root test/agents` run the stand-in's own tests.
export default defineConfig({
  test: { include: ['**/*.test.ts'], testTimeout: 20_000, fileParallelism: false },
});
