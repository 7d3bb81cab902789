import { expect, test } from '@playwright/test';
import { FLOWS, PROMISE_CATEGORIES, PROMISES } from '../../flows';
import { FAULTS } from '../../portal/faults';
import { EXPECTED_BROKEN } from '../matrix/expected';
import { runCommand } from '../support/processes';

interface ListedCheck {
  title: string;
  tags: string[];
}

interface ListedSuite {
  specs?: { title: string; tags: string[] }[];
  suites?: ListedSuite[];
}

/** Every critical test as Playwright lists it (its own title and its tags, `@` left off), without running one. */
async function criticalChecks(): Promise<ListedCheck[]> {
  const listed = await runCommand(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--list', '--reporter=json'], {
    ...process.env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: '',
  });
  expect(listed.exitCode, listed.output.slice(-2000)).toBe(0);
  const report = JSON.parse(listed.output.slice(listed.output.indexOf('{'))) as ListedSuite;
  const walk = (suite: ListedSuite): ListedCheck[] => [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(walk)];
  return walk(report);
}

test.describe('the catalogue of member promises', () => {
  test('every flow has promises, and timeliness is promised for every flow', () => {
    for (const flow of FLOWS) {
      const categories = PROMISES.filter((promise) => promise.flow === flow.id).map((promise) => promise.category);
      expect(categories, `promises of ${flow.id}`).toContain('timeliness');
    }
    expect(
      PROMISE_CATEGORIES.filter((category) => !PROMISES.some((promise) => promise.category === category)),
      'categories no promise covers',
    ).toEqual([]);
    expect(PROMISES.filter((promise) => !FLOWS.some((flow) => flow.id === promise.flow)).map((promise) => promise.id)).toEqual([]);
    expect(PROMISES.filter((promise) => !promise.id.startsWith(`${promise.flow}/`)).map((promise) => promise.id)).toEqual([]);
  });

  test('every promise names critical checks of its own flow, and every critical check protects a promise', async () => {
    const checks = await criticalChecks();
    const titles = checks.map((check) => check.title);
    expect(
      titles.filter((title, index) => titles.indexOf(title) !== index),
      'check titles must be unique',
    ).toEqual([]);
    const byTitle = new Map(checks.map((check) => [check.title, check]));
    const missing = PROMISES.flatMap((promise) =>
      promise.checks.filter((title) => !byTitle.has(title)).map((title) => `${promise.id}: no critical test "${title}"`),
    );
    expect(missing).toEqual([]);
    const elsewhere = PROMISES.flatMap((promise) =>
      promise.checks
        .filter((title) => !byTitle.get(title)?.tags.includes(`flow-${promise.flow}`))
        .map((title) => `${promise.id}: "${title}" is not a check of ${promise.flow}`),
    );
    expect(elsewhere).toEqual([]);
    const unprotecting = titles.filter((title) => !PROMISES.some((promise) => promise.checks.includes(title)));
    expect(unprotecting, 'critical tests that protect no promise').toEqual([]);
  });

  test("a check's @degraded tag agrees with the promises it protects", async () => {
    const disagreeing = (await criticalChecks()).filter((check) => {
      const effects = new Set(PROMISES.filter((promise) => promise.checks.includes(check.title)).map((promise) => promise.effect));
      return check.tags.includes('degraded') !== (effects.size === 1 && effects.has('degraded'));
    });
    expect(disagreeing.map((check) => check.title)).toEqual([]);
  });

  test('every promise has a proof, and each fault named as proof turns its flow red in the matrix', () => {
    for (const promise of PROMISES) {
      expect(promise.proofs.length, `${promise.id} names no proof`).toBeGreaterThan(0);
      for (const proof of promise.proofs) {
        if (!('fault' in proof)) continue;
        expect(FAULTS, `${promise.id}: proof fault "${proof.fault}" is not in the portal's catalogue`).toContain(proof.fault);
        expect(
          EXPECTED_BROKEN[proof.fault as keyof typeof EXPECTED_BROKEN],
          `${promise.id}: the matrix must expect "${proof.fault}" to break ${promise.flow}`,
        ).toContain(promise.flow);
      }
    }
  });

  test('wrong and degraded promises say what happens, in words for an incident title', () => {
    const silent = PROMISES.filter((promise) => promise.effect !== 'down' && !promise.symptom).map((promise) => promise.id);
    expect(silent).toEqual([]);
  });
});
