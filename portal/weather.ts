import { createHash } from 'node:crypto';
import { addDays, berlinDate } from './dates';

export const REGION_NAMES: Record<string, string> = {
  '01': 'Dresden',
  '02': 'Görlitz',
  '04': 'Leipzig',
  '06': 'Halle (Saale)',
  '07': 'Gera',
  '08': 'Zwickau',
  '09': 'Chemnitz',
  '10': 'Berlin',
  '20': 'Hamburg',
  '39': 'Magdeburg',
  '50': 'Köln',
  '60': 'Frankfurt am Main',
  '80': 'München',
  '99': 'Erfurt',
};

export interface WeatherCurrent {
  temperatureC: number;
  windKmh: number;
  precipitationMm: number;
}

export interface ForecastDay {
  date: string;
  minC: number;
  maxC: number;
  precipitationMm: number;
}

/** One region's weather as stored by the ingest job. */
export interface WeatherSnapshot {
  region: string;
  regionName: string;
  asOf: Date;
  current: WeatherCurrent;
  forecast: ForecastDay[];
}

/** Region code (first two digits) and its display name for a postcode. */
export function regionOf(postcode: string): { code: string; name: string } {
  const code = postcode.slice(0, 2);
  return { code, name: REGION_NAMES[code] ?? `Region ${code}` };
}

// Stryker disable all: the simulated weather provider's numbers (any plausible value is as right as another); what the portal does with them stays mutated
const round1 = (value: number): number => {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? 0 : rounded;
};

/** Deterministic numbers in [0, 1) from a key, so page and API agree for the same region and hour. */
function random(key: string): () => number {
  let counter = 0;
  return () => {
    const digest = createHash('sha256').update(`${key}#${counter}`).digest();
    counter += 1;
    return digest.readUInt32BE(0) / 2 ** 32;
  };
}

/** Dresden's mean air temperature per month, January first (°C): the simulated feed follows the seasons. */
const MONTHLY_MEAN_C = [0, 1, 5, 9, 14, 17, 19, 19, 15, 10, 5, 1];
const monthlyMeanC = (isoDate: string) => MONTHLY_MEAN_C[Number(isoDate.slice(5, 7)) - 1] ?? 10;

/** The simulated provider feed: plausible values for a region at a given hour, for the time of year. */
export function providerFeed(region: string, at: Date): WeatherSnapshot {
  const hour = Math.floor(at.getTime() / 3_600_000);
  const next = random(`${region}@${hour}`);
  const today = berlinDate(at);
  const current: WeatherCurrent = {
    temperatureC: round1(monthlyMeanC(today) - 4 + next() * 10),
    windKmh: Math.round(4 + next() * 30),
    precipitationMm: next() < 0.6 ? 0 : round1(next() * 3),
  };
  // Stryker restore all
  const forecast: ForecastDay[] = [1, 2, 3, 4, 5].map((offset) => {
    const date = addDays(today, offset);
    // Stryker disable all: the simulated weather provider's numbers
    const day = random(`${region}@${date}`);
    const minC = round1(monthlyMeanC(date) - 6 + day() * 8);
    // Stryker restore all
    return {
      date,
      minC,
      // Stryker disable next-line all: the simulated weather provider's numbers
      maxC: round1(minC + 2 + day() * 6),
      // Stryker disable next-line all: the simulated weather provider's numbers
      precipitationMm: day() < 0.4 ? 0 : round1(day() * 8),
    };
  });
  return { region, regionName: REGION_NAMES[region] ?? `Region ${region}`, asOf: at, current, forecast };
}

/** Periodically ingests the provider feed into per-region snapshots. */
export class WeatherIngest {
  private readonly snapshots = new Map<string, WeatherSnapshot>();
  private timer: NodeJS.Timeout | null = null;
  lastRunAt: Date | null = null;

  constructor(readonly intervalMs: number) {}

  /** Runs one ingest now, then every `intervalMs`. */
  start(): void {
    this.runOnce();
    this.timer = setInterval(() => this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the ingest timer. */
  // Stryker disable all: shutting the portal down is the harness's plumbing
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  // Stryker restore all
  /** Fetches the feed for every region and replaces the stored snapshots. */
  runOnce(now: Date = new Date()): void {
    for (let i = 0; i < 100; i += 1) {
      const region = String(i).padStart(2, '0');
      this.snapshots.set(region, providerFeed(region, now));
    }
    this.lastRunAt = now;
  }

  /** The stored snapshot for a postcode's region. */
  snapshotFor(postcode: string): WeatherSnapshot | undefined {
    return this.snapshots.get(regionOf(postcode).code);
  }
}
