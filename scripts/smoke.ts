import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError, getConfig, reportPaths } from '../config';
import { writeSuiteErrorReports } from '../incident/files';
import { finalizeReports } from '../incident/finalize';
import { ensureChromiumOrExit } from './browser';

/**
 * `npm run smoke [-- <playwright args>]`: the deploy gate. Validates the configuration, makes sure a Chromium is
 * there, runs every @critical test (only @probe ones in production), scrubs secrets from every artifact, renders the
 * HTML report, and exits 0 (all critical flows healthy), 1 (incident written) or 2 (the suite's own error: summary
 * verdict `error`, reports/ERROR.md says what to fix, no incident).
 */
const config = await configOrExit();
ensureChromiumOrExit();

const paths = reportPaths(config.reportsDir);
// Allure keeps every result file it is given: start empty so the report and the scrubbing cover this run only.
await rm(paths.allureResults, { recursive: true, force: true });

/** The configuration; on a ConfigError the error summary and ERROR.md are written, then exit 2. */
async function configOrExit() {
  try {
    return getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    const reportsDir = path.resolve(process.env.FIREWATCH_REPORTS_DIR || 'reports');
    await writeSuiteErrorReports(
      reportsDir,
      { kind: 'configuration', message: error.message, fix: 'Correct the variable named above in the environment or .env (.env.example lists every one).' },
      { targetUrl: process.env.BASE_URL || 'unknown', targetEnv: process.env.TARGET_ENV || 'local' },
    ).catch((cause: Error) => process.stderr.write(`Writing the error summary failed: ${cause.message}\n`));
    process.exit(2);
  }
}

const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const child = spawn(process.execPath, [cli, 'test', ...process.argv.slice(2)], { stdio: 'inherit' });
const forward = (signal: NodeJS.Signals) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);

const playwrightExit = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1))));

try {
  await finalizeReports({ reportsDir: config.reportsDir, secrets: config.secrets });
} catch (error) {
  process.stderr.write(`Finishing the reports failed: ${(error as Error).message}\n`);
}

const shard = process.argv.slice(2).find((arg) => arg.startsWith('--shard'));
if (shard) {
  // One shard sees part of the suite: the verdict, summary.json and INCIDENT.md come once, from merging every shard's blob.
  process.stderr.write(`\nShard run (${shard}): no summary here; merge the blob reports with \`npx playwright merge-reports --reporter ./incident/reporter.ts\`.\n`);
  process.exit(playwrightExit);
}
const summaryFile = paths.summary;
const summary = await readFile(summaryFile, 'utf8')
  .then((text) => JSON.parse(text) as { verdict?: string; suiteError?: { kind: string; message: string; fix: string } | null; warnings?: { code: string; message: string }[] })
  .catch(() => undefined);

for (const warning of summary?.warnings?.filter((w) => w.code === 'cleanup-failed') ?? []) {
  process.stderr.write(`\nWARNING cleanup-failed: ${warning.message}\n`);
}
if (summary?.verdict === 'failed') {
  process.stderr.write(`\nA critical flow failed: see ${path.relative(process.cwd(), paths.incidentMd)}\n`);
  process.exit(1);
}
if (summary?.verdict === 'error') {
  const error = summary.suiteError;
  process.stderr.write(`\nThe suite could not judge the target (${error?.kind} error, not an incident): ${error?.message}\nFix: ${error?.fix}\nSee ${path.relative(process.cwd(), paths.errorMd)}\n`);
  process.exit(2);
}
if (summary?.verdict === 'passed') process.exit(playwrightExit === 0 ? 0 : 2);
// No summary: Playwright or the reporter died before reporting, a failure of the suite, not of the target.
const reason = `No run summary at ${summaryFile}: Playwright exited ${playwrightExit} before the suite reported.`;
process.stderr.write(`\n${reason}\n`);
await writeSuiteErrorReports(
  config.reportsDir,
  { kind: 'suite', message: reason, fix: "Read Playwright's output above (a syntax error in a spec or the Playwright config is the usual cause)." },
  { targetUrl: config.baseURL, targetEnv: config.targetEnv },
).catch(() => undefined);
process.exit(2);
