import { defineConfig } from '@playwright/test';

/** The incident reporter's own tests: unit tests plus a real failing run in a temp dir (planted secret). */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.test\.ts$/,
  outputDir: '../../reports/incident-tests',
  fullyParallel: true,
  // The planted runs (secret, clean-up, guard) are nested Playwright runs; a minute is plenty.
  timeout: 120_000,
  reporter: [['list']],
});
