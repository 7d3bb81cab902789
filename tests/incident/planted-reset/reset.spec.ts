import { expect } from '@playwright/test';
import { healthSchema, test } from '../../../fixtures/api';

test('a read-only call whose connection is reset is sent again and answered', async ({ portalApi }) => {
  const health = await portalApi.getJson('/healthz', healthSchema, 'the health endpoint');
  expect(health.status).toBe('ok');
});

test('an order whose connection is reset is not sent again', async ({ portalApi }) => {
  await portalApi.submitOrderForm({ product: 'diesel', quantity: '1500' });
});
