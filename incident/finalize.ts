import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { reportPaths } from '../config/reports';
import { redactTree } from './redact';

/** What finalizeReports was asked to do. */
export interface FinalizeOptions {
  readonly reportsDir: string;
  readonly secrets: readonly string[];
  /** Limit for rendering the HTML report; a stuck merge must not hold the gate (default 120 s). */
  readonly timeoutMs?: number;
}

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; stderr: string }> {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stderr });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 1, stderr: error.message });
    });
  });
}

/**
 * After the Playwright run: scrubs every secret from the run's artifacts under `<reportsDir>` (blob, test-results,
 * allure results, summary, incident),
 * renders `<reportsDir>/html` and `<reportsDir>/junit.xml` from the scrubbed blob, and scrubs those too.
 * Returns one line per thing it did, for the wrapper to print.
 */
export async function finalizeReports({ reportsDir, secrets, timeoutMs = 120_000 }: FinalizeOptions): Promise<string[]> {
  const done: string[] = [];
  const dir = path.resolve(reportsDir);
  const show = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
  };

  const paths = reportPaths(dir);
  const htmlDir = paths.html;
  const junitFile = paths.junit;
  // The blob first: the HTML report is rendered from it while the rest of the run's artifacts are scrubbed.
  // Other tools' folders (probe history, benchmark runs) are not this run's to rewrite.
  const blob = await redactTree([paths.blob], secrets);
  const render = async (): Promise<void> => {
    if (!existsSync(paths.blob)) {
      done.push(`no blob report at ${show(paths.blob)}: HTML report not rendered`);
      return;
    }
    // A stale HTML report (or one a reporter wrote) may embed unscrubbed data; render it anew from the scrubbed blob.
    await rm(htmlDir, { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PLAYWRIGHT_HTML_OUTPUT_DIR: htmlDir,
      PLAYWRIGHT_HTML_OPEN: 'never',
      PLAYWRIGHT_JUNIT_OUTPUT_FILE: junitFile,
      FORCE_COLOR: '0',
    };
    const merged = await run(['merge-reports', '--reporter', 'html,junit', paths.blob], env, timeoutMs);
    if (merged.code !== 0) {
      done.push(`playwright merge-reports failed (exit ${merged.code}): ${merged.stderr.trim().split('\n')[0] ?? ''}`);
    } else {
      done.push(`rendered ${show(path.join(htmlDir, 'index.html'))} and ${show(junitFile)} from the scrubbed blob`);
    }
  };
  const [rest] = await Promise.all([redactTree([paths.testResults, paths.allureResults, paths.summary, paths.incidentDir], secrets), render()]);
  const scanned = blob.scanned + rest.scanned;
  const skipped = [...blob.skipped, ...rest.skipped];
  done.unshift(`scrubbed ${blob.rewritten.length + rest.rewritten.length} of ${scanned} files under ${show(dir)}`);
  if (skipped.length > 0) done.push(`could not scrub (left as is): ${skipped.map(show).join(', ')}`);

  const second = await redactTree([htmlDir, junitFile].filter((file) => existsSync(file)), secrets);
  if (second.rewritten.length > 0) done.push(`scrubbed ${second.rewritten.length} rendered files`);
  return done;
}
