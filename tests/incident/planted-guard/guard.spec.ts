import { expect } from '@playwright/test';
import { test } from '../../../fixtures/guards';

const PAGE = 'http://portal.invalid/';

// The page answers 503 with content the checks accept: only the guard can tell that something is wrong.
test.beforeEach(async ({ page }) => {
  await page.route(PAGE, (route) => route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>Wartung</h1>' }));
});

test('with the guard on, a 5xx behind passing checks fails the test', { tag: ['@critical', '@flow-availability'] }, async ({ page }) => {
  await page.goto(PAGE);
  await expect(page.getByRole('heading')).toHaveText('Wartung');
});

test.describe('guard switched off', () => {
  test.use({ guardEnabled: false });

  test('with the guard off, the same 5xx is evidence only', { tag: ['@critical', '@flow-weather'] }, async ({ page, guard }) => {
    await page.goto(PAGE);
    await expect(page.getByRole('heading')).toHaveText('Wartung');
    expect(guard.serverErrors.map((error) => error.status)).toEqual([503]);
  });
});
