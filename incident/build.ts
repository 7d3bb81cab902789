import {
  EMPTY_GUARD,
  highestSeverity,
  pluralStateWord,
  stateWord,
  INCIDENT_SCHEMA_VERSION,
  SUMMARY_SCHEMA_VERSION,
  incidentSchema,
  summarySchema,
  type AffectedFlow,
  type Incident,
  type SuiteErrorReport,
  type Summary,
  type TestEvidence,
  type Warning,
} from '../contract';
import { findPromise, type Flow } from '../flows';
import { failedAttempt, groupByRootCause, leadTest, summarizeFlows } from './group';
import { failurePhrase, roleActions } from './playbook';
import { runFields, type RunMeta, type TestRecord } from './records';
import { firstLine } from './text';

/** The suite error that ended a test, if its failure was the suite's own (its last failed attempt says so). */
function suiteErrorOf(test: TestRecord): SuiteErrorReport | undefined {
  if (test.outcome !== 'unexpected') return undefined;
  return failedAttempt(test)?.suiteError ?? undefined;
}

/**
 * Builds summary.json's content: one entry per registry flow that ran. Verdict `error` when a test failed because of
 * the suite itself (its flow is judged without it), else `failed` iff a flow failed. Failed clean-ups are warnings.
 */
export function buildSummary(
  tests: readonly TestRecord[],
  meta: RunMeta,
  flows: readonly Flow[],
  warnings: readonly Warning[] = [],
): Summary {
  const suiteErrors = tests.map(suiteErrorOf).filter((error): error is SuiteErrorReport => error !== undefined);
  // A test the suite could not run judged nothing: it counts as skipped, not as a failure of the target.
  const judged = tests.map((test) => (suiteErrorOf(test) ? { ...test, outcome: 'skipped' as const } : test));
  const summaries = summarizeFlows(judged, flows);
  const cleanup: Warning[] = tests.flatMap((test) =>
    [...new Set(test.attempts.flatMap((attempt) => attempt.cleanupFailures ?? []))].map((message) => ({
      code: 'cleanup-failed' as const,
      message: `Clean-up after "${test.title}" failed; left behind: ${message}`,
      ...(test.flowId ? { flowId: test.flowId } : {}),
    })),
  );
  const leftovers: Warning[] = [
    ...new Set(tests.flatMap((test) => test.attempts.flatMap((attempt) => attempt.leftoversCancelled ?? []))),
  ].map((message) => ({ code: 'leftover-cancelled' as const, message, flowId: 'diesel-order' }));
  const flaky: Warning[] = summaries
    .filter((flow) => flow.status === 'flaky')
    .map((flow) => ({
      code: 'flaky',
      flowId: flow.id,
      message: `Flow "${flow.id}" is flaky: it failed, then passed on retry${flow.failingStep ? ` (step "${flow.failingStep}", ${flow.errorClass})` : ''}. Not an incident; watch it.`,
    }));
  const untagged: Warning[] = tests
    .filter((test) => !test.flowId && test.outcome === 'unexpected' && !suiteErrorOf(test))
    .map((test) => ({
      code: 'untagged-test',
      message: `Test "${test.title}" (${test.location}) failed but names no flow (@flow-<id> tag), so it cannot raise an incident.`,
    }));
  return summarySchema.parse({
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    ...runFields(meta),
    verdict: suiteErrors.length > 0 ? 'error' : summaries.some((flow) => flow.status === 'failed') ? 'failed' : 'passed',
    suiteError: suiteErrors[0] ?? null,
    flows: summaries,
    warnings: [...cleanup, ...leftovers, ...flaky, ...untagged, ...warnings],
  });
}

/** "A", "A and B", "A, B and C". */
function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The command that re-runs only the given flows against the same target. */
export function reproduceCommand(flowIds: readonly string[], meta: RunMeta): string {
  const env = [
    ...(meta.bundledPortal ? [] : [`BASE_URL=${shellQuote(meta.targetUrl)}`]),
    `TARGET_ENV=${meta.targetEnv}`,
    ...(meta.bundledPortal && meta.portalFaults.length > 0 ? [`PORTAL_FAULTS=${meta.portalFaults.join(',')}`] : []),
  ];
  const grep = flowIds.map((id) => `@flow-${id}`).join('|');
  return `${env.join(' ')} npm run smoke -- --grep ${shellQuote(grep)}`;
}

