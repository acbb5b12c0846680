import { defineConfig } from 'vitest/config';

// Tests use real parts (SQLite files, worker processes, Chromium), so they get generous timeouts
// and run files one at a time on this 2-core machine to keep browser launches from starving each other.
export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'bots/**/*.test.ts', 'demo-sites/**/*.test.ts', 'test/**/*.test.ts', 'renderer/**/*.test.ts'],
    exclude: ['test/electron/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
    globalSetup: ['test/globalSetup.ts'],
  },
});
