import { defineConfig } from '@playwright/test';

/** A passing run whose worker-level clean-up fails: the incident reporter must warn, not fail a flow. */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  retries: 0,
  workers: 1,
  reporter: [['../../../incident/reporter.ts']],
});
