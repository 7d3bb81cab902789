import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/browser';

const browser = findChromium();

/** The project's own tests: `npm test` runs them all in one run, the long ones (probe, status page, fault matrix) first. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.test.ts',
  outputDir: '../reports/self-test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    launchOptions: { ...(browser.executablePath ? { executablePath: browser.executablePath } : {}), args: CHROMIUM_ARGS },
  },
  // The long tests first (the probe end to end, the status page on real probe runs, the fault matrix): what waits
  // (probe schedules, page budgets running out) overlaps with what computes.
  projects: [
    { name: 'probe', testDir: './probe' },
    { name: 'status', testDir: './status' },
    { name: 'matrix', testDir: './matrix' },
    { name: 'unit', testDir: './unit' },
    { name: 'portal', testDir: './portal' },
    { name: 'incident', testDir: './incident' },
  ],
});
