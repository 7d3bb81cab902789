import { existsSync } from 'node:fs';
import path from 'node:path';
import { reportPaths } from '../contract';
import { redactTree } from './redact';

/** What finalizeReports was asked to do. */
export interface FinalizeOptions {
  readonly reportsDir: string;
  readonly secrets: readonly string[];
}

/**
 * After the Playwright run: scrubs every secret from the run's artifacts under `<reportsDir>` (blob, test-results,
 * allure results, the HTML report and its data, junit.xml, summary, incident), in place: inside zips (traces, blob)
 * and base64 blobs (the HTML report's embedded data) too. Other tools' folders (probe history, benchmark runs) are
 * not this run's to rewrite. Returns one line per thing it did, for the wrapper to print.
 */
export async function finalizeReports({ reportsDir, secrets }: FinalizeOptions): Promise<string[]> {
  const dir = path.resolve(reportsDir);
  const show = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
  };
  const paths = reportPaths(dir);
  const result = await redactTree(
    [paths.blob, paths.testResults, paths.allureResults, paths.html, paths.junit, paths.summary, paths.incidentDir],
    secrets,
  );
  const done = [`scrubbed ${result.rewritten.length} of ${result.scanned} files under ${show(dir)}`];
  if (!existsSync(path.join(paths.html, 'index.html')))
    done.push(`no HTML report at ${show(paths.html)}: the run ended before its reporters`);
  if (result.skipped.length > 0) done.push(`could not scrub (left as is): ${result.skipped.map(show).join(', ')}`);
  return done;
}
