const litres = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const oneDecimal = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const upToOneDecimal = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const noNegativeZero = (value: number): number => (Object.is(value, -0) || Math.abs(value) < 0.05 ? 0 : value);

/** "1.500 l" */
export function formatLitres(quantity: number): string {
  return `${litres.format(quantity)} l`;
}

/** "1.234,56 €" from integer cents. */
export function formatCents(cents: number): string {
  return euro.format(cents / 100);
}

/** "24.11.2026" from "2026-11-24". */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/** "23.11.2026, 09:40 Uhr" in Europe/Berlin. */
export function formatDateTime(at: Date): string {
  return `${dateTime.format(at)} Uhr`;
}

/** "3,4 °C" */
export function formatCelsius(value: number): string {
  return `${oneDecimal.format(noNegativeZero(value))} °C`;
}

/** "0,4 mm" */
export function formatMillimetres(value: number): string {
  return `${oneDecimal.format(noNegativeZero(value))} mm`;
}

/** "12 km/h" (one decimal only when the value has one). */
export function formatKmh(value: number): string {
  return `${upToOneDecimal.format(value)} km/h`;
}