function evidenceOf(test: TestRecord): TestEvidence {
  const attempt = failedAttempt(test);
  const guards = test.attempts.map((a) => a.guard);
  const unique = (values: string[]) => [...new Set(values)].slice(0, 20);
  return {
    title: test.title,
    project: test.project,
    location: test.location,
    outcome: test.outcome,
    failingStep: attempt?.failingStep ?? null,
    errorClass: attempt?.errorClass ?? null,
    error: attempt?.error ?? null,
    errorFirstLine: attempt?.error ? firstLine(attempt.error) : null,
    attempts: test.attempts.map((a) => ({
      retry: a.retry,
      status: a.status,
      startedAt: a.startedAt,
      durationMs: a.durationMs,
      error: a.error ? firstLine(a.error) : null,
    })),
    screenshots: unique(test.attempts.flatMap((a) => a.screenshots)),
    traces: unique(test.attempts.flatMap((a) => a.traces)),
    pageErrors: unique(guards.flatMap((g) => g.pageErrors.map((e) => firstLine(e.message, 300)))),
    consoleErrors: unique(guards.flatMap((g) => g.consoleErrors.map((e) => `${firstLine(e.text, 300)}${e.url ? ` (${e.url})` : ''}`))),
    serverErrors: unique(guards.flatMap((g) => g.serverErrors.map((e) => `${e.method} ${e.url} → ${e.status}`))),
    failedRequests: unique(guards.flatMap((g) => g.failedRequests.map((e) => `${e.method} ${e.url}: ${e.failure ?? 'failed'}`))),
  };
}

/** When the first failed attempt of a failing test ended: the moment the run detected the incident. */
function firstFailureAt(tests: readonly TestRecord[]): string | undefined {
  return tests
    .filter((test) => test.outcome === 'unexpected')
    .flatMap((test) => test.attempts.filter((attempt) => attempt.status !== 'passed' && attempt.status !== 'skipped'))
    .map((attempt) => new Date(Date.parse(attempt.startedAt) + attempt.durationMs).toISOString())
    .sort()[0];
}

function timelineOf(tests: readonly TestRecord[], meta: RunMeta, writtenAt: string): Incident['timeline'] {
  const events: Incident['timeline'] = [
    { at: meta.startedAt, event: `Smoke run ${meta.runId} started against ${meta.targetUrl} (${meta.targetEnv}).` },
  ];
  const attempts = tests
    .filter((test) => test.outcome === 'unexpected' || test.outcome === 'flaky')
    .flatMap((test) => test.attempts.map((attempt) => ({ test, attempt })))
    .filter(({ attempt }) => attempt.status !== 'skipped')
    .map(({ test, attempt }) => ({
      at: new Date(Date.parse(attempt.startedAt) + attempt.durationMs).toISOString(),
      retry: attempt.retry,
      event: `"${test.title}" [${test.flowId ?? 'no flow'}] ${attempt.status}${attempt.error ? `: ${firstLine(attempt.error, 140)}` : ''}`,
    }))
    .sort((a, b) => a.at.localeCompare(b.at));
  events.push(
    ...attempts.map(({ at, retry, event }, index) => ({
      at,
      event: `${retry > 0 ? `Retry ${retry}` : index === 0 ? 'First failure' : 'Also failed'}: ${event}`,
    })),
  );
  events.push({ at: writtenAt, event: 'Incident report written.' });
  return events;
}

/**
 * Builds the incident from a failed run: one root cause per failed flow without a failed dependency,
 * the flows it took down as affected, title from the top root's capability and failure. Undefined on a healthy run.
 */
