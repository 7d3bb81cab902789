import { z } from 'zod';
import { expect, test } from '../../../fixtures';
import { buildAddress } from '../../../seed/builders';
import { seededFaker } from '../../../seed/faker';

/** The feed refreshes every few minutes; data older than this means the ingest has stopped. */
const FRESH_WITHIN_MINUTES = 30;
/** Outside these bounds a reading is a feed or unit error, not German weather. */
const PLAUSIBLE = { minC: -40, maxC: 50, maxWindKmh: 250, maxPrecipitationMm: 300 };

const weatherApiSchema = z.object({
  postcode: z.string(),
  asOf: z.string(),
  current: z.object({ temperatureC: z.number(), windKmh: z.number(), precipitationMm: z.number() }),
  forecast: z.array(z.object({ date: z.string(), minC: z.number(), maxC: z.number(), precipitationMm: z.number() })),
});

test.describe('weather', { tag: ['@critical', '@probe', '@flow-weather'] }, () => {
  test('weather for a member region is fresh, plausible and the same as the weather API', async ({ weatherPage, request, config }) => {
    const { postcode } = buildAddress(seededFaker(config.seed, 'weather region'));
    const fetchApi = async () => {
      const response = await request.get(`/api/weather?postcode=${postcode}`);
      expect(response.status(), `HTTP status of /api/weather?postcode=${postcode}`).toBe(200);
      return weatherApiSchema.parse(await response.json());
    };

    await weatherPage.goto();
    await weatherPage.showPostcode(postcode);
    // The feed may refresh while the page loads: the page must equal the API just before or just after.
    const before = await fetchApi();
    const shown = await weatherPage.read();
    const after = await fetchApi();

    const ageMinutes = (Date.now() - shown.asOf.getTime()) / 60_000;
    expect(
      ageMinutes,
      `weather data is stale: "Stand" ${shown.asOf.toISOString()} is ${Math.round(ageMinutes)} minutes old (fresh within ${FRESH_WITHIN_MINUTES})`,
    ).toBeLessThanOrEqual(FRESH_WITHIN_MINUTES);

    expect(shown.heading).toContain(postcode);
    expect(shown.temperatureC, 'temperature is implausible').toBeGreaterThanOrEqual(PLAUSIBLE.minC);
    expect(shown.temperatureC, 'temperature is implausible').toBeLessThanOrEqual(PLAUSIBLE.maxC);
    expect(shown.windKmh, 'wind speed is implausible').toBeGreaterThanOrEqual(0);
    expect(shown.windKmh, 'wind speed is implausible').toBeLessThanOrEqual(PLAUSIBLE.maxWindKmh);
    expect(shown.precipitationMm, 'precipitation is implausible').toBeGreaterThanOrEqual(0);
    expect(shown.forecast, 'the forecast covers 5 days').toHaveLength(5);
    for (const day of shown.forecast) {
      expect(day.minC, `forecast ${day.date} is implausible`).toBeGreaterThanOrEqual(PLAUSIBLE.minC);
      expect(day.maxC, `forecast ${day.date} is implausible`).toBeLessThanOrEqual(PLAUSIBLE.maxC);
      expect(day.minC, `forecast ${day.date}: low above high`).toBeLessThanOrEqual(day.maxC);
    }

    const api = [before, after].find((reading) => new Date(reading.asOf).getTime() === shown.asOf.getTime()) ?? after;
    expect(shown.asOf.toISOString(), 'the page shows the same data time as /api/weather').toBe(new Date(api.asOf).toISOString());
    expect(
      { temperatureC: shown.temperatureC, windKmh: shown.windKmh, precipitationMm: shown.precipitationMm, days: shown.forecast.length },
      'the page shows what /api/weather returns',
    ).toEqual({ ...api.current, days: api.forecast.length });
    expect(shown.forecast.map((day) => [day.minC, day.maxC, day.precipitationMm])).toEqual(
      api.forecast.map((day) => [day.minC, day.maxC, day.precipitationMm]),
    );
  });
});
