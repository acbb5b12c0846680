import { defineConfig } from 'vitest/config';

// Only run by test/electron/run.mjs, where the Electron binary exists.
export default defineConfig({
  test: { include: ['test/electron/**/*.electron.test.ts'], testTimeout: 90_000, hookTimeout: 90_000, fileParallelism: false },
});
