import type { TestResult, TestStep } from '@playwright/test/reporter';
import { PROMISES } from '../flows';

/** A check's `keepsPromise` steps are titled with their promise: the incident names that apart, not as the step. */
const PROMISE_STEPS = new Set(PROMISES.map((promise) => promise.promise));

/**
 * The innermost failing `test.step` (page-object actions such as "Submit diesel order");
 * falls back to the innermost failing action or assertion when no named step failed.
 */
export function failingStepTitle(result: Pick<TestResult, 'steps'>): string | null {
  const named = deepestFailing(result.steps, (step) => step.category === 'test.step' && !PROMISE_STEPS.has(step.title));
  if (named) return named.title;
  const any = deepestFailing(result.steps, (step) => step.category === 'pw:api' || step.category === 'expect');
  return any?.title ?? null;
}

function deepestFailing(steps: readonly TestStep[], accept: (step: TestStep) => boolean): TestStep | undefined {
  for (const step of steps) {
    if (!step.error) continue;
    const inner = deepestFailing(step.steps, accept);
    if (inner) return inner;
    if (accept(step)) return step;
  }
  return undefined;
}
