import { buildAddress, expect, seededFaker, test } from '../../../fixtures';

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
});
