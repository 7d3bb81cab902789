import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import {
  BLOCKED_BY_ANNOTATION,
  BROKEN_PROMISE_ANNOTATION,
  CLEANUP_FAILED_ANNOTATION,
  LEFTOVER_CANCELLED_ANNOTATION,
  CLEANUP_FAILED_MARKER,
  DEGRADED_TAG,
  EMPTY_GUARD,
  GUARD_REPORT_ATTACHMENT,
  parseGuardReport,
  reportPaths,
  stripAnsi,
  SUMMARY_SCHEMA_VERSION,
  suiteErrorFromText,
  truncate,
  type GuardReport,
  type Summary,
  type Warning,
} from '../contract';
import { FLOWS, flowIdFromTags } from '../flows';
import { recordsForUnreachableTarget } from './aborted';
import { buildIncident, buildSummary } from './build';
import { blameBlockingFlows } from './group';
import { classifyFailure } from './classify';
import { loadRunContext, type IncidentReporterOptions, type RunContext } from './context';
import { appendStepSummary, removeIncident, writeText } from './files';
import { runFields, type AttemptRecord, type RunMeta, type TestRecord } from './records';
import { createScrubber } from './redact';
import { renderErrorMarkdown, renderIncidentMarkdown } from './render';
import { failureMeaning } from './promises';
import { failingStepTitle } from './steps';
import { firstLine, stripCodeFrame } from './text';

/** The reports folder as a shell command should name it: relative inside the working directory, else absolute. */
function commandPath(reportsDir: string): string {
  const relative = path.relative(process.cwd(), reportsDir);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? reportsDir : relative;
}

/** Longest error text kept per attempt; the trace holds the rest. */
const MAX_ERROR_CHARS = 4000;

/**
 * The incident reporter: collects every attempt, then at the end writes summary.json always and, when a
 * critical flow failed, incident/incident.json and INCIDENT.md, grouped by root cause and free of secrets.
 */
export default class IncidentReporter implements Reporter {
  private readonly contextReady: Promise<{ context: RunContext; problem?: string }>;
  private root: Suite | undefined;
  private startedAt = new Date();
  private readonly runId: string;
  private readonly attempts = new Map<TestCase, AttemptRecord[]>();
  private readonly warnings: Warning[] = [];
  private readonly runErrors: string[] = [];
  private reportsDir = path.resolve('reports');
  /** Set in one shard of a sharded run (`--shard i/n`): it sees part of the suite, so it writes no verdict. */
  private shard: { current: number; total: number } | null = null;
  /** Tests whose last attempt has ended (passed, skipped, or failed with no retry left), and when the last one ended. */
  private readonly settled = new Set<TestCase>();
  private testCount = Number.POSITIVE_INFINITY;
  private lastResultEnd = 0;
  /** The reports written as soon as every test settled, before workers shut down; onEnd waits for it. */
  private early: Promise<void> | undefined;
  /** The previous incident's removal, started in onBegin: reports are written after it, so it never deletes a new one. */
  private staleIncidentRemoved: Promise<void> = Promise.resolve();
  /** What each report file holds now: a file is rewritten only when its content changes. */
  private readonly written = new Map<string, string>();

  constructor(options: IncidentReporterOptions = {}) {
    this.contextReady = loadRunContext(options);
    this.runId = process.env.GITHUB_RUN_ID
      ? `gh-${process.env.GITHUB_RUN_ID}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`
      : `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomUUID().slice(0, 8)}`;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.root = suite;
    this.testCount = suite.allTests().length;
    // merge-reports runs this reporter once over every shard's blob and passes no shard: that run writes the reports.
    this.shard = config.shard && config.shard.total > 1 ? config.shard : null;
    this.startedAt = new Date();
    // Remove a stale incident now, so a healthy run (or one that dies before onEnd) never shows an old one.
    // Not awaited here (onBegin cannot wait) but by writeReports; guard catches and reports a failure, so it never rejects.
    this.staleIncidentRemoved = this.guard('removing the previous incident', async () => {
      const { context } = await this.contextReady;
      this.reportsDir = context.reportsDir;
      await removeIncident(context.reportsDir);
    });
  }

  onError(error: TestError): void {
    this.runErrors.push(stripAnsi(error.message ?? error.value ?? ''));
    this.warnings.push({
      code: 'run-error',
      message: `Playwright reported an error outside a test: ${firstLine(error.message ?? error.value ?? 'unknown error', 300)}`,
    });
  }

