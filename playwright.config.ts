import { defineConfig } from '@playwright/test';
import { getConfigOrExit } from './config';
import { reportPaths, SYNTHETIC_HEADER } from './contract';
import { allureReporterOptions } from './incident';
import { CHROMIUM_ARGS, findChromium } from './scripts/browser';
import { BUNDLED_PORTAL_COMMAND } from './scripts/bundled-portal';

const config = getConfigOrExit();
const reports = reportPaths(config.reportsDir);
const browser = findChromium(config.chromiumPath);

export default defineConfig({
  testDir: './tests/critical',
  outputDir: reports.testResults,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // One retry tells a flaky flow (warning) from a broken one (incident), in every run: a blip is never an outage.
  // Probes confirm failures the same way, in a fresh browser context.
  retries: 1,
  // One worker per core: the suite waits on the network far more than it computes.
  workers: '100%',
  // A member waits a few seconds, not a minute: a flow slower than this is down for them.
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // The incident reporter first: reporters end one after another, and the incident is what people wait for.
  // FIREWATCH_LEAN_REPORTERS=1 (set by the mutation run, scripts/mutation/run-suite.ts, for each of its hundreds of runs)
  // keeps only the incident reporter, whose summary.json verdict judges the run, and the dot reporter.
  reporter:
    process.env.FIREWATCH_LEAN_REPORTERS === '1'
      ? [['./incident/reporter.ts'], ['dot']]
      : [
          ['./incident/reporter.ts'],
          ['list'],
          ['blob', { outputDir: reports.blob }],
          // Rendered in the run (no second Playwright process afterwards); scripts/smoke.ts scrubs them with everything else.
          ['html', { outputFolder: reports.html, open: 'never' }],
          ['junit', { outputFile: reports.junit }],
          ['allure-playwright', allureReporterOptions(config)],
        ],
  use: {
    baseURL: config.baseURL,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    // Past these a member has given up; failing here names the slow step instead of the test timeout.
    navigationTimeout: 10_000,
    actionTimeout: 5_000,
    // Recording a trace costs every test; the retry of a failed test records one, so every failure has its trace.
    trace: 'on-first-retry',
    // The guard fixture photographs every page of a failed test (fixtures/guards.ts); Playwright's own
    // 'only-on-failure' would photograph every page of every test at its end and keep only the failures' pictures.
    screenshot: 'off',
    extraHTTPHeaders: { ...SYNTHETIC_HEADER },
    launchOptions: {
      ...(browser.executablePath ? { executablePath: browser.executablePath } : {}),
      args: CHROMIUM_ARGS,
    },
  },
  // One project, so workers are reused across every flow: signed-in specs opt in with `test.use({ signedIn: true })`.
  projects: [{ name: 'critical', grep: config.production ? /@probe/ : /@critical/ }],
  webServer: config.bundledPortal
    ? {
        command: BUNDLED_PORTAL_COMMAND,
        url: `${config.baseURL}/healthz`,
        reuseExistingServer: !process.env.CI,
        timeout: 30_000,
        stdout: 'ignore',
        stderr: 'pipe',
        env: {
          PORTAL_PORT: String(config.portal.port),
          PORTAL_FAULTS: config.portal.faults.join(','),
          SEED_TOKEN: config.seedToken ?? '',
          PORTAL_MODE: 'development',
        },
      }
    : undefined,
});