export function buildIncident(
  tests: readonly TestRecord[],
  summary: Summary,
  meta: RunMeta,
  flows: readonly Flow[],
  writtenAt: string = new Date().toISOString(),
): Incident | undefined {
  const groups = groupByRootCause(summary.flows, flows);
  if (groups.length === 0) return undefined;
  const flowById = new Map(flows.map((flow) => [flow.id, flow]));
  const summaryById = new Map(summary.flows.map((flow) => [flow.id, flow]));
  const testsOf = (id: string) => tests.filter((test) => test.flowId === id);

  const rootCauses = groups.map((group) => {
    const lead = leadTest(testsOf(group.root));
    const attempt = failedAttempt(lead);
    const applying = (id: string) => summaryById.get(id)?.severity ?? (flowById.get(id) as Flow).severity;
    return {
      flowId: group.root,
      severity: highestSeverity([applying(group.root), ...group.affected.map(applying)]),
      effect: summaryById.get(group.root)?.effect ?? 'down',
      brokenPromise: brokenPromiseOf(lead),
      phrase: failurePhrase(attempt?.errorClass ?? null, attempt?.failingStep ?? null, attempt?.guard ?? EMPTY_GUARD),
      affected: [...group.affected],
    };
  });
  const severity = highestSeverity(rootCauses.map((root) => root.severity));
  const ordered = [...rootCauses].sort((a, b) => a.severity.localeCompare(b.severity));
  const top = ordered[0] as (typeof ordered)[number];
  const topFlow = flowById.get(top.flowId) as Flow;
  const capabilities = ordered.map((root) => (flowById.get(root.flowId) as Flow).capability);
  const symptom = top.brokenPromise ? findPromise(top.brokenPromise.id)?.symptom : undefined;
  const title =
    ordered.length === 1
      ? `[${severity}] ${topFlow.capability} ${stateWord(top.effect, symptom)}: ${top.phrase}`
      : `[${severity}] ${listing(capabilities)} ${pluralStateWord(ordered.map((root) => root.effect))}: ${top.phrase} (${ordered.length} root causes)`;

  const involved = new Set(rootCauses.flatMap((root) => [root.flowId, ...root.affected]));
  const affectedFlows: AffectedFlow[] = flows
    .filter((flow) => involved.has(flow.id))
    .map((flow) => {
      const flowSummary = summaryById.get(flow.id);
      const flowTests = testsOf(flow.id);
      const lead = leadTest(flowTests);
      const attempt = failedAttempt(lead);
      const roots = rootCauses.filter((root) => root.affected.includes(flow.id)).map((root) => root.flowId);
      return {
        id: flow.id,
        title: flow.title,
        capability: flow.capability,
        severity: flow.severity,
        owner: flow.owner,
        runbook: flow.runbook,
        impact: flow.impact,
        statusMessage: flow.statusMessage,
        status: flowSummary?.status ?? 'skipped',
        durationMs: flowSummary?.durationMs ?? 0,
        failingStep: flowSummary?.failingStep ?? null,
        errorClass: flowSummary?.errorClass ?? null,
        effect: flowSummary?.effect ?? null,
        brokenPromise: brokenPromiseOf(lead),
        errorFirstLine: attempt?.error ? firstLine(attempt.error) : null,
        attempts: lead?.attempts.length ?? Math.max(0, ...flowTests.map((test) => test.attempts.length)),
        ...(flowSummary?.blockedBy ? { blockedBy: flowSummary.blockedBy } : {}),
        ...(roots.length > 0 ? { consequenceOf: roots } : {}),
        tests: flowTests.filter((test) => test.outcome !== 'expected').map(evidenceOf),
      };
    });

  const rootFlows = ordered.map((root) => ({
    flow: flowById.get(root.flowId) as Flow,
    failureClass: summaryById.get(root.flowId)?.errorClass ?? null,
  }));
  return incidentSchema.parse({
    schemaVersion: INCIDENT_SCHEMA_VERSION,
    title,
    severity,
    detectedAt: firstFailureAt(tests) ?? writtenAt,
    run: runFields(meta),
    rootCauses: ordered,
    flows: affectedFlows,
    reproduce: reproduceCommand(
      ordered.map((root) => root.flowId),
      meta,
    ),
    htmlReport: 'html/index.html',
    roles: roleActions(rootFlows, severity),
    statusMessage: rootFlows.map((root) => root.flow.statusMessage).join(' '),
    timeline: timelineOf(tests, meta, writtenAt),
    warnings: summary.warnings,
  });
}

/** The member promise a failing test broke, in business words, or null when the catalogue cannot say. */
function brokenPromiseOf(test: TestRecord | undefined): { id: string; promise: string } | null {
  const promise = test?.brokenPromise ? findPromise(test.brokenPromise) : undefined;
  return promise ? { id: promise.id, promise: promise.promise } : null;
}
