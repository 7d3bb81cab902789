import { expect } from '@playwright/test';
import { healthSchema, test } from '../../../fixtures/api';

test('a read-only call whose connection is reset is sent again and answered', async ({ portalApi }) => {
  const health = await portalApi.getJson('/healthz', healthSchema, 'the health endpoint');
  expect(health.status).toBe('ok');
});

// eslint-disable-next-line playwright/expect-expect -- planted to fail by the reset itself: connection-reset.test.ts checks that it does
test('an order whose connection is reset is not sent again', async ({ portalApi }) => {
  await portalApi.submitOrderForm({ product: 'diesel', quantity: '1500' });
});
