import { test } from '@playwright/test';
import { expect } from '../../fixtures/matchers';

const DECEMBER = new Date('2026-12-03T09:00:00Z');
const forecast = (minC: number, maxC: number) =>
  ['04.12.2026', '05.12.2026', '06.12.2026', '07.12.2026', '08.12.2026'].map((date) => ({ date, minC, maxC, precipitationMm: 0 }));
const units = { temperature: Array<string>(11).fill('°C'), wind: ['km/h'], precipitation: Array<string>(6).fill('mm') };
const december = { asOf: DECEMBER, temperatureC: 3.5, windKmh: 12, precipitationMm: 0, forecast: forecast(-2, 6), units };

test('weather inside what the region can have in the month, in the units the page claims, is plausible', () => {
  expect(december).toBePlausibleWeather('page');
});

test('a summer reading in December is out of season, even though it is German weather in July', () => {
  expect(() => expect({ ...december, temperatureC: 31 }).toBePlausibleWeather('page')).toThrow(/31 °C is out of season/);
  expect(() => expect({ ...december, forecast: forecast(20, 30) }).toBePlausibleWeather('page')).toThrow(/out of season/);
  expect({
    ...december,
    asOf: new Date('2026-07-15T12:00:00Z'),
    temperatureC: 31,
    forecast: forecast(15, 30).map((day) => ({ ...day, date: day.date.replace('.12.', '.07.') })),
  }).toBePlausibleWeather('page');
});

test('a value in another unit than the one members read is implausible', () => {
  expect(() =>
    expect({ ...december, units: { ...units, temperature: ['°F', ...units.temperature.slice(1)] } }).toBePlausibleWeather('page'),
  ).toThrow(/temperature is shown in "°F", not °C/);
});
