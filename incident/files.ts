import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reportPaths, SUMMARY_SCHEMA_VERSION, summarySchema, type SuiteErrorReport, type Summary } from '../contract';
import { renderErrorMarkdown } from './render';

/** Removes a previous run's incident so a healthy run leaves none behind. */
export async function removeIncident(reportsDir: string): Promise<void> {
  const paths = reportPaths(reportsDir);
  await rm(paths.incidentJson, { force: true });
  await rm(paths.incidentMd, { force: true });
}

/** Writes text files, creating their folder. */
export async function writeText(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text.endsWith('\n') ? text : `${text}\n`);
}

/** Appends INCIDENT.md to the GitHub Actions job summary when running there. */
export async function appendStepSummary(markdown: string, file = process.env.GITHUB_STEP_SUMMARY): Promise<boolean> {
  if (!file) return false;
  await appendFile(file, `${markdown}\n`);
  return true;
}

/**
 * Writes the reports of a run the suite could not even start (invalid configuration, no Playwright run): summary.json
 * with verdict `error` and ERROR.md, and removes any stale incident, so CI and the probe read the reason, not an outage.
 */
export async function writeSuiteErrorReports(
  reportsDir: string,
  suiteError: SuiteErrorReport,
  run: { targetUrl: string; targetEnv: string },
): Promise<void> {
  const paths = reportPaths(reportsDir);
  const now = new Date().toISOString();
  const summary: Summary = summarySchema.parse({
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: `${now.replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomUUID().slice(0, 8)}`,
    startedAt: now,
    endedAt: now,
    targetUrl: run.targetUrl,
    targetEnv: run.targetEnv,
    commit: process.env.GIT_SHA || null,
    deployId: process.env.DEPLOY_ID || null,
    ciRunUrl: process.env.CI_RUN_URL || null,
    verdict: 'error',
    suiteError,
    flows: [],
    warnings: [],
  });
  await removeIncident(reportsDir);
  await writeText(paths.summary, JSON.stringify(summary, null, 2));
  await writeText(paths.errorMd, renderErrorMarkdown(summary));
}
