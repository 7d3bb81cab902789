import type { Effect, FailureClass, GuardReport, SuiteErrorReport } from '../contract';

/** One attempt of a test as the reporter saw it in onTestEnd (text already ANSI-free and cut). */
export interface AttemptRecord {
  readonly retry: number;
  readonly status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  readonly startedAt: string;
  readonly durationMs: number;
  readonly error: string | null;
  readonly failingStep: string | null;
  readonly errorClass: FailureClass | null;
  /** Paths relative to the reports folder. */
  readonly screenshots: readonly string[];
  readonly traces: readonly string[];
  readonly guard: GuardReport;
  /** Set when the attempt failed because of the suite itself (configuration, credentials, session, its own bug). */
  readonly suiteError?: SuiteErrorReport | null;
  /** What a failed clean-up left behind (fixture annotations `cleanup-failed`). */
  readonly cleanupFailures?: readonly string[];
  /** Orders an earlier run left open that this attempt's clean-up cancelled (fixture annotations `leftover-cancelled`). */
  readonly leftoversCancelled?: readonly string[];
  /** The promise (flows/promises.ts id) whose step failed in this attempt (check annotation `broken-promise`). */
  readonly brokenPromise?: string | null;
  /** For a skipped attempt: the flow whose failure blocked it, and why (fixture annotation `blocked-by`, skip reason). */
  readonly blockedBy?: { readonly flowId: string; readonly reason: string } | null;
}

/** One test with all its attempts and Playwright's final outcome. */
export interface TestRecord {
  readonly title: string;
  readonly project: string;
  readonly location: string;
  readonly flowId: string | undefined;
  readonly outcome: 'unexpected' | 'flaky' | 'skipped' | 'expected';
  readonly attempts: readonly AttemptRecord[];
  /**
   * What the test's failure means for its flow: the effect of the promise it broke (see `brokenPromise`), else the
   * gravest effect of the promises it protects, else `degraded` when tagged `@degraded`, else `down`.
   */
  readonly effect?: Effect;
  /**
   * The member promise its failure broke: the one whose step failed, else the only one the check protects. Absent when
   * it passed or the catalogue cannot say.
   */
  readonly brokenPromise?: string;
}

/** Where and against what the run happened. */
export interface RunMeta {
  readonly runId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly targetUrl: string;
  readonly targetEnv: string;
  readonly commit: string | null;
  readonly deployId: string | null;
  readonly ciRunUrl: string | null;
  /** True when the suite started the bundled portal (then BASE_URL is left out of the reproduce command). */
  readonly bundledPortal: boolean;
  readonly portalFaults: readonly string[];
}

/** The fields of RunMeta that summary.json and incident.json carry about the run. */
export function runFields(meta: RunMeta) {
  const { runId, startedAt, endedAt, targetUrl, targetEnv, commit, deployId, ciRunUrl } = meta;
  return { runId, startedAt, endedAt, targetUrl, targetEnv, commit, deployId, ciRunUrl };
}
