// @ts-check
import process from 'node:process';

/**
 * Stryker's mutation testing of the bundled portal's business logic against the critical suite: `npm run mutation`
 * (scripts/mutation/main.ts) runs Stryker with this file and then judges the result. `npx stryker run` works on its own too.
 *
 * What is mutated: the rules members rely on (prices, order and postcode rules, delivery dates, sessions, sign-in and
 * lockout, stored orders, the weather's region, freshness and shape, health) and the routes that apply them. Not mutated:
 * the fault catalogue (portal/faults.ts), the test-data API (routes/testdata.ts: the suite's seeding door, not a member
 * flow), the HTML views and static files (markup: the page objects find their content by role and text, a changed
 * heading is a rename, not a broken rule) and the shared types (context.ts). Code that acts only while a fault of
 * portal/faults.ts is on is left out by the `fault-injection` ignorer (the suite runs without faults, so those mutants
 * could only survive); the few spots it cannot see, and plumbing such as the server's start and stop or the start-up
 * demo data, carry a `// Stryker disable` comment with the reason.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  mutate: [
    'portal/pricing.ts',
    'portal/validation.ts',
    'portal/dates.ts',
    'portal/session.ts',
    'portal/password.ts',
    'portal/store.ts',
    'portal/format.ts',
    'portal/weather.ts',
    'portal/weatherService.ts',
    'portal/app.ts',
    'portal/routes/auth.ts',
    'portal/routes/diesel.ts',
    'portal/routes/member.ts',
    'portal/routes/public.ts',
    'portal/routes/helpers.ts',
  ],
  // No mutants in fault injection (scripts/mutation/fault-ignorer.mjs says what exactly): the suite runs without faults.
  // (The command runner is built into @stryker-mutator/core: no other plugin is needed.)
  plugins: ['./scripts/mutation/fault-ignorer.mjs'],
  ignorers: ['fault-injection'],
  // The critical suite, one Playwright run per mutant (scripts/mutation/run-suite.ts). Stryker sets __STRYKER_ACTIVE_MUTANT__
  // for the command; Playwright's webServer hands its whole environment on to the bundled portal, where the mutant lives.
  testRunner: 'command',
  commandRunner: { command: 'node --import tsx scripts/mutation/run-suite.ts' },
  // The command runner measures no coverage: every mutant runs the whole suite (it stops at the first failure).
  coverageAnalysis: 'off',
  // Two suites side by side, one Playwright worker each, is the fastest on two cores (measured: 6.1 s per mutant, against
  // 7.3 s with two workers each and 7.6 s one at a time; three side by side gain nothing and slow every test down).
  concurrency: 2,
  // A healthy suite takes about 12 s while another runs beside it; a mutant that hangs the portal fails Playwright's own
  // budgets (30 s start, 10 s navigation) long before this. A Stryker timeout therefore means a real hang, not a busy machine.
  // The proof run does not stop at the first failure: a mutant that fails every check runs each to its budget, and only a
  // run that ends can say which checks caught it.
  timeoutMS: process.env.FIREWATCH_MUTATION_PROOF_RUNS ? 300_000 : 60_000,
  timeoutFactor: 1.5,
  // Every run's output stays under reports/ (git-ignored), the incremental file beside the reports. The proof run
  // (`npm run mutation -- --proofs`, scripts/mutation/proofs.ts) tests only the promises' proof mutants and keeps its own
  // JSON report, so the main report and its incremental results stay as they are.
  ...(process.env.FIREWATCH_MUTATION_PROOF_RUNS
    ? { reporters: ['json', 'progress'], jsonReporter: { fileName: 'reports/mutation/proofs/mutation.json' } }
    : {
        reporters: ['html', 'json', 'progress'],
        htmlReporter: { fileName: 'reports/mutation/mutation.html' },
        jsonReporter: { fileName: 'reports/mutation/mutation.json' },
      }),
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  // Not copied to the sandbox: runs' output (node_modules is linked, not copied).
  ignorePatterns: ['/reports', '/test-results', '/playwright-report', '/blob-report', '/.auth', '*.log'],
  // scripts/mutation/main.ts applies the project's thresholds after the exceptions; Stryker's own only colour its reports.
  thresholds: { high: 90, low: 80, break: null },
};

export default config;
