import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getConfigOrExit, reportPaths } from '../config';
import { finalizeReports } from '../incident/finalize';
import { ensureChromiumOrExit } from './browser';

/**
 * `npm run smoke [-- <playwright args>]`: the deploy gate. Validates the configuration (exit 2), makes sure
 * a Chromium is there, runs every @critical test (only @probe ones in production), scrubs secrets from
 * every artifact, renders the HTML report, and exits 0 (all critical flows healthy) or 1 (incident written).
 */
const config = getConfigOrExit();
ensureChromiumOrExit();

const paths = reportPaths(config.reportsDir);
// Allure keeps every result file it is given: start empty so the report and the scrubbing cover this run only.
await rm(paths.allureResults, { recursive: true, force: true });

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

const summaryFile = paths.summary;
const verdict = await readFile(summaryFile, 'utf8')
  .then((text) => (JSON.parse(text) as { verdict?: string }).verdict)
  .catch(() => undefined);

if (verdict === 'failed') {
  process.stderr.write(`\nA critical flow failed: see ${path.relative(process.cwd(), paths.incidentMd)}\n`);
  process.exit(1);
}
if (verdict === 'passed') process.exit(playwrightExit);
process.stderr.write(`\nNo run summary at ${summaryFile}: Playwright exited ${playwrightExit} before the suite reported.\n`);
process.exit(playwrightExit === 0 ? 1 : playwrightExit);
