import { z } from 'zod';
import { expect, test } from '../../../fixtures';

/** How long a member waits for a page before the portal counts as down for them. */
const BUDGET_MS = { home: 3_000, health: 1_000 };

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  checks: z.object({ store: z.object({ status: z.string() }) }),
});

test.describe('availability', { tag: ['@critical', '@probe', '@flow-availability'] }, () => {
  test('home page answers within its budget', async ({ homePage }) => {
    const { response, elapsedMs } = await homePage.goto();
    expect(response?.status(), 'HTTP status of the home page').toBe(200);
    await expect(homePage.heading).toHaveText('Agrargenossenschaft Elbtal eG');
    await expect(homePage.navigation.getByRole('link', { name: 'Mitgliederbereich' })).toBeVisible();
    expect(elapsedMs, `home page took ${Math.round(elapsedMs)} ms (budget ${BUDGET_MS.home} ms)`).toBeLessThan(BUDGET_MS.home);
  });

  test('health endpoint reports the instance up within its budget', async ({ request }) => {
    const started = performance.now();
    // Ten times the budget: long enough to report a slow answer with its time, short of the test timeout.
    const response = await request.get('/healthz', { timeout: BUDGET_MS.health * 10 });
    const elapsedMs = performance.now() - started;
    expect(response.status(), `HTTP status of /healthz: ${await response.text()}`).toBe(200);
    const health = healthSchema.parse(await response.json());
    expect(health.status, 'overall health').not.toBe('down');
    expect(health.checks.store.status, 'store check').toBe('ok');
    expect(elapsedMs, `/healthz took ${Math.round(elapsedMs)} ms (budget ${BUDGET_MS.health} ms)`).toBeLessThan(BUDGET_MS.health);
  });
});
