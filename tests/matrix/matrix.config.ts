import path from 'node:path';
import { defineConfig } from '@playwright/test';
import suite from '../../playwright.config';
import { MATRIX_DIR, scenarioGrep, type Scenario } from './expected';

/**
 * The fault matrix as one run of the critical suite: one project per scenario, each against its own portal
 * (`MATRIX_TARGETS`, JSON: `[{ scenario, url, workers }]` in the order to run), with the suite's settings otherwise.
 * Every worker connects to the one browser `MATRIX_BROWSER` names (a browser server's endpoint).
 * `scenario-reporter.ts` writes each scenario's summary and incident as the suite's reporter would.
 */
const targets = JSON.parse(process.env.MATRIX_TARGETS ?? '[]') as { scenario: string; url: string; workers: number }[];
const critical = suite.projects?.[0];

export default defineConfig({
  ...suite,
  testDir: path.resolve(import.meta.dirname, '..', 'critical'),
  outputDir: path.join(MATRIX_DIR, 'test-results'),
  // Each scenario's result as it is: a retry would only tell flaky from broken, which the healthy runs prove.
  retries: 0,
  reporter: [[path.resolve(import.meta.dirname, 'scenario-reporter.ts')], ['list']],
  webServer: undefined,
  projects: targets.map(({ scenario, url, workers }) => ({
    ...critical,
    name: scenario,
    grep: scenarioGrep(scenario as Scenario),
    workers,
    use: {
      ...critical?.use,
      baseURL: url,
      ...(process.env.MATRIX_BROWSER ? { connectOptions: { wsEndpoint: process.env.MATRIX_BROWSER } } : {}),
    },
  })),
});
