import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { allureReporterOptions } from '../../../incident/allure';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/browser';

/**
 * A deliberately failing run for the planted-secret test: records every artifact Playwright can leak a
 * typed password into (trace, screenshot, blob, JUnit, HTML, Allure results), then the incident reporter.
 */
const reports = path.resolve(process.env.FIREWATCH_REPORTS_DIR ?? 'reports');
const browser = findChromium();

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  outputDir: path.join(reports, 'test-results'),
  retries: 0,
  workers: 1,
  reporter: [
    ['blob', { outputDir: path.join(reports, 'blob') }],
    ['junit', { outputFile: path.join(reports, 'junit.xml') }],
    ['html', { outputFolder: path.join(reports, 'html'), open: 'never' }],
    [
      'allure-playwright',
      allureReporterOptions({ reportsDir: reports, baseURL: 'http://127.0.0.1', targetEnv: 'local', build: { gitSha: 'planted' } }),
    ],
    ['../../../incident/reporter.ts'],
  ],
  use: {
    trace: 'on',
    screenshot: 'on',
    actionTimeout: 2_000,
    launchOptions: {
      ...(browser.executablePath ? { executablePath: browser.executablePath } : {}),
      args: CHROMIUM_ARGS,
    },
  },
});
