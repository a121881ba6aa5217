import { defineConfig } from 'vitest/config';

/** Integration tests of the harness itself, against the server its global setup starts. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./src/vitest-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    fileParallelism: false,
    passWithNoTests: false,
  },
});
