import { z } from 'zod';

/** Failure classes, from "the site is not there" to "the data is old"; the incident's first triage. */
export const FAILURE_CLASSES = [
  'target-unreachable',
  'http-5xx',
  'slow-timeout',
  'element-missing',
  'wrong-content',
  'page-script-error',
  'stale-data',
  'unknown',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** Name of the attachment in which the guard fixture reports what the page did wrong; the reporter reads it. */
export const GUARD_REPORT_ATTACHMENT = 'guard-report';

/** The guard fixture's `guard-report` attachment: what the page did wrong besides the failed assertion. */
export const guardReportSchema = z.object({
  pageErrors: z.array(z.object({ message: z.string() }).loose()).default([]),
  consoleErrors: z.array(z.object({ text: z.string(), url: z.string().optional() }).loose()).default([]),
  serverErrors: z.array(z.object({ method: z.string(), url: z.string(), status: z.number() }).loose()).default([]),
  /** Responses the target refused (4xx): no failure of their own, since checks provoke some, but the headline may name one. */
  clientErrors: z.array(z.object({ method: z.string(), url: z.string(), status: z.number() }).loose()).default([]),
  failedRequests: z.array(z.object({ method: z.string(), url: z.string(), failure: z.string().nullish() }).loose()).default([]),
});
export type GuardReport = z.infer<typeof guardReportSchema>;

/** An empty guard report, for tests without the guard fixture. */
export const EMPTY_GUARD: GuardReport = Object.freeze({
  pageErrors: [],
  consoleErrors: [],
  serverErrors: [],
  clientErrors: [],
  failedRequests: [],
});

/** Parses a guard-report attachment body; malformed or absent reports read as empty. */
export function parseGuardReport(body: string | Buffer | undefined): GuardReport {
  if (body === undefined) return EMPTY_GUARD;
  try {
    const parsed = guardReportSchema.safeParse(JSON.parse(body.toString()));
    return parsed.success ? parsed.data : EMPTY_GUARD;
  } catch {
    return EMPTY_GUARD;
  }
}
