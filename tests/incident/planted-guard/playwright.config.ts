import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/browser';

/** Two checks that meet the same 5xx behind passing assertions: one with the guard on, one with it switched off. */
const browser = findChromium();

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  retries: 0,
  workers: 1,
  reporter: [['../../../incident/reporter.ts']],
  use: {
    launchOptions: { ...(browser.executablePath ? { executablePath: browser.executablePath } : {}), args: CHROMIUM_ARGS },
  },
});
