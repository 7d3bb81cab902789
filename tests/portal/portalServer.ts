import { test as base, expect } from '@playwright/test';
import { createPortal, type Portal, type PortalOptions } from '../../portal/app';
import { addDays, berlinDate, dayOfWeek } from '../../portal/dates';
import { TEST_PASSWORD_COST } from '../support/processes';

export const SEED_TOKEN = 'portal-test-seed-token';
export const DEMO = { email: 'demo@elbtal-agrar.de', password: 'Elbtal-Demo-2026' };

/** A portal running in-process on a random port. */
export interface RunningPortal {
  portal: Portal;
  url: string;
}

/** A visitor with its own cookie jar, talking plain HTTP to the portal (redirects are not followed). */
export class Visitor {
  private cookies = new Map<string, string>();
  lastHtml = '';

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The session cookie currently held, if any. */
  get sessionCookie(): string | undefined {
    return this.cookies.get('portal_session');
  }

  /** Replaces the held session cookie (to replay an old one). */
  useSessionCookie(value: string): void {
    this.cookies.set('portal_session', value);
  }

  /** Sends a request with the jar's cookies and stores the cookies set by the answer. */
  async request(path: string, init: RequestInit = {}): Promise<Response & { body_: string }> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      if (/max-age=0/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    const text = await response.text();
    if ((response.headers.get('content-type') ?? '').includes('text/html')) this.lastHtml = text;
    return Object.assign(response, { body_: text });
  }

  /** GET a page. */
  get(path: string): ReturnType<Visitor['request']> {
    return this.request(path);
  }

  /** The CSRF token of the last HTML page seen. */
  csrf(): string {
    const token = /name="_csrf" value="([^"]*)"/.exec(this.lastHtml)?.[1];
    if (!token) throw new Error(`No _csrf field in the last page: ${this.lastHtml.slice(0, 300)}`);
    return token;
  }

  /** POST a form; `_csrf` is taken from the last page unless given. */
  postForm(path: string, fields: Record<string, string>, csrf: string | null = this.csrf()): ReturnType<Visitor['request']> {
    const body = new URLSearchParams({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields });
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }

  /** POST JSON with the page's CSRF token in X-CSRF-Token. */
  postJson(path: string, body: unknown, csrf: string | null = this.csrf()): ReturnType<Visitor['request']> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(csrf === null ? {} : { 'x-csrf-token': csrf }) },
      body: JSON.stringify(body),
    });
  }

  /** Signs in through the login form; returns the POST answer. */
  async login(email: string, password: string): ReturnType<Visitor['request']> {
    await this.get('/anmelden');
    return this.postForm('/anmelden', { email, password, weiter: '' });
  }
}

/** Calls the test-data or admin API with the bearer token. */
export async function api(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: unknown }> {
  const token = init.token === undefined ? SEED_TOKEN : init.token;
  const response = await fetch(new URL(path, url), {
    method: init.method ?? 'GET',
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** Switches the portal's faults through the admin endpoint. */
export async function setFaults(url: string, active: string[]): Promise<void> {
  const answer = await api(url, '/api/admin/faults', { method: 'PUT', body: { active } });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
}

let memberCounter = 0;

/** Creates a fresh member through the test-data API. */
export async function createMember(
  url: string,
  overrides: Partial<Record<'email' | 'password' | 'postcode' | 'town' | 'street', string>> = {},
): Promise<{ id: string; memberNumber: string; email: string; password: string; postcode: string }> {
  memberCounter += 1;
  const password = overrides.password ?? 'Test-Passwort-1';
  const body = {
    email: `mitglied-${process.pid}-${memberCounter}-${Date.now()}@example.test`,
    firstName: 'Karl',
    lastName: 'Testmann',
    street: 'Dorfstraße 5',
    postcode: '01067',
    town: 'Dresden',
    ...overrides,
    password,
  };
  const answer = await api(url, '/api/testdata/members', { method: 'POST', body });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return { ...(answer.json as { id: string; memberNumber: string; email: string; postcode: string }), password };
}

/** Delivery dates relative to today in Berlin: the next working day, a weekend day in range, and out-of-range days. */
export function deliveryDates(): { workingDay: string; weekend: string; past: string; tooLate: string; today: string } {
  const today = berlinDate();
  let workingDay = addDays(today, 1);
  while ([0, 6].includes(dayOfWeek(workingDay))) workingDay = addDays(workingDay, 1);
  let weekend = addDays(today, 1);
  while (![0, 6].includes(dayOfWeek(weekend))) weekend = addDays(weekend, 1);
  return { workingDay, weekend, past: addDays(today, -1), tooLate: addDays(today, 31), today };
}

/** Formats YYYY-MM-DD as the portal shows it (24.11.2026). */
export function germanDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

export const test = base.extend<{ portalOptions: Partial<PortalOptions>; running: RunningPortal }>({
  portalOptions: [{}, { option: true }],
  running: async ({ portalOptions }, use) => {
    const portal = createPortal({
      mode: 'development',
      faults: [],
      seedToken: SEED_TOKEN,
      slowMs: 400,
      passwordCost: TEST_PASSWORD_COST,
      ...portalOptions,
    });
    const server = await portal.start(0);
    await use({ portal, url: server.url });
    await portal.stop();
  },
});

export { expect };
