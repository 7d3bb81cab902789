import type { Locator, Page } from '@playwright/test';
import { open, parseGermanNumber, send, step } from './step';

export interface ShownWeather {
  heading: string;
  /** The postcode and the region name the heading names ("Wetter für 01067 (Dresden)"). */
  postcode: string;
  region: string;
  temperatureC: number;
  windKmh: number;
  precipitationMm: number;
  asOf: Date;
  /** The time of the data as the page writes it for members ("03.12.2026, 09:40 Uhr"). */
  asOfText: string;
  forecast: { date: string; minC: number; maxC: number; precipitationMm: number }[];
  /** The units the page writes after each value, as shown ("°C", "km/h", "mm"), forecast cells included. */
  units: { temperature: string[]; wind: string[]; precipitation: string[] };
}

/** The unit written after a number ("3,5 °C" → "°C"). */
const unitOf = (text: string) =>
  text
    .replace(/\u00a0/g, ' ')
    .replace(/^[^\d]*[\d.,]+\s*/, '')
    .trim();

/** The weather page (`/wetter`), open to everyone. */
export class WeatherPage {
  readonly heading: Locator;
  readonly postcode: Locator;
  readonly showButton: Locator;
  readonly regionHeading: Locator;
  readonly temperature: Locator;
  readonly wind: Locator;
  readonly precipitation: Locator;
  readonly asOf: Locator;
  readonly forecast: Locator;
  readonly forecastDays: Locator;
  /** What the page says instead of weather (a postcode it cannot use, a feed that is down). */
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Wetter', level: 1 });
    this.postcode = page.getByLabel('Postleitzahl');
    this.showButton = page.getByRole('button', { name: 'Anzeigen' });
    this.regionHeading = page.getByRole('heading', { level: 2, name: /^Wetter für/ });
    this.temperature = page.getByTestId('weather-temperature');
    this.wind = page.getByTestId('weather-wind');
    this.precipitation = page.getByTestId('weather-precipitation');
    this.asOf = page.getByTestId('weather-as-of');
    this.forecast = page.getByRole('table', { name: '5-Tage-Vorhersage' });
    this.forecastDays = this.forecast.locator('tbody').getByRole('row');
    this.alert = page.getByRole('main').getByRole('alert');
  }

  async goto(): Promise<void> {
    await step('Open weather page', async () => {
      await open(this.page, '/wetter', 'the weather page');
    });
  }

  /** Opens the weather page for a postcode as a link or a typed address does (`/wetter?plz=…`); resolves to the HTTP status. */
  async gotoPostcode(postcode: string): Promise<number | undefined> {
    return step(`Open weather page for "${postcode}"`, async () => {
      const response = await open(this.page, `/wetter?plz=${encodeURIComponent(postcode)}`, 'the weather page');
      return response?.status();
    });
  }

  /** Chooses a postcode on the page, as a member looking up a field's region does. */
  async showPostcode(postcode: string): Promise<void> {
    await step(`Show weather for ${postcode}`, async () => {
      await this.postcode.fill(postcode);
      await send(this.page, this.showButton, `the weather for ${postcode}`);
      await this.page.waitForURL((url) => url.searchParams.get('plz') === postcode);
    });
  }

  /** Everything the page shows, parsed: current values, the time of the data, the forecast rows. */
  async read(): Promise<ShownWeather> {
    return step('Read weather shown', async () => {
      const number = async (locator: Locator) => parseGermanNumber(await locator.innerText());
      const datetime = await this.asOf.getAttribute('datetime');
      const forecast = [];
      const units: ShownWeather['units'] = { temperature: [], wind: [], precipitation: [] };
      for (const row of await this.forecastDays.all()) {
        const cells = await row.getByRole('cell').allInnerTexts();
        units.temperature.push(unitOf(cells[1] ?? ''), unitOf(cells[2] ?? ''));
        units.precipitation.push(unitOf(cells[3] ?? ''));
        forecast.push({
          date: cells[0] ?? '',
          minC: parseGermanNumber(cells[1] ?? ''),
          maxC: parseGermanNumber(cells[2] ?? ''),
          precipitationMm: parseGermanNumber(cells[3] ?? ''),
        });
      }
      const [temperature, wind, precipitation] = await Promise.all(
        [this.temperature, this.wind, this.precipitation].map((l) => l.innerText()),
      );
      units.temperature.unshift(unitOf(temperature ?? ''));
      units.wind.push(unitOf(wind ?? ''));
      units.precipitation.unshift(unitOf(precipitation ?? ''));
      const heading = await this.regionHeading.innerText();
      const named = /(\d{5})\s*\((.+)\)\s*$/.exec(heading);
      return {
        heading,
        postcode: named?.[1] ?? '',
        region: named?.[2] ?? '',
        temperatureC: await number(this.temperature),
        windKmh: await number(this.wind),
        precipitationMm: await number(this.precipitation),
        asOf: new Date(datetime ?? 'invalid'),
        asOfText: (await this.asOf.innerText()).trim(),
        forecast,
        units,
      };
    });
  }
}
