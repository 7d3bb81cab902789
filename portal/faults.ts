export const FAULTS = [
  'instance-down',
  'slow-backend',
  'login-broken',
  'session-lost',
  'member-services-missing',
  'diesel-submit-500',
  'diesel-field-missing',
  'diesel-price-wrong',
  'diesel-rejects-valid-postcode',
  'diesel-js-error',
  'weather-stale',
  'weather-down',
  'weather-implausible',
  'diesel-discount-boundary',
  'diesel-price-list-wrong',
  'diesel-server-accepts-invalid',
  'diesel-double-order',
  'weather-member-region-wrong',
  'healthz-hides-stale-weather',
  'login-error-message-missing',
  'orders-unscoped',
] as const;

export type FaultName = (typeof FAULTS)[number];

export const FAULT_DESCRIPTIONS: Record<FaultName, string> = {
  'instance-down': 'Every route except the admin and test-data APIs answers 503; /healthz reports "down".',
  'slow-backend': 'Member pages, the diesel order, the weather and their APIs answer only after slowMs (default 20 s).',
  'login-broken': 'POST /anmelden answers 500 "Interner Fehler" for every login.',
  'session-lost': 'Login sets a cookie, but the session is never found again: member pages redirect to /anmelden.',
  'member-services-missing': '/mitglied renders without the "Ihre Leistungen" section.',
  'diesel-submit-500': 'POST /diesel answers 500 "Interner Fehler"; the price quote still works.',
  'diesel-field-missing': 'The "Liefertermin" field is missing from the diesel form, so every order is refused.',
  'diesel-price-wrong': 'VAT is computed on the subtotal before discount and delivery fee (quote, order and confirmation).',
  'diesel-rejects-valid-postcode': 'Postcodes with a leading zero (e.g. 01067 Dresden) are refused in the diesel form.',
  'diesel-js-error': '/static/diesel.js throws at load, so "Preis berechnen" and "Bestellung absenden" do nothing.',
  'weather-stale': 'Weather page and API serve data that is 6 hours old; /healthz weatherIngest is "stale".',
  'weather-down': '/wetter and /api/weather answer 503; /healthz weatherIngest is "down" (overall "degraded").',
  'weather-implausible': 'The weather feed delivers implausible values: 85 °C and wind of −5 km/h.',
  'diesel-discount-boundary': 'The 5 % large-order discount starts above 10.000 l instead of at 10.000 l (quote, order and confirmation).',
  'diesel-price-list-wrong':
    'GET /api/preise publishes a 5 % member discount and a 1.000 l free-delivery threshold; quotes still use the real rules.',
  'diesel-server-accepts-invalid':
    'POST /diesel and the quote API take any whole quantity, any postcode and any delivery date; only the page script still refuses them.',
  'diesel-double-order': 'POST /diesel stores every order twice (one confirmation, two orders).',
  'weather-member-region-wrong':
    "/wetter for a signed-in member names the member's postcode but shows the weather and region of 01067 Dresden.",
  'healthz-hides-stale-weather':
    'The weather ingest stalls (data 20 minutes old) while /healthz keeps reporting weatherIngest "ok" with the current time.',
  'login-error-message-missing': 'A refused sign-in shows no error message (the member is still refused).',
  'orders-unscoped':
    "The order queries lost their member: member services list every member's orders, and any signed-in member opens and cancels any order by its number.",
};

/** Returns true when `name` is one of the known fault names. */
export function isFaultName(name: string): name is FaultName {
  return (FAULTS as readonly string[]).includes(name);
}

/** Holds the set of active faults; switched at start-up and at run time through the admin API. */
export class FaultController {
  private readonly active = new Set<FaultName>();

  constructor(initial: readonly FaultName[] = []) {
    this.set(initial);
  }

  /** Whether the given fault is currently switched on. */
  has(name: FaultName): boolean {
    return this.active.has(name);
  }

  /** The active faults in declaration order. */
  list(): FaultName[] {
    return FAULTS.filter((name) => this.active.has(name));
  }

  /** Replaces the active set; unknown names throw so callers can report them. */
  set(names: readonly string[]): void {
    const unknown = names.filter((name) => !isFaultName(name));
    if (unknown.length > 0) {
      throw new Error(`Unknown fault name(s): ${unknown.join(', ')}. Allowed: ${FAULTS.join(', ')}`);
    }
    this.active.clear();
    for (const name of names) this.active.add(name as FaultName);
  }
}
