import { expect, test } from '@playwright/test';
import { suiteErrorFromText, SuiteError } from '../../contract';
import { FLOWS, getFlow } from '../../flows';
import { buildIncident, buildSummary } from '../../incident/build';
import { effectiveSeverity } from '../../contract';
import { renderErrorMarkdown, renderIncidentMarkdown } from '../../incident/render';
import { summarySchema } from '../../contract';
import { META, attempt, passed, skipped, testOf } from './records';

const allGreen = () => ['availability', 'member-services', 'diesel-order', 'weather'].map(passed);
const wrongMessage = () =>
  testOf(
    'member-login',
    'unexpected',
    [attempt('failed', { errorClass: 'element-missing', failingStep: 'the member is told that e-mail or password is wrong' })],
    'wrong password is refused with a clear message',
  );

test.describe('declared effect', () => {
  test('a degraded test makes the flow degraded, one severity lower, and the title says "is degraded"', () => {
    const tests = [...allGreen(), passed('member-login'), { ...wrongMessage(), effect: 'degraded' as const }];
    const summary = buildSummary(tests, META, FLOWS);
    expect(summary.verdict).toBe('failed');
    expect(summary.flows.find((flow) => flow.id === 'member-login')).toMatchObject({
      status: 'failed',
      effect: 'degraded',
      severity: 'SEV-2',
    });
    const incident = buildIncident(tests, summary, META, FLOWS);
    expect(incident?.severity).toBe('SEV-2');
    expect(incident?.rootCauses[0]).toMatchObject({ flowId: 'member-login', effect: 'degraded', severity: 'SEV-2' });
    expect(incident?.title).toMatch(/^\[SEV-2\] Member login is degraded: /);
  });

  test('a down test in the same flow wins: the registry severity and "is down"', () => {
    const down = testOf('member-login', 'unexpected', [attempt('failed', { errorClass: 'http-5xx' })], 'member signs in');
    const tests = [...allGreen(), { ...down, effect: 'down' as const }, { ...wrongMessage(), effect: 'degraded' as const }];
    const summary = buildSummary(tests, META, FLOWS);
    expect(summary.flows.find((flow) => flow.id === 'member-login')).toMatchObject({ effect: 'down', severity: 'SEV-1' });
    expect(buildIncident(tests, summary, META, FLOWS)?.title).toMatch(/^\[SEV-1\] Member login is down: /);
  });

  test('a broken promise of effect wrong: the registry severity for wrong, the title says what happened, the report names the promise', () => {
    const wrongTotal = testOf(
      'diesel-order',
      'unexpected',
      [attempt('failed', { errorClass: 'wrong-content', failingStep: 'the stored order is what the member asked for' })],
      'diesel order › member gets a correct quote, orders diesel once and finds exactly that order stored, listed and cancellable',
    );
    const tests = [
      ...allGreen().filter((test) => test.flowId !== 'diesel-order'),
      passed('member-login'),
      {
        ...wrongTotal,
        effect: 'wrong' as const,
        brokenPromise: 'diesel-order/confirmed-is-stored',
      },
    ];
    const summary = buildSummary(tests, META, FLOWS);
    expect(summary.flows.find((flow) => flow.id === 'diesel-order')).toMatchObject({ effect: 'wrong', severity: 'SEV-1' });
    const incident = buildIncident(tests, summary, META, FLOWS);
    expect(incident?.title).toMatch(/^\[SEV-1\] Diesel ordering stores wrong totals: page shows wrong content/);
    expect(incident?.rootCauses[0]?.brokenPromise).toEqual({
      id: 'diesel-order/confirmed-is-stored',
      promise: 'The quote a member confirms is the amount stored and charged, with the product, quantity and date they chose.',
    });
    expect(renderIncidentMarkdown(incident!)).toContain('- **Broken promise:** The quote a member confirms is the amount stored');
  });

  test('the registry decides the severity of each effect, per flow', () => {
    const flow = { severity: 'SEV-2', effectSeverity: { wrong: 'SEV-1', degraded: 'SEV-4' } } as const;
    expect(effectiveSeverity(flow, 'down')).toBe('SEV-2');
    expect(effectiveSeverity(flow, 'wrong')).toBe('SEV-1');
    expect(effectiveSeverity(flow, 'degraded')).toBe('SEV-4');
    expect(effectiveSeverity(getFlow('diesel-order'), 'wrong'), 'a wrong amount charged is as urgent as no ordering at all').toBe('SEV-1');
  });
});

