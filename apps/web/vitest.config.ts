import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Two kinds of test: component tests in jsdom (src/**/*.test.tsx) and end-to-end tests in real headless
// Chromium against a real server (e2e/**/*.test.ts, which start their own). A run that finds none fails.
export default defineConfig({
  plugins: [react()],
  test: {
    passWithNoTests: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'components',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          // One real server with the demo for every e2e file (global-setup.ts provides its URL).
          globalSetup: ['e2e/global-setup.ts'],
        },
      },
    ],
  },
});
