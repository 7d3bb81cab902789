import { expect, test } from '@playwright/test';
import { EMPTY_GUARD, parseGuardReport, type GuardReport } from '../../contract';
import { classifyFailure } from '../../incident/classify';
import { failurePhrase } from '../../incident/playbook';
import { PLAYWRIGHT_ERRORS as E } from './playwright-errors';

const guard = (report: Partial<GuardReport>): GuardReport => ({ ...EMPTY_GUARD, ...report });

test.describe('classifyFailure', () => {
  const cases: [string, string, GuardReport, string][] = [
    ['connection refused', E.refused, EMPTY_GUARD, 'target-unreachable'],
    ['DNS failure', E.dns, EMPTY_GUARD, 'target-unreachable'],
    ['toBeVisible on an absent element', E.visibleMissing, EMPTY_GUARD, 'element-missing'],
    ['click on a locator that never resolves', E.clickMissing, EMPTY_GUARD, 'element-missing'],
    ['click on a disabled button', E.clickDisabled, EMPTY_GUARD, 'slow-timeout'],
    ['toHaveText mismatch', E.textWrong, EMPTY_GUARD, 'wrong-content'],
    ['toBe mismatch', E.value, EMPTY_GUARD, 'wrong-content'],
    ['navigation timeout', E.gotoHang, EMPTY_GUARD, 'slow-timeout'],
    ['test timeout', E.testTimeout, EMPTY_GUARD, 'slow-timeout'],
    ['stale weather with a custom expect message', E.stale, EMPTY_GUARD, 'stale-data'],
  ];
  for (const [name, error, seen, expected] of cases) {
    test(`${name} → ${expected}`, () => {
      expect(classifyFailure(error, seen)).toBe(expected);
    });
  }

  test('a missing confirmation after a 500 the guard saw is http-5xx', () => {
    const seen = guard({ serverErrors: [{ method: 'POST', url: 'http://127.0.0.1:3000/diesel/orders', status: 500 }] });
    expect(classifyFailure(E.visibleMissing, seen)).toBe('http-5xx');
    expect(classifyFailure(E.clickMissing, seen)).toBe('http-5xx');
  });

  test('a broken form after an uncaught page error the guard saw is page-script-error', () => {
    const seen = guard({ pageErrors: [{ message: "TypeError: Cannot read properties of null (reading 'value')" }] });
    expect(classifyFailure(E.clickMissing, seen)).toBe('page-script-error');
  });

  test('specific classes win over what the guard saw', () => {
    const seen = guard({ serverErrors: [{ method: 'GET', url: 'http://x/api/weather', status: 503 }] });
    expect(classifyFailure(E.stale, seen)).toBe('stale-data');
    expect(classifyFailure(E.refused, seen)).toBe('target-unreachable');
  });

  test("the guard fixture's own failure messages", () => {
    expect(
      classifyFailure(
        'Error: Guard: 1 server error(s) (first: 503 on POST http://127.0.0.1:3000/login) during the test; see the attachment "guard-report".',
      ),
    ).toBe('http-5xx');
    expect(
      classifyFailure(
        'Error: Guard: 2 uncaught page error(s) (first: ReferenceError: price is not defined) during the test; see the attachment "guard-report".',
      ),
    ).toBe('page-script-error');
  });

  test('a page object message naming the status is http-5xx', () => {
    expect(classifyFailure('Error: Login as probe account failed: server answered 503 (see screenshot login-503.png)')).toBe('http-5xx');
  });

  test('"Stand" in a received value does not make a failure stale', () => {
    const error =
      'Error: expect(locator).toHaveText(expected) failed\n\nLocator: getByTestId(\'temp\')\nExpected: "12 °C"\nReceived: "Stand: 10:00"\n';
    expect(classifyFailure(error)).toBe('wrong-content');
  });

  test('an error from the test code itself is unknown', () => {
    expect(classifyFailure("TypeError: Cannot read properties of undefined (reading 'id')")).toBe('unknown');
  });
});

test.describe('parseGuardReport', () => {
  test('reads the guard fixture body and tolerates garbage', () => {
    const body = JSON.stringify({
      pageErrors: [],
      consoleErrors: [{ text: 'x', url: 'http://a' }],
      serverErrors: [{ method: 'GET', url: 'http://a', status: 502 }],
      failedRequests: [],
    });
    expect(parseGuardReport(body).serverErrors[0]?.status).toBe(502);
    expect(parseGuardReport('not json')).toEqual(EMPTY_GUARD);
    expect(parseGuardReport(undefined)).toEqual(EMPTY_GUARD);
  });
});

test('a request the portal refused (4xx) is named in the headline before the wait that followed it', () => {
  const refused = (status: number) => ({ ...EMPTY_GUARD, clientErrors: [{ method: 'POST', url: 'http://127.0.0.1:3000/diesel', status }] });
  expect(failurePhrase('slow-timeout', 'Submit diesel order', refused(429))).toBe(
    'the portal answered 429 on POST /diesel, then timed out at “Submit diesel order”',
  );
  expect(failurePhrase('element-missing', 'Sign in', refused(401)), 'a refusal a check provokes is no error').toBe(
    'page is missing what members need at “Sign in”',
  );
  expect(failurePhrase('slow-timeout', 'Submit diesel order', EMPTY_GUARD)).toBe('too slow: timed out at “Submit diesel order”');
});