test.describe('suite errors are not incidents', () => {
  const refused = new SuiteError(
    'credentials',
    'The target refused the seeding token: POST http://127.0.0.1:3000/api/testdata/members answered 401.',
    "Set SEED_TOKEN to the portal's token.",
  );

  test('a SuiteError in a test makes the verdict error with the reason, and no incident', () => {
    const text = `${refused.name}: ${refused.message}\n    at fixtures/seed.ts:40`;
    const tests = [
      passed('availability'),
      testOf('member-login', 'unexpected', [attempt('failed', { error: text, suiteError: suiteErrorFromText(text) ?? null })]),
      skipped('member-services'),
      skipped('diesel-order'),
    ];
    const summary = summarySchema.parse(buildSummary(tests, META, FLOWS));
    expect(summary.verdict).toBe('error');
    expect(summary.suiteError).toEqual({ kind: 'credentials', message: refused.reason, fix: refused.fix });
    expect(summary.flows.find((flow) => flow.id === 'member-login')?.status, 'a test the suite could not run judged nothing').toBe(
      'skipped',
    );
    expect(buildIncident(tests, summary, META, FLOWS)).toBeUndefined();
    const markdown = renderErrorMarkdown(summary);
    expect(markdown).toContain('credentials error');
    expect(markdown).toContain('not a product incident');
    expect(markdown).toContain(refused.fix);
  });

  test("exceptions of the suite's own code are suite errors; a target's wrong answer or HTTP error is not", () => {
    expect(
      suiteErrorFromText("TypeError: Cannot read properties of undefined (reading 'postcode')\n    at tests/critical/x.spec.ts:3"),
    ).toMatchObject({ kind: 'suite' });
    expect(suiteErrorFromText('Error: expect(received).toBe(expected)\n\nExpected: 200\nReceived: 503')).toBeUndefined();
    expect(
      suiteErrorFromText('Error: Seeding POST http://x/api/testdata/members failed: server answered 500: Interner Fehler'),
    ).toBeUndefined();
    expect(suiteErrorFromText('TimeoutError: locator.click: Timeout 5000ms exceeded.')).toBeUndefined();
    // A field the target left out reaches a matcher as undefined: the check failed, the suite did not.
    const received =
      'TypeError: expect(received).toMatch(expected)\n\nMatcher error: received value must be a string\n\nReceived has value: undefined';
    expect(suiteErrorFromText(received)).toBeUndefined();
    const expected =
      'TypeError: expect(received).toMatch(expected)\n\nMatcher error: expected value must be a string or regular expression';
    expect(suiteErrorFromText(expected), "a wrong expected value is the suite's own mistake").toMatchObject({ kind: 'suite' });
  });

  test('a failed clean-up after passing checks is a cleanup-failed warning, not a failed flow', () => {
    const left =
      'Order(s) D-2026-100053 of member erika@mitglieder.test could not be cancelled after 3 attempts: cancel it by hand in member services.';
    const order = testOf('diesel-order', 'expected', [attempt('passed', { cleanupFailures: [left] })], 'member orders diesel');
    const summary = buildSummary([passed('availability'), passed('member-login'), order], META, FLOWS);
    expect(summary.verdict).toBe('passed');
    expect(summary.flows.find((flow) => flow.id === 'diesel-order')?.status).toBe('passed');
    expect(summary.warnings).toEqual([
      { code: 'cleanup-failed', flowId: 'diesel-order', message: `Clean-up after "member orders diesel" failed; left behind: ${left}` },
    ]);
  });
});
