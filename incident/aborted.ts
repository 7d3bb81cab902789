import type { Flow } from '../flows';
import { EMPTY_GUARD, stripAnsi, truncate } from '../contract';
import { classifyFailure } from './classify';
import type { TestRecord } from './records';
import { firstLine } from './text';

const WEB_SERVER = /config\.webServer/;

/**
 * When the run died before any test ran because the target never answered (the bundled portal's health check
 * timed out, connection refused), the flows without dependencies failed: returns a failed record for each,
 * and the flows never loaded as skipped, so the run reports one availability incident instead of a green run
 * with no flows. Undefined otherwise.
 */
export function recordsForUnreachableTarget(
  runErrors: readonly string[],
  tests: readonly TestRecord[],
  flows: readonly Flow[],
  at: Date,
): TestRecord[] | undefined {
  if (tests.some((test) => test.attempts.length > 0)) return undefined;
  const error = runErrors.map(stripAnsi).find((message) => WEB_SERVER.test(message) || classifyFailure(message) === 'target-unreachable');
  if (!error) return undefined;
  // Flows whose tests never got loaded could not be tested either: skipped, blocked by the failed roots.
  const untested: TestRecord[] = flows
    .filter((flow) => flow.dependsOn.length > 0 && !tests.some((test) => test.flowId === flow.id))
    .map((flow) => ({
      title: 'Not run: the target never answered',
      project: '',
      location: 'test run',
      flowId: flow.id,
      outcome: 'skipped',
      attempts: [],
    }));
  const failed: TestRecord[] = flows
    .filter((flow) => flow.dependsOn.length === 0)
    .map((flow) => ({
      title: 'Target answers before any test runs',
      project: '',
      location: WEB_SERVER.test(error) ? 'playwright.config.ts (webServer)' : 'test run',
      flowId: flow.id,
      outcome: 'unexpected' as const,
      attempts: [
        {
          retry: 0,
          status: 'failed' as const,
          startedAt: at.toISOString(),
          durationMs: 0,
          error: truncate(error, 4000),
          failingStep: WEB_SERVER.test(error) ? 'Wait for the portal health check' : firstLine(error, 120),
          errorClass: 'target-unreachable' as const,
          screenshots: [],
          traces: [],
          guard: EMPTY_GUARD,
        },
      ],
    }));
  return [...failed, ...untested];
}
