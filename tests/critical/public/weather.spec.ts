import { buildAddress, expect, seededFaker, test } from '../../../fixtures';

/** How long a member waits for the weather page (opening it and choosing a postcode), and an app for the weather API. */
const BUDGET_MS = { page: 10_000, api: 5_000 };

test.describe('weather', { tag: ['@critical', '@probe', '@flow-weather'] }, () => {
  test('weather for a member region is fresh, plausible and the same region and data as the weather API', async ({
    weatherPage,
    weatherJudge,
    config,
  }) => {
    const { postcode } = buildAddress(seededFaker(config.seed, 'weather region'));

    const load = async () => {
      await weatherPage.goto();
      await weatherPage.showPostcode(postcode);
      await expect(weatherPage.regionHeading, `the public weather page shows the weather for ${postcode}`).toBeVisible();
    };
    await weatherJudge.expectPageMatchesApi(postcode, { load, read: () => weatherPage.read() }, 'public weather page');
  });

  test('the weather page and the weather API answer within their budgets', async ({ weatherPage, weatherJudge, config }) => {
    const { postcode } = buildAddress(seededFaker(config.seed, 'weather budget region'));
    const pageStarted = performance.now();
    await weatherPage.goto();
    await weatherPage.showPostcode(postcode);
    await expect(weatherPage.regionHeading, `the weather page shows the weather for ${postcode}`).toBeVisible();
    const pageMs = performance.now() - pageStarted;
    const apiStarted = performance.now();
    await weatherJudge.api(postcode, { timeoutMs: BUDGET_MS.api * 5 });
    const apiMs = performance.now() - apiStarted;

    expect(pageMs, `the weather page took ${Math.round(pageMs)} ms for ${postcode} (budget ${BUDGET_MS.page} ms)`).toBeLessThan(
      BUDGET_MS.page,
    );
    expect(apiMs, `the weather API took ${Math.round(apiMs)} ms (budget ${BUDGET_MS.api} ms)`).toBeLessThan(BUDGET_MS.api);
  });
});
