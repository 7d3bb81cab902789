import { buildAddress, expect, readJson, seededFaker, test, WEATHER_REGIONS } from '../../../fixtures';

/** How long a member waits for the weather page (opening it and choosing a postcode), and an app for the weather API. */
const BUDGET_MS = { page: 10_000, api: 5_000 };
/** What the portal tells a member whose postcode it cannot use (portal/README.md), as for the diesel order form. */
const POSTCODE_MESSAGE = 'Bitte eine gültige fünfstellige Postleitzahl angeben.';
/** The cooperative's home region: the weather a visitor who names no postcode sees. */
const HOME = { postcode: '01067', region: 'Dresden' };

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

test.describe('weather for every region and every postcode', { tag: ['@critical', '@flow-weather'] }, () => {
  test('every weather region is named as the cooperative names it, with fresh and plausible weather', async ({ weatherJudge }) => {
    for (const { postcode, region } of WEATHER_REGIONS) {
      const reading = await weatherJudge.api(postcode);
      expect(reading.region, `the weather for ${postcode} is named "${region}"`).toBe(region);
      const weather = { ...reading.current, asOf: new Date(reading.asOf), forecast: reading.forecast };
      expect(weather).toBeFreshWeather(`the weather API for ${postcode}`);
      expect(weather).toBePlausibleWeather(`the weather API for ${postcode}`);
    }
  });

  test(
    'the weather page opens on the home region, understands a postcode typed with spaces and names one it cannot use',
    { tag: '@degraded' },
    async ({ weatherPage, request }) => {
      await weatherPage.goto();
      await expect(weatherPage.regionHeading, "a visitor who names no postcode sees the cooperative's home region").toHaveText(
        `Wetter für ${HOME.postcode} (${HOME.region})`,
      );
      expect(await weatherPage.gotoPostcode(` ${HOME.postcode} `), 'a postcode typed with spaces around it is understood').toBe(200);
      await expect(weatherPage.regionHeading, 'the weather shown is that of the postcode without its spaces').toHaveText(
        `Wetter für ${HOME.postcode} (${HOME.region})`,
      );
      expect(await weatherPage.gotoPostcode('0106'), 'a four-digit postcode is refused (HTTP 400)').toBe(400);
      await expect(weatherPage.alert, 'the member is told what is wrong with the postcode').toHaveText(POSTCODE_MESSAGE);
      const api = await request.get('/api/weather?postcode=0106');
      expect(api.status(), 'the weather API refuses a four-digit postcode (HTTP 400)').toBe(400);
      expect(await readJson(api, 'GET /api/weather?postcode=0106'), 'the weather API names the postcode it refused').toEqual({
        error: expect.stringContaining('"0106"'),
      });
    },
  );
});
