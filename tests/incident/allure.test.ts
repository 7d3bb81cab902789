import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ALLURE_SEVERITY } from '../../fixtures/allure';
import { allureReporterOptions } from '../../incident/allure';
import { ALLURE_CATEGORIES } from '../../incident/allure-categories';
import { PLAYWRIGHT_ERRORS as E } from './playwright-errors';

/** The category Allure 3 picks: the first whose status and message match. */
function categoryOf(status: 'failed' | 'broken', message: string): string | undefined {
  return ALLURE_CATEGORIES.find(
    (category) =>
      (!category.matchedStatuses || category.matchedStatuses.includes(status)) &&
      (category.messageRegex === undefined || new RegExp(`^${category.messageRegex}$`).test(message)),
  )?.name;
}

test('allure reporter options carry results dir, target, environment and build', () => {
  const options = allureReporterOptions({
    reportsDir: '/r',
    baseURL: 'https://staging.portal.example',
    targetEnv: 'staging',
    build: { gitSha: 'abc123', deployId: 'd-7' },
  });
  expect(options.resultsDir).toBe(path.join('/r', 'allure-results'));
  expect(options.environmentInfo).toEqual({
    'Target URL': 'https://staging.portal.example',
    TARGET_ENV: 'staging',
    Commit: 'abc123',
    'Deploy id': 'd-7',
  });
  expect(options.categories).toHaveLength(ALLURE_CATEGORIES.length);
});

test('SEV levels map onto Allure severities', () => {
  expect(ALLURE_SEVERITY).toEqual({ 'SEV-1': 'blocker', 'SEV-2': 'critical', 'SEV-3': 'normal', 'SEV-4': 'minor', 'SEV-5': 'trivial' });
});

test('categories tell infrastructure, product and test failures apart on whole messages', () => {
  expect(categoryOf('broken', E.refused)).toBe('Infrastructure: target unreachable');
  expect(categoryOf('broken', "browserType.launch: Executable doesn't exist at /ms-playwright/chromium/chrome")).toBe(
    'Infrastructure: browser launch',
  );
  expect(categoryOf('broken', 'Error: Guard: 1 server error(s) (first: 500 on POST http://x/orders) during the test')).toBe(
    'Product: server errors (5xx)',
  );
  expect(categoryOf('failed', E.stale)).toBe('Product: stale data');
  expect(categoryOf('broken', E.gotoHang)).toBe('Product: too slow');
  expect(categoryOf('failed', E.textWrong)).toBe('Product: assertion failures');
  expect(categoryOf('broken', "TypeError: Cannot read properties of undefined (reading 'id')")).toBe('Test failures');
});
