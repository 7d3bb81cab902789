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
  // The long tests first (the fault matrix, whose end is the run's end, then the probe end to end and the status page
  // on real probe runs): what waits (probe schedules, page budgets running out) overlaps with what computes. A worker
  // serves one project only, and starting one costs a second of CPU on a machine whose cores the run already keeps
  // busy: each project gets the workers its long tests need, not one per core.
  projects: [
    { name: 'matrix', testDir: './matrix', workers: 2 },
    { name: 'probe', testDir: './probe', workers: 2 },
    { name: 'status', testDir: './status', workers: 2 },
    { name: 'unit', testDir: './unit', workers: 1 },
    { name: 'portal', testDir: './portal', workers: 1 },
    { name: 'incident', testDir: './incident', workers: 2 },
  ],
});
