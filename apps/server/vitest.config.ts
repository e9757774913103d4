import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    passWithNoTests: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The crash, rebuild and fuzz suites each load both cores; run files one after another so that none of them
    // starves another into a timeout on a 2-core machine (tests never assert on wall time, but do have timeouts).
    fileParallelism: false,
  },
});
