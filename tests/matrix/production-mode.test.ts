import { rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readSummary } from '../../contract';
import { buildDieselOrder } from '../../seed/builders';
import { SeedClient } from '../../seed/client';
import { seededFaker } from '../../seed/faker';
import { findSecret } from '../incident/scan';
import { PROBE_ADDRESS, probeMember } from '../support/probe-account';
import { ROOT, runTsx, startPortalInProcess } from '../support/processes';

const PROBE = { email: 'probe@elbtal-agrar.de', password: 'Pr0be-Secret-Planted-2026' };
const SEED_TOKEN = 'production-mode-check-token';

test('production mode runs only probe tests with the probe account, undoes its order and leaks no password', async () => {
  // The whole probe suite runs once; a minute is ample.
  test.setTimeout(300_000);
  const portal = await startPortalInProcess({ seedToken: SEED_TOKEN, probeAccount: PROBE });
  const reportsDir = path.join(ROOT, 'reports', 'production-mode');
  await rm(reportsDir, { recursive: true, force: true });
  // An earlier probe run crashed before its clean-up and left its synthetic order open.
  const portalApi = new SeedClient(portal.url, SEED_TOKEN);
  const probe = await probeMember(portal.url, SEED_TOKEN, PROBE);
  const leftover = await portalApi.createOrder(probe.id, {
    ...buildDieselOrder(seededFaker(1, 'leftover')),
    ...PROBE_ADDRESS,
  });
  try {
    const run = await runTsx('scripts/smoke.ts', ['--retries=0'], {
      BASE_URL: portal.url,
      TARGET_ENV: 'production',
      PROBE_EMAIL: PROBE.email,
      PROBE_PASSWORD: PROBE.password,
      SEED_TOKEN: '',
      FIREWATCH_REPORTS_DIR: reportsDir,
    });
    expect(run.exitCode, run.output.slice(-3000)).toBe(0);
    expect(run.output, 'only @probe tests ran').toMatch(/14 passed/);
    expect(run.output).not.toContain('wrong password is refused');
    expect((await readSummary(reportsDir)).flows.map((flow) => [flow.id, flow.status])).toEqual([
      ['availability', 'passed'],
      ['member-login', 'passed'],
      ['member-services', 'passed'],
      ['diesel-order', 'passed'],
      ['weather', 'passed'],
    ]);

    // The leftover was cancelled, and the run says so.
    expect((await readSummary(reportsDir)).warnings).toContainEqual(
      expect.objectContaining({ code: 'leftover-cancelled', message: expect.stringContaining(leftover.orderNumber) }),
    );
    // Look behind the suite's back through the portal's own test-data API: the synthetic order was placed and cancelled.
    const orders = await portalApi.listOrders(probe.id);
    expect(orders.find((order) => order.orderNumber === leftover.orderNumber)?.status, 'the leftover is cancelled').toBe('cancelled');
    expect(orders.length, 'the probe placed its synthetic order').toBeGreaterThan(0);
    expect(orders.filter((order) => order.orderNumber !== leftover.orderNumber).map((order) => [order.status, order.synthetic])).toEqual(
      orders.filter((order) => order.orderNumber !== leftover.orderNumber).map(() => ['cancelled', true]),
    );

    expect(await findSecret(reportsDir, PROBE.password), 'files holding the probe password').toEqual([]);
  } finally {
    await portal.stop();
  }
});
