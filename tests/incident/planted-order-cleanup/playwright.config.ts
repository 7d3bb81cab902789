import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/browser';

/** A passing order check whose order cannot be cancelled afterwards: the incident reporter must warn, not fail a flow. */
const browser = findChromium();

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  retries: 0,
  workers: 1,
  reporter: [['../../../incident/reporter.ts']],
  use: {
    baseURL: 'http://portal.invalid',
    launchOptions: { ...(browser.executablePath ? { executablePath: browser.executablePath } : {}), args: CHROMIUM_ARGS },
  },
});
