import { expect } from '@playwright/test';
import type { PortalApi } from '../../../fixtures/api';
import { test as base } from '../../../fixtures/orders';

const ORDER = 'D-2026-000123';
let ordered = false;
let cancelAttempts = 0;

/**
 * The order factory against a target that takes the order and then refuses every cancellation (503): the page is
 * served by routes, the member and their stored orders are stubs, the factory's clean-up is the real one.
 */
const test = base.extend({
  // The target is the routes below: there is no health endpoint to read.
  instanceDown: [async ({}, use) => use({ reason: () => Promise.resolve(undefined) }), { scope: 'worker' }],
  sessionMember: async ({}, use) =>
    use({
      email: 'anna.planted@mitglieder.test',
      firstName: 'Anna',
      lastName: 'Planted',
      postcode: '01067',
      probeAccount: false,
      orders: [],
    }),
  memberOrders: async ({}, use) =>
    use({
      list: () =>
        Promise.resolve(
          ordered
            ? [
                {
                  orderNumber: ORDER,
                  product: 'diesel',
                  quantityLitres: 1500,
                  deliveryDate: '2026-12-01',
                  total: 1795.5,
                  status: 'open' as const,
                },
              ]
            : [],
        ),
    }),
  portalApi: async ({}, use) =>
    use({
      cancelOrder: () => {
        cancelAttempts += 1;
        return Promise.resolve({ status: 503, text: 'Service Unavailable', json: () => ({}) });
      },
    } as unknown as PortalApi),
  page: async ({ page }, use) => {
    await page.route('http://portal.invalid/diesel', async (route) => {
      if (route.request().method() === 'POST') {
        ordered = true;
        await route.fulfill({
          contentType: 'text/html',
          body: `<h1>Bestellung eingegangen</h1><p data-testid="confirmation-order-number">${ORDER}</p>`,
        });
        return;
      }
      await route.fulfill({
        contentType: 'text/html',
        body: '<h1>Diesel bestellen</h1><form method="post" action="/diesel"><button>Bestellung absenden</button></form>',
      });
    });
    await use(page);
  },
});

test.afterAll(() => {
  // Read by the outer test: every clean-up attempt reached the target.
  process.stderr.write(`planted: ${cancelAttempts} cancellation attempt(s)\n`);
});

test('the member orders diesel and sees the confirmation', { tag: ['@critical', '@flow-diesel-order'] }, async ({ page, dieselOrders }) => {
  await page.goto('/diesel');
  expect((await dieselOrders.submit()).orderNumber).toBe(ORDER);
});
