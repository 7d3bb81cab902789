import { defineConfig } from '@playwright/test';

/** The incident reporter's own tests: unit tests plus a real failing run in a temp dir (planted secret). */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.test\.ts$/,
  outputDir: '../../reports/incident-tests',
  fullyParallel: true,
  // The planted-secret test runs a nested Playwright run and merge-reports; a minute is plenty.
  timeout: 120_000,
  reporter: [['list']],
});
