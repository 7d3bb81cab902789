import { EMPTY_GUARD } from '../../contract';
import type { AttemptRecord, RunMeta, TestRecord } from '../../incident/records';

/** A run's setting for the unit tests: the bundled portal with a fault. */
export const META: RunMeta = {
  runId: '20261123T101500-abcd1234',
  startedAt: '2026-11-23T10:15:00.000Z',
  endedAt: '2026-11-23T10:16:00.000Z',
  targetUrl: 'http://127.0.0.1:3000',
  targetEnv: 'local',
  commit: '0689d694',
  deployId: 'deploy-42',
  ciRunUrl: null,
  bundledPortal: true,
  portalFaults: ['login-broken'],
};

/** One attempt; failed ones carry an error, step and class. */
export function attempt(status: AttemptRecord['status'], extra: Partial<AttemptRecord> = {}): AttemptRecord {
  const failed = status !== 'passed' && status !== 'skipped';
  return {
    retry: 0,
    status,
    startedAt: '2026-11-23T10:15:05.000Z',
    durationMs: 1200,
    error: failed
      ? "Error: expect(locator).toBeVisible() failed\n\nLocator: getByRole('heading')\nExpected: visible\nError: element(s) not found"
      : null,
    failingStep: failed ? 'Sign in' : null,
    errorClass: failed ? 'element-missing' : null,
    screenshots: failed ? ['test-results/login-chromium/test-failed-1.png'] : [],
    traces: failed ? ['test-results/login-chromium/trace.zip'] : [],
    guard: EMPTY_GUARD,
    ...extra,
  };
}

/** A test of a flow with the given outcome and attempts. */
export function testOf(
  flowId: string | undefined,
  outcome: TestRecord['outcome'],
  attempts: AttemptRecord[],
  title = `${flowId ?? 'untagged'} works`,
): TestRecord {
  return { title, project: 'public', location: `tests/critical/${flowId ?? 'x'}.spec.ts:5`, flowId, outcome, attempts };
}

export const passed = (flowId: string) => testOf(flowId, 'expected', [attempt('passed')]);
export const skipped = (flowId: string) => testOf(flowId, 'skipped', []);
export const failed = (flowId: string, extra: Partial<AttemptRecord> = {}) => testOf(flowId, 'unexpected', [attempt('failed', extra)]);
