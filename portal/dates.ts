const BERLIN = 'Europe/Berlin';

const isoDateInBerlin = new Intl.DateTimeFormat('en-CA', {
  timeZone: BERLIN,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) in Europe/Berlin at the given instant. */
export function berlinDate(at: Date = new Date()): string {
  return isoDateInBerlin.format(at);
}

/** Adds whole days to a YYYY-MM-DD date (pure calendar arithmetic, no time zone). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Day of week of a YYYY-MM-DD date, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** True for a syntactically valid, existing calendar date in YYYY-MM-DD form. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The window of allowed delivery dates: tomorrow up to 30 days ahead (Berlin calendar). */
export function deliveryWindow(at: Date = new Date()): { min: string; max: string } {
  const today = berlinDate(at);
  return { min: addDays(today, 1), max: addDays(today, 30) };
}
