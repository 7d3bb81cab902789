import { expect, test } from '../../../fixtures';

test.use({ signedIn: true });

/** How long a member waits for member services. */
const BUDGET_MS = 10_000;

test.describe('member services for this member only', { tag: ['@critical', '@flow-member-services'] }, () => {
  test("member services never list another member's orders", async ({ page, memberServicesPage, sessionMember, anotherMember }) => {
    await memberServicesPage.goto();
    await expect(memberServicesPage.welcome, 'member services are open for the signed-in member').toBeVisible();
    for (const order of sessionMember.orders) {
      await expect(memberServicesPage.order(order.orderNumber), `the member's own order ${order.orderNumber} is listed`).toBeVisible();
    }

    const shown = page.locator('body');
    for (const order of anotherMember.orders) {
      await expect(shown, `another member's order ${order.orderNumber} appears nowhere on the page`).not.toContainText(order.orderNumber);
    }
  });

  test('member services open within their budget', { tag: '@probe' }, async ({ memberServicesPage }) => {
    const started = performance.now();
    await memberServicesPage.goto();
    await expect(memberServicesPage.welcome, 'member services greet the member').toBeVisible();
    await expect(memberServicesPage.services, 'member services show the services').toBeVisible();
    const elapsedMs = performance.now() - started;
    expect(elapsedMs, `member services took ${Math.round(elapsedMs)} ms (budget ${BUDGET_MS} ms)`).toBeLessThan(BUDGET_MS);
  });
});
