import { EFFECTS, effectiveSeverity, type Effect, type FlowStatus, type FlowSummary } from '../contract';
import { dependenciesOf, type Flow } from '../flows';
import { classifyFailure } from './classify';
import type { TestRecord } from './records';

/**
 * A check skipped because a flow it goes through failed for it (blocked: its member could not sign in, or the instance
 * is down) is reported by that flow's own checks. When neither they nor a dependency of that flow failed in the run,
 * the skip is the only sign of the failure: the blocking flow gets a failed check of its own, carrying the reason, so
 * a blocked check never lets a run pass unnoticed. The skipped check stays with its flow, which counts as blocked.
 */
export function blameBlockingFlows(tests: readonly TestRecord[], flows: readonly Flow[]): TestRecord[] {
  const failedFlows = new Set(tests.filter((test) => test.outcome === 'unexpected').map((test) => test.flowId));
  // A flow that failed, or one a failed dependency explains (no sign-in while the instance is down), needs no blame.
  const explained = (flowId: string) => [flowId, ...dependenciesOf(flowId, flows)].some((id) => failedFlows.has(id));
  const blamed = new Map<string, TestRecord>();
  for (const test of tests) {
    const last = test.attempts.at(-1);
    const blocked = test.outcome === 'skipped' ? last?.blockedBy : undefined;
    if (!last || !blocked || explained(blocked.flowId) || blamed.has(blocked.flowId)) continue;
    blamed.set(blocked.flowId, {
      title: `${blocked.flowId} failed for "${test.title}", which it blocked`,
      project: test.project,
      location: test.location,
      flowId: blocked.flowId,
      outcome: 'unexpected',
      effect: 'down',
      attempts: [
        { ...last, status: 'failed', error: blocked.reason, failingStep: null, errorClass: classifyFailure(blocked.reason, last.guard) },
      ],
    });
  }
  return [...tests, ...blamed.values()];
}

/** A flow's status from its tests' outcomes: any unexpected → failed, else any flaky → flaky, all skipped → skipped. */
export function flowStatusOf(tests: readonly Pick<TestRecord, 'outcome'>[]): FlowStatus {
  if (tests.some((test) => test.outcome === 'unexpected')) return 'failed';
  if (tests.some((test) => test.outcome === 'flaky')) return 'flaky';
  if (tests.length > 0 && tests.every((test) => test.outcome === 'skipped')) return 'skipped';
  return 'passed';
}

/** What a flow's failing tests mean together: the gravest effect among them (`down`, then `wrong`, then `degraded`). */
export function flowEffectOf(tests: readonly Pick<TestRecord, 'outcome' | 'effect'>[]): Effect {
  const failing = tests.filter((test) => test.outcome === 'unexpected' || test.outcome === 'flaky');
  const deciding = failing.some((test) => test.outcome === 'unexpected')
    ? failing.filter((test) => test.outcome === 'unexpected')
    : failing;
  const effects = deciding.map((test) => test.effect ?? 'down');
  return EFFECTS.find((effect) => effects.includes(effect)) ?? 'down';
}

/** The failing test that speaks for a flow: its first unexpected test, else its first flaky one. */
export function leadTest(tests: readonly TestRecord[]): TestRecord | undefined {
  return tests.find((test) => test.outcome === 'unexpected') ?? tests.find((test) => test.outcome === 'flaky');
}

/** The attempt that explains a test's failure: the last failed one. */
export function failedAttempt(test: TestRecord | undefined) {
  return test ? [...test.attempts].reverse().find((attempt) => attempt.status !== 'passed' && attempt.status !== 'skipped') : undefined;
}

/**
 * Summarises every registry flow that had tests in the run, in registry order.
 * A skipped flow whose dependency failed names the nearest failed dependency in `blockedBy`, else the failed flow its
 * checks were blocked by.
 */
export function summarizeFlows(tests: readonly TestRecord[], flows: readonly Flow[]): FlowSummary[] {
  const testsByFlow = new Map<string, TestRecord[]>();
  for (const test of tests) {
    if (!test.flowId) continue;
    testsByFlow.set(test.flowId, [...(testsByFlow.get(test.flowId) ?? []), test]);
  }
  const statuses = new Map<string, FlowStatus>();
  for (const [id, flowTests] of testsByFlow) statuses.set(id, flowStatusOf(flowTests));

  return flows
    .filter((flow) => testsByFlow.has(flow.id))
    .map((flow): FlowSummary => {
      const flowTests = testsByFlow.get(flow.id) ?? [];
      const status = statuses.get(flow.id) ?? 'passed';
      const attempt = status === 'failed' || status === 'flaky' ? failedAttempt(leadTest(flowTests)) : undefined;
      // A dependency of the flow's, else the flow a check of its own was blocked by (the member's weather view: login).
      const blockedBy =
        status === 'skipped'
          ? (dependenciesOf(flow.id, flows).find((dependency) => statuses.get(dependency) === 'failed') ??
            flowTests
              .map((test) => test.attempts.at(-1)?.blockedBy?.flowId)
              .find((id) => id !== undefined && statuses.get(id) === 'failed'))
          : undefined;
      return {
        id: flow.id,
        status,
        durationMs: flowTests.reduce((sum, test) => sum + (test.attempts.at(-1)?.durationMs ?? 0), 0),
        failingStep: attempt?.failingStep ?? null,
        errorClass: attempt?.errorClass ?? null,
        effect: attempt ? flowEffectOf(flowTests) : null,
        severity: attempt ? effectiveSeverity(flow, flowEffectOf(flowTests)) : null,
        ...(blockedBy ? { blockedBy } : {}),
      };
    });
}

/** A root cause: a failed flow without a failed dependency, and the failed or skipped flows that depend on it. */
export interface RootCauseGroup {
  readonly root: string;
  readonly affected: readonly string[];
}

/**
 * Groups failed flows by root cause: a flow whose dependency (transitively) failed is a consequence, not an incident.
 * Affected flows are those failed, skipped or flaky downstream of the root, in registry order.
 */
export function groupByRootCause(summaries: readonly FlowSummary[], flows: readonly Flow[]): RootCauseGroup[] {
  const status = new Map(summaries.map((summary) => [summary.id, summary.status]));
  const failed = summaries.filter((summary) => summary.status === 'failed').map((summary) => summary.id);
  const roots = failed.filter((id) => !dependenciesOf(id, flows).some((dependency) => status.get(dependency) === 'failed'));
  return roots.map((root) => ({
    root,
    affected: summaries
      .filter(
        (summary) =>
          summary.id !== root &&
          summary.status !== 'passed' &&
          (dependenciesOf(summary.id, flows).includes(root) || summary.blockedBy === root),
      )
      .map((summary) => summary.id),
  }));
}
