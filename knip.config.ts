import type { KnipConfig } from 'knip';

/**
 * knip: unused files, exports and dependencies (`npm run lint` runs it, see scripts/lint.ts).
 * Besides these entries knip finds the files package.json's scripts run (probe/main.ts, probe/status/main.ts,
 * bench/main.ts, bench/soak.ts, …) and, through its Playwright plugin, every config's specs and reporters loaded by path
 * (incident/reporter.ts, tests/matrix/scenario-reporter.ts): listing those again only earns "redundant entry" hints.
 */
const config: KnipConfig = {
  entry: [
    // npm scripts' programs and the helpers they share (scripts/test.ts, scripts/smoke.ts, scripts/lint.ts, …).
    'scripts/*.ts',
    // `npm run probe` is `exec node --import tsx probe/main.ts` (exec: signals reach the probe), which knip does not read.
    'probe/main.ts',
    // The benchmark runs its floor as a separate process by path (bench/main.ts), which no import shows.
    'bench/floor.ts',
    // `npm run report` hands it to the allure CLI as `--config incident/allurerc.ts`.
    'incident/allurerc.ts',
    // Ambient module declarations (untyped npm packages), used by TypeScript, never imported.
    'tests/types/*.d.ts',
    // The bundled portal's page script, loaded by the browser from the HTML the portal serves.
    'portal/static/*.js',
    // Stryker's command runner starts it by path for every mutant (the `commandRunner.command` of stryker.config.mjs).
    'scripts/mutation/run-suite.ts',
  ],
  project: ['**/*.{ts,js}'],
  // knip runs these configs to read their specs, reporters and webServer: like `npm run smoke`, it stops with
  // firewatch's configuration error when the environment (.env) is invalid.
  playwright: {
    config: ['playwright.config.ts', 'tests/playwright.config.ts', 'tests/**/playwright.config.ts', 'tests/matrix/matrix.config.ts'],
    entry: ['tests/**/*.spec.ts', 'tests/**/*.test.ts'],
  },
  // An export also used inside its own file is part of that module's API, not dead code.
  ignoreExportsUsedInFile: true,
  // System tools, not npm packages: scripts/browser.ts installs Chromium with apt-get where Playwright's download fails;
  // tests/unit/prometheus-rules.test.ts runs Prometheus's promtool (Debian's prometheus package, installed by .ci/run).
  ignoreBinaries: ['apt-get', 'promtool'],
  // stryker.config.mjs's `testRunner: 'command'` is the command runner built into @stryker-mutator/core; knip's Stryker
  // plugin takes every test runner for a package of its own.
  ignoreDependencies: ['@stryker-mutator/command-runner'],
};

export default config;