  onStdErr(chunk: string | Buffer, test: TestCase | void): void {
    if (test) return;
    for (const line of chunk.toString().split('\n')) {
      const at = line.indexOf(CLEANUP_FAILED_MARKER);
      if (at >= 0) this.warnings.push({ code: 'cleanup-failed', message: line.slice(at + CLEANUP_FAILED_MARKER.length).trim() });
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    try {
      const list = this.attempts.get(test) ?? [];
      list.push(this.recordAttempt(result));
      this.attempts.set(test, list);
    } catch (error) {
      this.reportProblem(`reading the result of "${test.title}"`, error);
    }
    this.lastResultEnd = Math.max(this.lastResultEnd, result.startTime.getTime() + Math.max(0, result.duration));
    const retriesLeft =
      result.status !== 'passed' && result.status !== 'skipped' && result.status !== 'interrupted' && result.retry < test.retries;
    if (!retriesLeft) this.settled.add(test);
    // Every verdict is in: write the reports now, while the workers still shut down (browsers close, clean-up runs).
    if (!this.early && !this.shard && this.settled.size >= this.testCount) this.early = this.writeReports();
  }

  async onEnd(result: FullResult): Promise<void> {
    await this.early;
    // Again with what came after the last test (clean-up warnings, run errors); unchanged files are left alone.
    await this.writeReports(result);
  }

  /**
   * Writes summary.json always, ERROR.md on a suite error, and incident.json and INCIDENT.md when a critical flow
   * failed. `result` is Playwright's run result once the run has ended, absent for the early write.
   */
  private async writeReports(result?: FullResult): Promise<void> {
    await this.staleIncidentRemoved;
    const { context, problem } = await this.contextReady;
    this.reportsDir = context.reportsDir;
    if (this.shard) return;
    if (problem && !this.warnings.some((warning) => warning.message === problem))
      this.warnings.push({ code: 'reporter-error', message: problem });
    const scrubber = createScrubber(context.secrets);
    // The run's end as its checks see it: when the last test ended (the workers' shutdown after it is not the target's).
    const endedAt = new Date(this.lastResultEnd || Date.now());
    const meta: RunMeta = {
      runId: this.runId,
      startedAt: this.startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      targetUrl: context.targetUrl,
      targetEnv: context.targetEnv,
      commit: context.commit,
      deployId: context.deployId,
      ciRunUrl: context.ciRunUrl,
      bundledPortal: context.bundledPortal,
      portalFaults: context.portalFaults,
    };
    const paths = reportPaths(context.reportsDir);

    let tests: TestRecord[] = [];
    let summary: Summary;
    try {
      tests = this.testRecords();
      tests = blameBlockingFlows([...tests, ...(recordsForUnreachableTarget(this.runErrors, tests, FLOWS, endedAt) ?? [])], FLOWS);
      summary = buildSummary(tests, meta, FLOWS, this.warnings);
    } catch (error) {
      // Early, leave it to the end of the run; at the end, a summary that says the reporter failed.
      if (!result) return;
      this.reportProblem('building the run summary', error);
      summary = this.fallbackSummary(meta, result, error);
    }
    await this.guard('writing summary.json', async () => {
      await this.write(paths.summary, scrubber.text(JSON.stringify(summary, null, 2)));
    });
    await this.guard('writing the suite error report', async () => {
      if (summary.suiteError) await this.write(paths.errorMd, scrubber.text(renderErrorMarkdown(summary)));
      else await rm(paths.errorMd, { force: true });
    });

    if (summary.verdict !== 'failed') {
      await this.guard('removing the previous incident', async () => {
        await removeIncident(context.reportsDir);
        this.written.delete(paths.incidentJson);
        this.written.delete(paths.incidentMd);
      });
      return;
    }
    await this.guard('writing the incident report', async () => {
      const incident = buildIncident(tests, summary, meta, FLOWS);
      if (!incident) return;
      const markdown = scrubber.text(
        renderIncidentMarkdown(incident, {
          reportsFromIncident: '..',
          reportsFromCwd: commandPath(context.reportsDir),
        }),
      );
      await this.write(paths.incidentJson, scrubber.text(JSON.stringify(incident, null, 2)));
      if (await this.write(paths.incidentMd, markdown)) await appendStepSummary(markdown);
    });
  }

  /** Writes a report file unless it already holds exactly this text; true when it wrote. */
  private async write(file: string, text: string): Promise<boolean> {
    if (this.written.get(file) === text) return false;
    await writeText(file, text);
    this.written.set(file, text);
    return true;
  }

  private recordAttempt(result: TestResult): AttemptRecord {
    const failed = result.status !== 'passed' && result.status !== 'skipped';
    const error = failed ? this.errorText(result) : null;
    const guard = this.guardReport(result);
    const cleanupFailures = result.annotations
      .filter((a) => a.type === CLEANUP_FAILED_ANNOTATION)
      .map((a) => a.description ?? 'clean-up failed');
    const leftoversCancelled = result.annotations.filter((a) => a.type === LEFTOVER_CANCELLED_ANNOTATION).map((a) => a.description ?? '');
    const blockingFlow =
      result.status === 'skipped' ? result.annotations.find((a) => a.type === BLOCKED_BY_ANNOTATION)?.description : undefined;
    const skipReason = result.annotations.find((a) => a.type === 'skip')?.description;
    const brokenPromise = failed ? (result.annotations.findLast((a) => a.type === BROKEN_PROMISE_ANNOTATION)?.description ?? null) : null;
    return {
      brokenPromise,
      blockedBy: blockingFlow ? { flowId: blockingFlow, reason: stripAnsi(skipReason ?? `Blocked by ${blockingFlow}.`) } : null,
      suiteError: error ? (suiteErrorFromText(error) ?? null) : null,
      cleanupFailures,
      leftoversCancelled,
      retry: result.retry,
      status: result.status,
      startedAt: result.startTime.toISOString(),
      durationMs: Math.max(0, result.duration),
      error,
      failingStep: failed ? failingStepTitle(result) : null,
      errorClass: failed ? classifyFailure(error ?? '', guard) : null,
      // Absolute here; made relative to the reports folder in onEnd, once the folder is surely known.
      screenshots: result.attachments.filter((a) => a.name === 'screenshot' && a.path).map((a) => a.path as string),
      traces: result.attachments.filter((a) => a.name === 'trace' && a.path).map((a) => a.path as string),
      guard,
    };
  }

  private errorText(result: TestResult): string {
    const errors = result.errors.length > 0 ? result.errors : result.error ? [result.error] : [];
    const text = errors
      .map((error) => stripCodeFrame(stripAnsi(error.message ?? error.value ?? '')))
      .filter(Boolean)
      .join('\n\n');
    if (text) return truncate(text, MAX_ERROR_CHARS);
    return result.status === 'timedOut' ? 'Test timeout exceeded.' : `Test ended with status "${result.status}".`;
  }

  private guardReport(result: TestResult): GuardReport {
    const attachment = result.attachments.find((a) => a.name === GUARD_REPORT_ATTACHMENT);
    if (!attachment) return EMPTY_GUARD;
    if (attachment.body) return parseGuardReport(attachment.body);
    if (attachment.path) {
      try {
        return parseGuardReport(readFileSync(attachment.path));
      } catch {
        return EMPTY_GUARD;
      }
    }
    return EMPTY_GUARD;
  }

  private testRecords(): TestRecord[] {
    const tests = this.root?.allTests() ?? [...this.attempts.keys()];
    const relative = (file: string) => path.relative(this.reportsDir, file).split(path.sep).join('/');
    const attemptsOf = (test: TestCase) =>
      (this.attempts.get(test) ?? []).map((attempt) => ({
        ...attempt,
        screenshots: attempt.screenshots.map(relative),
        traces: attempt.traces.map(relative),
      }));
    return tests.map((test) => {
      const attempts = attemptsOf(test);
      const outcome = test.results.length === 0 ? 'skipped' : test.outcome();
      const failing = outcome === 'unexpected' || outcome === 'flaky';
      const meaning = failureMeaning(test.title, attempts, test.tags.includes(DEGRADED_TAG) ? 'degraded' : 'down');
      return {
        title: test.titlePath().slice(3).join(' › ') || test.title,
        project: test.parent.project()?.name ?? '',
        location: `${path.relative(process.cwd(), test.location.file)}:${test.location.line}`,
        flowId: flowIdFromTags(test.tags),
        outcome,
        attempts,
        effect: meaning.effect,
        ...(failing && meaning.brokenPromise ? { brokenPromise: meaning.brokenPromise } : {}),
      };
    });
  }

  private fallbackSummary(meta: RunMeta, result: FullResult, error: unknown): Summary {
    return {
      schemaVersion: SUMMARY_SCHEMA_VERSION,
      ...runFields(meta),
      verdict: 'error',
      suiteError: {
        kind: 'suite',
        message: `The run summary could not be built (${firstLine(String((error as Error)?.message ?? error))}); Playwright's run status was "${result.status}".`,
        fix: 'A bug in the firewatch reporter: run again, and report the message above if it stays.',
      },
      flows: [],
      warnings: [
        ...this.warnings,
        {
          code: 'reporter-error',
          message: `The summary could not be built (${firstLine(String((error as Error)?.message ?? error))}); verdict taken from Playwright's run status.`,
        },
      ],
    };
  }

  private async guard(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.reportProblem(what, error);
    }
  }

  private reportProblem(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`firewatch incident reporter: ${what} failed: ${firstLine(message, 500)}\n`);
    this.warnings.push({ code: 'reporter-error', message: `${what} failed: ${firstLine(message, 300)}` });
  }
}
