import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Config } from '../config';
import { readSummary, reportPaths } from '../contract';
import { finalizeReports, writeSuiteErrorReports } from '../incident';
import { terminalGuard } from './terminal';

/** Playwright's command line, run with this Node as `node <cli> test …`. */
export const PLAYWRIGHT_CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');

export interface SuiteRunOptions {
  /** Playwright as its own process group (the probe's: a terminal's Ctrl-C reaches the probe only). */
  readonly detached?: boolean;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Playwright's standard input (the terminal's by default); its output always passes through the terminal guard. */
  readonly stdin?: 'inherit' | 'ignore';
  /** Told the Playwright process once it started, and undefined once it exited. */
  readonly onChild?: (child: ChildProcess | undefined) => void | Promise<void>;
}

/**
 * One run of the suite, as `npm run smoke` and every probe cycle make it: `playwright test <args>` on an empty Allure
 * results folder, then every secret scrubbed from the run's artifacts, then the verdict read from summary.json.
 * Resolves to the exit code the caller ends with: 0 every critical flow healthy, 1 an incident written, 2 the
 * suite's own error (summary verdict `error`, or no summary at all: then one is written). A shard's run has no verdict
 * of its own and resolves to Playwright's exit code. What the user should read goes to stderr.
 */
export async function runSuite(config: Config, args: readonly string[], options: SuiteRunOptions = {}): Promise<number> {
  const paths = reportPaths(config.reportsDir);
  // Allure keeps every result file it is given: start empty so the report and the scrubbing cover this run only.
  await rm(paths.allureResults, { recursive: true, force: true });

  const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', ...args], {
    stdio: [options.stdin ?? 'inherit', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: withColors(options.env ?? process.env),
    ...(options.detached ? { detached: true } : {}),
  });
  // What the target sent reaches Playwright's output in error messages: no escape sequence or secret of it gets through.
  const output = [guarded(child.stdout, process.stdout, config.secrets), guarded(child.stderr, process.stderr, config.secrets)];
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  await options.onChild?.(child);
  const [code, signal] = await exited;
  await Promise.all(output);
  await options.onChild?.(undefined);
  const playwrightExit = code ?? (signal ? 130 : 1);

  try {
    await finalizeReports({ reportsDir: config.reportsDir, secrets: config.secrets });
  } catch (error) {
    process.stderr.write(`Finishing the reports failed: ${(error as Error).message}\n`);
  }

  const shard = args.find((arg) => arg.startsWith('--shard'));
  if (shard) {
    // One shard sees part of the suite: the verdict, summary.json and INCIDENT.md come once, from merging every shard's blob.
    process.stderr.write(
      `\nShard run (${shard}): no summary here; merge the blob reports with \`npx playwright merge-reports --reporter ./incident/reporter.ts\`.\n`,
    );
    return playwrightExit;
  }
  return verdictExit(config, playwrightExit);
}

/** Passes `from` on to `to` through the terminal guard; resolves once all of it is passed on. */
function guarded(from: Readable, to: Writable, secrets: readonly string[]): Promise<void> {
  const guard = terminalGuard(secrets);
  from.pipe(guard).pipe(to, { end: false });
  return finished(guard);
}

/**
 * Playwright's output goes through a pipe, where it would drop its colors: a person at a terminal keeps them (FORCE_COLOR,
 * which NO_COLOR or an explicit FORCE_COLOR still override).
 */
function withColors(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const terminal = process.stdout.isTTY && !('FORCE_COLOR' in env) && !('NO_COLOR' in env);
  return terminal ? { ...env, FORCE_COLOR: '1' } : env;
}

/** The exit code summary.json's verdict means, with the line that says why; a run without a summary is a suite error. */
async function verdictExit(config: Config, playwrightExit: number): Promise<0 | 1 | 2> {
  const paths = reportPaths(config.reportsDir);
  const summary = await readSummary(config.reportsDir).catch(() => undefined);

  for (const warning of summary?.warnings.filter((w) => w.code === 'cleanup-failed') ?? []) {
    process.stderr.write(`\nWARNING cleanup-failed: ${warning.message}\n`);
  }
  if (summary?.verdict === 'failed') {
    process.stderr.write(`\nA critical flow failed: see ${path.relative(process.cwd(), paths.incidentMd)}\n`);
    return 1;
  }
  if (summary?.verdict === 'error') {
    const error = summary.suiteError;
    process.stderr.write(
      `\nThe suite could not judge the target (${error?.kind} error, not an incident): ${error?.message}\nFix: ${error?.fix}\nSee ${path.relative(process.cwd(), paths.errorMd)}\n`,
    );
    return 2;
  }
  if (summary?.verdict === 'passed') return playwrightExit === 0 ? 0 : 2;
  // No summary: Playwright or the reporter died before reporting, a failure of the suite, not of the target.
  const reason = `No readable run summary at ${paths.summary}: Playwright exited ${playwrightExit} before the suite reported.`;
  process.stderr.write(`\n${reason}\n`);
  await writeSuiteErrorReports(
    config.reportsDir,
    {
      kind: 'suite',
      message: reason,
      fix: "Read Playwright's output above (a syntax error in a spec or the Playwright config is the usual cause).",
    },
    { targetUrl: config.baseURL, targetEnv: config.targetEnv },
  ).catch(() => undefined);
  return 2;
}
