import { z } from 'zod';
import { PROMISE_EFFECTS, SEVERITIES } from '../flows';
import { FAILURE_CLASSES } from './failures';

/** Version of summary.json; bump on a breaking change, the probe and CI read it. */
export const SUMMARY_SCHEMA_VERSION = 2;
/** Version of incident.json; bump on a breaking change. */
export const INCIDENT_SCHEMA_VERSION = 2;

/**
 * What a failed check means for its capability (README: Reports): `down` (members cannot do it), `wrong` (they can, but
 * get a wrong result: amount, record, data) or `degraded` (it works, but something members rely on is missing). The
 * registry gives each effect its severity per flow.
 */
export const EFFECTS = PROMISE_EFFECTS;
export type Effect = (typeof EFFECTS)[number];

/** A run's verdict (README: Reports): `error` is the suite's own failure (exit 2), never a product incident. */
export const VERDICTS = ['passed', 'failed', 'error'] as const;

/** Why a run could not judge the target: configuration, a refused credential, a bug in the suite. */
export const SUITE_ERROR_KINDS = ['configuration', 'credentials', 'suite'] as const;
export const suiteErrorSchema = z.object({
  kind: z.enum(SUITE_ERROR_KINDS),
  /** What went wrong, in one paragraph, free of secrets. */
  message: z.string(),
  /** What to fix. */
  fix: z.string(),
});
/** A suite error as the reports carry it (the `SuiteError` exception is its thrown form). */
export type SuiteErrorReport = z.infer<typeof suiteErrorSchema>;

/** A flow's status in summary.json (README: Reports). */
export const FLOW_STATUSES = ['passed', 'failed', 'flaky', 'skipped'] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];

const isoDate = z.iso.datetime({ offset: true });
const failureClass = z.enum(FAILURE_CLASSES);

/** A remark that is not an incident: a flaky flow, an untagged test, a reporter problem. */
export const warningSchema = z.object({
  code: z.enum(['flaky', 'untagged-test', 'run-error', 'reporter-error', 'cleanup-failed', 'leftover-cancelled']),
  message: z.string(),
  flowId: z.string().optional(),
});
export type Warning = z.infer<typeof warningSchema>;

/** One registry flow as seen in this run (README: Reports, reports/summary.json). */
export const flowSummarySchema = z.object({
  id: z.string(),
  status: z.enum(FLOW_STATUSES),
  durationMs: z.number().nonnegative(),
  failingStep: z.string().nullable(),
  errorClass: failureClass.nullable(),
  /** For a failed or flaky flow: what the failure means (`down` or `degraded`); null when it passed or was skipped. */
  effect: z.enum(EFFECTS).nullable(),
  /** For a failed or flaky flow: the severity that applies (registry severity; one lower when degraded). */
  severity: z.enum(SEVERITIES).nullable(),
  blockedBy: z.string().optional(),
});
export type FlowSummary = z.infer<typeof flowSummarySchema>;

/** What both reports say about the run: when, against what, from which build. */
const runSchema = z.object({
  runId: z.string(),
  startedAt: isoDate,
  endedAt: isoDate,
  targetUrl: z.string(),
  targetEnv: z.string(),
  commit: z.string().nullable(),
  deployId: z.string().nullable(),
  ciRunUrl: z.string().nullable(),
});

/** reports/summary.json, written after every run (README: Reports). */
export const summarySchema = runSchema.extend({
  schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
  verdict: z.enum(VERDICTS),
  /** Set exactly when verdict is `error`. */
  suiteError: suiteErrorSchema.nullable(),
  flows: z.array(flowSummarySchema),
  warnings: z.array(warningSchema),
});
export type Summary = z.infer<typeof summarySchema>;

/** One attempt of a test: when it ran and how it ended. */
export const attemptSchema = z.object({
  retry: z.number().int().nonnegative(),
  status: z.string(),
  startedAt: isoDate,
  durationMs: z.number().nonnegative(),
  error: z.string().nullable(),
});

/** One test of an affected flow, with its evidence (paths relative to the reports folder). */
export const testEvidenceSchema = z.object({
  title: z.string(),
  project: z.string(),
  location: z.string(),
  outcome: z.enum(['unexpected', 'flaky', 'skipped', 'expected']),
  failingStep: z.string().nullable(),
  errorClass: failureClass.nullable(),
  error: z.string().nullable(),
  errorFirstLine: z.string().nullable(),
  attempts: z.array(attemptSchema),
  screenshots: z.array(z.string()),
  traces: z.array(z.string()),
  pageErrors: z.array(z.string()),
  consoleErrors: z.array(z.string()),
  serverErrors: z.array(z.string()),
  failedRequests: z.array(z.string()),
});
export type TestEvidence = z.infer<typeof testEvidenceSchema>;

/** A broken member promise: its catalogue id and the promise in business words. */
const brokenPromiseSchema = z.object({ id: z.string(), promise: z.string() });

/** A flow in the incident: its registry meaning and what happened to it. */
export const affectedFlowSchema = z.object({
  id: z.string(),
  title: z.string(),
  capability: z.string(),
  severity: z.enum(SEVERITIES),
  owner: z.string(),
  runbook: z.string(),
  impact: z.string(),
  statusMessage: z.string(),
  status: z.enum(FLOW_STATUSES),
  durationMs: z.number().nonnegative(),
  failingStep: z.string().nullable(),
  errorClass: failureClass.nullable(),
  effect: z.enum(EFFECTS).nullable(),
  /** The member promise its failure broke, in business words (flows/promises.ts), when the catalogue can say. */
  brokenPromise: brokenPromiseSchema.nullable().optional(),
  errorFirstLine: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  blockedBy: z.string().optional(),
  /** The root cause flow this one is a consequence of; absent on a root. */
  consequenceOf: z.array(z.string()).optional(),
  tests: z.array(testEvidenceSchema),
});
export type AffectedFlow = z.infer<typeof affectedFlowSchema>;

/** One root cause: a failed flow none of whose dependencies failed, and the flows it took down. */
export const rootCauseSchema = z.object({
  flowId: z.string(),
  severity: z.enum(SEVERITIES),
  effect: z.enum(EFFECTS),
  phrase: z.string(),
  brokenPromise: brokenPromiseSchema.nullable().optional(),
  affected: z.array(z.string()),
});
export type RootCause = z.infer<typeof rootCauseSchema>;

/** reports/incident/incident.json: the structured incident INCIDENT.md is rendered from (README: Reports). */
export const incidentSchema = z.object({
  schemaVersion: z.literal(INCIDENT_SCHEMA_VERSION),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  detectedAt: isoDate,
  run: runSchema,
  rootCauses: z.array(rootCauseSchema).min(1),
  flows: z.array(affectedFlowSchema).min(1),
  reproduce: z.string(),
  htmlReport: z.string(),
  roles: z.object({
    coordinator: z.array(z.string()),
    operations: z.array(z.string()),
    communications: z.array(z.string()),
  }),
  statusMessage: z.string(),
  timeline: z.array(z.object({ at: isoDate, event: z.string() })),
  warnings: z.array(warningSchema),
});
export type Incident = z.infer<typeof incidentSchema>;
