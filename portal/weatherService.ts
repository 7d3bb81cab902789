import type { FaultController } from './faults';
import { isValidPostcode } from './validation';
import { providerFeed, regionOf, type WeatherIngest, type WeatherSnapshot } from './weather';

// Stryker disable next-line all: fault injection (weather-down): the words members read only while that fault is on
export const WEATHER_UNAVAILABLE = 'Wetterdaten sind derzeit nicht verfügbar.';
// Stryker disable next-line all: fault injection (weather-stale): how far that fault's weather lags
export const STALE_OFFSET_MS = 6 * 60 * 60 * 1000;
// Stryker disable next-line all: fault injection (healthz-hides-stale-weather): the stalled ingest's lag, fresh for members
export const STALLED_OFFSET_MS = 20 * 60 * 1000;

export type WeatherResult = { kind: 'ok'; snapshot: WeatherSnapshot } | { kind: 'invalid-postcode' } | { kind: 'unavailable' };

/** The weather shown for a postcode, with the weather faults applied; page and API both read it. */
export function weatherFor(postcode: string, ingest: WeatherIngest, faults: FaultController): WeatherResult {
  if (!isValidPostcode(postcode)) return { kind: 'invalid-postcode' };
  // Stryker disable next-line all: fault injection (weather-down): the ingest runs before the portal serves, so only that fault comes here
  if (faults.has('weather-down') || !ingest.lastRunAt) return { kind: 'unavailable' };
  const region = regionOf(postcode);
  const lag = faults.has('weather-stale') ? STALE_OFFSET_MS : faults.has('healthz-hides-stale-weather') ? STALLED_OFFSET_MS : 0;
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator: fault injection (weather-stale, healthz-hides-stale-weather): lag is 0 without those faults
  let snapshot = lag ? providerFeed(region.code, new Date(ingest.lastRunAt.getTime() - lag)) : ingest.snapshotFor(postcode);
  if (!snapshot) return { kind: 'unavailable' };
  if (faults.has('weather-implausible')) {
    snapshot = { ...snapshot, current: { ...snapshot.current, temperatureC: 85, windKmh: -5 } };
  }
  return { kind: 'ok', snapshot: { ...snapshot, regionName: region.name } };
}

/** The /api/weather JSON for a snapshot. */
export function weatherJson(postcode: string, snapshot: WeatherSnapshot): Record<string, unknown> {
  return {
    postcode,
    region: snapshot.regionName,
    asOf: snapshot.asOf.toISOString(),
    current: snapshot.current,
    forecast: snapshot.forecast,
  };
}

/** Ingest health for /healthz. */
export function ingestHealth(
  ingest: WeatherIngest,
  faults: FaultController,
  now: number = Date.now(),
): { status: 'ok' | 'stale' | 'down'; lastRunAt: string | null; ageSeconds: number | null } {
  if (faults.has('healthz-hides-stale-weather')) return { status: 'ok', lastRunAt: new Date(now).toISOString(), ageSeconds: 0 };
  // Stryker disable next-line ArithmeticOperator: fault injection (weather-stale): the offset subtracted here is 0 without that fault
  const last = ingest.lastRunAt ? new Date(ingest.lastRunAt.getTime() - (faults.has('weather-stale') ? STALE_OFFSET_MS : 0)) : null;
  const ageSeconds = last ? Math.max(0, Math.round((now - last.getTime()) / 1000)) : null;
  let status: 'ok' | 'stale' | 'down' = 'ok';
  if (faults.has('weather-down') || last === null) status = 'down';
  else if (faults.has('weather-stale') || (ageSeconds ?? 0) * 1000 > Math.max(3 * ingest.intervalMs, 300_000)) status = 'stale';
  return { status, lastRunAt: last ? last.toISOString() : null, ageSeconds };
}
