/**
 * The benchmark's floor: the critical suite's navigations, form fills, HTTP calls and checks as one plain
 * playwright-core script, one browser, one check after another, with no test runner, no fixtures and no reporting.
 * Inside a check it goes parallel where the suite's check does (the band and edge quotes, the seeded orders). What
 * `npm run smoke` costs beyond this is the price of the runner, isolation (a member and a browser context per test
 * where the floor shares one per flow), evidence and reports.
 *
 * Usage: BASE_URL=http://127.0.0.1:3000 SEED_TOKEN=… tsx bench/floor.ts [--probe]
 * (`--probe` does only the production-safe @probe checks, as `npm run probe` does.)
 * Exits 0 when every check passed, 1 naming the first one that did not.
 */
import { chromium, request, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SYNTHETIC_HEADER } from '../contract';
import { findChromium, CHROMIUM_ARGS } from '../scripts/browser';
import { berlinDate, germanDateTime, PRODUCT_NAMES, PRODUCTS, workingDayAfter, type Product } from '../seed/builders';
import { PLAUSIBLE, SEASONAL_C, WEATHER_REGIONS } from '../seed/weather-rules';
import {
  BAND_QUANTITIES,
  BUSINESS_RULES,
  OUT_OF_RANGE_QUANTITIES,
  expectedQuote,
  priceListSchema,
  ruleDifferences,
  type PriceList,
} from '../seed/pricing';

const baseURL = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const seedToken = process.env.SEED_TOKEN ?? 'firewatch-bundled-portal-token';
const probeOnly = process.argv.includes('--probe');
const headers = { ...SYNTHETIC_HEADER };
const number = new Intl.NumberFormat('de-DE');
const euros = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const RULES = BUSINESS_RULES;

/** The suite's budgets (tests/critical/**), in milliseconds: home page and health, any other page, any API call. */
const BUDGET_MS = { home: 3_000, health: 1_000, page: 5_000, call: 3_000 };
/** Weather data older than this is stale (fixtures/matchers.ts). */
const FRESH_MS = 30 * 60_000;
/** The portal's documented lockout and session lifetime (tests/critical/public/member-login.spec.ts). */
const LOCK_AFTER = 5;
const SESSION_MS = 8 * 60 * 60 * 1000 - 60_000;

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`floor check failed: ${what}`);
}

async function text(page: Page, selector: string): Promise<string> {
  const locator = page.locator(selector).first();
  await locator.waitFor();
  return (await locator.innerText()).trim();
}

const german = (value: string) =>
  Number(
    value
      .replace(/[^\d,−-]/g, '')
      .replace(',', '.')
      .replace('−', '-'),
  );
/** The unit written after a number ("3,5 °C" → "°C"). */
const unitOf = (value: string) =>
  value
    .replace(/\u00a0/g, ' ')
    .replace(/^[^\d]*[\d.,]+\s*/, '')
    .trim();
const germanDate = (iso: string) => iso.split('-').reverse().join('.');
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const inDays = (days: number) => berlinDate(new Date(), days);
const workingDay = (minDays: number) => workingDayAfter(new Date(), minDays);
const isWorkingDay = (iso: string) => ![0, 6].includes(new Date(`${iso}T12:00:00Z`).getUTCDay());
const berlinMonth = (at: Date) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', month: 'numeric' }).format(at)) - 1;

async function seed(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseURL}/api/testdata${path}`, {
    method,
    headers: { authorization: `Bearer ${seedToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  check(response.ok, `seeding ${method} ${path} answered ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

interface Identity {
  firstName: string;
  lastName: string;
  street: string;
  postcode: string;
  town: string;
}
interface Member extends Identity {
  id: string;
  email: string;
  password: string;
  memberNumber: string;
}
interface OrderPlan {
  product: Product;
  quantityLitres: number;
  deliveryDate: string;
  notes: string;
}
interface SeededOrder extends OrderPlan {
  orderNumber: string;
}
interface StoredOrder {
  orderNumber: string;
  product: string;
  quantityLitres: number;
  deliveryDate: string;
  street: string;
  postcode: string;
  town: string;
  total: number;
  status: string;
}

/** The login checks' member. */
const LOGIN_MEMBER: Identity = { firstName: 'Anna', lastName: 'Boden', street: 'Feldweg 3', postcode: '01558', town: 'Großenhain' };
/**
 * The signed-in flows' member, as seed/edge-cases.ts builds it: ä, ö, ü, ß, a capital umlaut and a hyphen in the name,
 * a "…straße", a real leading-zero postcode and a town with ß.
 */
const SESSION_MEMBER: Identity = {
  firstName: 'Jürgen',
  lastName: 'Weißgärber-Öztürk',
  street: 'Lößnitzstraße 12',
  postcode: '01558',
  town: 'Großenhain',
};
/** The second member of the isolation checks (fixtures/members.ts), with three open orders. */
const OTHER_MEMBER: Identity = { firstName: 'Karl', lastName: 'Feldmann', street: 'Am Anger 7', postcode: '04720', town: 'Döbeln' };

let counter = 0;
async function newMember(identity: Identity): Promise<Member> {
  counter += 1;
  const password = 'Floor-Passwort-2026!';
  const email = `floor.${counter}.${Date.now()}@mitglieder.test`;
  const member = (await seed('POST', '/members', { email, password, ...identity })) as { id: string; memberNumber: string };
  return { ...identity, id: member.id, email, password, memberNumber: member.memberNumber };
}

async function seedOrder(member: Member, plan: OrderPlan): Promise<SeededOrder> {
  const { street, postcode, town } = member;
  const stored = (await seed('POST', `/members/${member.id}/orders`, { ...plan, street, postcode, town })) as StoredOrder;
  return { ...plan, orderNumber: stored.orderNumber };
}

const storedOrders = async (member: Member) => (await seed('GET', `/members/${member.id}/orders`)) as StoredOrder[];

/**
 * The session member's orders as seed/edge-cases.ts plans them: every band quantity with the products taken in turn,
 * the first on a day of the month below 10 (its German date shows the leading zero), and two more.
 */
function sessionOrderPlans(): OrderPlan[] {
  const oneDigitDay = Array.from({ length: 27 }, (_, index) => inDays(2 + index)).find(
    (iso) => isWorkingDay(iso) && Number(iso.slice(8)) < 10,
  );
  check(oneDigitDay, 'a working day with a one-digit day in the seeding window');
  return [
    ...BAND_QUANTITIES.map((quantityLitres, index) => ({
      product: PRODUCTS[index % PRODUCTS.length] ?? 'diesel',
      quantityLitres,
      deliveryDate: index === 0 ? oneDigitDay : workingDay(3 + 2 * index),
      notes: '',
    })),
    { product: 'diesel', quantityLitres: 4_200, deliveryDate: workingDay(9), notes: 'Bitte an der Maschinenhalle abladen.' },
    { product: 'heizoel', quantityLitres: 7_300, deliveryDate: workingDay(14), notes: '' },
  ];
}

async function openLogin(page: Page): Promise<void> {
  await page.goto(`${baseURL}/anmelden`);
}

async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-Mail').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await openLogin(page);
  await submitLogin(page, email, password);
}

/** The login form's own request, not followed: GET /anmelden for the CSRF token, then POST; "status location|alert". */
async function postLogin(api: APIRequestContext, email: string, password: string): Promise<string> {
  const form = await api.get(`${baseURL}/anmelden`);
  const answer = await api.post(`${baseURL}/anmelden`, { form: { email, password, _csrf: csrfOf(await form.text()) }, maxRedirects: 0 });
  const alert = /role="alert"[^>]*>([^<]*)</.exec(await answer.text())?.[1] ?? '';
  return `${answer.status()} ${answer.headers().location ?? ''}${alert}`;
}

/** Signing in from a link whose way back leads off the portal lands on member services. */
async function signInWithWayBack(api: APIRequestContext, member: Member, weiter: string): Promise<string> {
  const form = await api.get(`${baseURL}/anmelden?weiter=${encodeURIComponent(weiter)}`);
  const answer = await api.post(`${baseURL}/anmelden`, {
    form: { email: member.email, password: member.password, weiter, _csrf: csrfOf(await form.text()) },
    maxRedirects: 0,
  });
  return `${answer.status()} ${answer.headers().location ?? ''}`;
}

/** Signs in over HTTP as seed/session.ts does (the login form's POST, then member services), in `api`'s cookies. */
async function signInOverHttp(api: APIRequestContext, member: Member): Promise<void> {
  const answer = await postLogin(api, member.email, member.password);
  check(/^303 .*\/mitglied$/.test(answer), `HTTP sign-in answered ${answer}`);
  const services = await api.get(`${baseURL}/mitglied`, { maxRedirects: 0 });
  check(services.status() === 200, 'member services open after the HTTP sign-in');
}

/** The portal's server as the signed-in member calls it past the page, with the CSRF token of the order form (read once). */
async function portalCalls(context: BrowserContext) {
  const csrf = csrfOf(await (await context.request.get(`${baseURL}/diesel`)).text());
  return {
    quote: (fields: Record<string, unknown>) =>
      context.request.post(`${baseURL}/api/diesel/angebot`, { data: fields, headers: { 'X-CSRF-Token': csrf } }),
    submitOrder: (fields: Record<string, string>) =>
      context.request.post(`${baseURL}/diesel`, { form: { ...fields, _csrf: csrf }, maxRedirects: 0 }),
    cancelOrder: (orderNumber: string) =>
      context.request.post(`${baseURL}/bestellungen/${encodeURIComponent(orderNumber)}/stornieren`, {
        form: { _csrf: csrf },
        maxRedirects: 0,
      }),
  };
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function inContext<T>(browser: Browser, body: (context: BrowserContext, page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', extraHTTPHeaders: headers });
  try {
    return await body(context, await context.newPage());
  } finally {
    await context.close();
  }
}

interface WeatherApi {
  region: string;
  asOf: string;
  current: { temperatureC: number; windKmh: number; precipitationMm: number };
  forecast: { date: string; minC: number; maxC: number; precipitationMm: number }[];
}

async function weatherApi(postcode: string): Promise<WeatherApi> {
  const response = await fetch(`${baseURL}/api/weather?postcode=${postcode}`, { headers });
  check(response.status === 200, `weather API for ${postcode} answered ${response.status}`);
  return (await response.json()) as WeatherApi;
}

/** Everything the weather page shows: heading, data time, current values and forecast as the page writes them. */
async function readWeather(page: Page) {
  const heading = await text(page, 'h2');
  const asOf = new Date((await page.getByTestId('weather-as-of').getAttribute('datetime')) ?? 'invalid');
  const asOfText = (await page.getByTestId('weather-as-of').innerText()).trim();
  const [temperature, wind, precipitation] = await Promise.all(
    ['temperature', 'wind', 'precipitation'].map((name) => text(page, `[data-testid="weather-${name}"]`)),
  );
  const forecast: string[][] = [];
  for (const row of await page.getByRole('table', { name: '5-Tage-Vorhersage' }).locator('tbody tr').all()) {
    forecast.push(await row.getByRole('cell').allInnerTexts());
  }
  return { heading, asOf, asOfText, temperature: temperature ?? '', wind: wind ?? '', precipitation: precipitation ?? '', forecast };
}

/**
 * The weather judge of fixtures/weather.ts: the API before and after loading the page, then fresh, the region of the
 * API, physically and seasonally plausible in the units the page claims, and the same data as the API.
 */
async function judgeWeather(page: Page, postcode: string, load: () => Promise<void>, view: string): Promise<void> {
  const before = await weatherApi(postcode);
  await load();
  const shown = await readWeather(page);
  const after = await weatherApi(postcode);
  const days = shown.forecast.map(([date = '', min = '', max = '', rain = '']) => ({ date, min, max, rain }));
  const current = { temperatureC: german(shown.temperature), windKmh: german(shown.wind), precipitationMm: german(shown.precipitation) };

  check(Date.now() - shown.asOf.getTime() <= FRESH_MS, `${view}: weather fresh`);
  check(shown.heading === `Wetter für ${postcode} (${after.region})`, `${view}: region heading as the API`);
  check(shown.asOfText === germanDateTime(shown.asOf), `${view}: the data's time in German time`);
  const units = [
    [shown.temperature, ...days.flatMap((day) => [day.min, day.max])].map(unitOf).every((unit) => unit === '°C'),
    unitOf(shown.wind) === 'km/h',
    [shown.precipitation, ...days.map((day) => day.rain)].map(unitOf).every((unit) => unit === 'mm'),
  ];
  check(units.every(Boolean), `${view}: values in °C, km/h and mm`);
  // Each month's band lies inside the physical bounds: inside the band is plausible on both counts.
  const season = (month: number) => SEASONAL_C[month] ?? [PLAUSIBLE.minC, PLAUSIBLE.maxC];
  const [coldest, warmest] = season(berlinMonth(shown.asOf));
  check(
    current.temperatureC >= coldest &&
      current.temperatureC <= warmest &&
      current.windKmh >= 0 &&
      current.windKmh <= PLAUSIBLE.maxWindKmh &&
      current.precipitationMm >= 0 &&
      current.precipitationMm <= PLAUSIBLE.maxPrecipitationMm,
    `${view}: current weather plausible for the region and month`,
  );
  const monthOf = (date: string) => Number(/^\d{1,2}\.(\d{1,2})\.\d{4}$/.exec(date)?.[1] ?? berlinMonth(shown.asOf) + 1) - 1;
  check(
    days.length === 5 &&
      days.every((day) => {
        const [low, high] = season(monthOf(day.date));
        return german(day.min) >= low && german(day.max) <= high && german(day.min) <= german(day.max);
      }),
    `${view}: five forecast days plausible for their month`,
  );
  const api = [before, after].find((reading) => Date.parse(reading.asOf) === shown.asOf.getTime()) ?? after;
  check(new Date(api.asOf).getTime() === shown.asOf.getTime(), `${view}: same data time as the API`);
  check(JSON.stringify(current) === JSON.stringify(api.current), `${view}: current values as the API`);
  check(
    JSON.stringify(days.map((day) => [german(day.min), german(day.max), german(day.rain)])) ===
      JSON.stringify(api.forecast.map((day) => [day.minC, day.maxC, day.precipitationMm])),
    `${view}: forecast as the API`,
  );
}

async function availability(browser: Browser): Promise<void> {
  await inContext(browser, async (_context, page) => {
    const started = performance.now();
    const response = await page.goto(`${baseURL}/`, { waitUntil: 'domcontentloaded' });
    check(response?.status() === 200, 'home page 200');
    check((await text(page, 'h1')) === 'Agrargenossenschaft Elbtal eG', 'home heading');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Mitgliederbereich' }).waitFor();
    check(performance.now() - started < BUDGET_MS.home, 'home page budget');
  });
  const started = performance.now();
  const health = await fetch(`${baseURL}/healthz`, { headers });
  check(health.status === 200, 'healthz 200');
  const body = (await health.json()) as {
    status: string;
    checks: { store: { status: string }; weatherIngest: { status: string; ageSeconds: number } };
  };
  check(body.status !== 'down' && body.checks.store.status === 'ok', 'healthz store ok');
  check(performance.now() - started < BUDGET_MS.health, 'healthz budget');
  const ingest = body.checks.weatherIngest;
  const weather = await weatherApi('01067');
  check(
    Date.now() - Date.parse(weather.asOf) > 2 * 60_000 || ingest.status === 'ok',
    'an ingest that just ran is not reported stale or down',
  );
  if (!probeOnly) {
    const report = body as { status: string; version?: string; checks: Record<string, { status: string }> };
    const allOk = Object.values(report.checks).every((one) => one.status === 'ok');
    check(report.status === (allOk ? 'ok' : 'degraded'), 'the overall status sums up the checks');
    check(/\S/.test(report.version ?? ''), 'the health report names the version');
    check(/no-store|no-cache|max-age=0/.test(health.headers.get('cache-control') ?? ''), 'the health answer is never cached');
  }
  if (ingest.status !== 'ok') return;
  const answeredAt = Date.parse(health.headers.get('date') ?? '');
  const lastRunAt = Date.parse((ingest as { lastRunAt?: string }).lastRunAt ?? '');
  check(Math.abs(ingest.ageSeconds - (answeredAt - lastRunAt) / 1000) <= 3, "the ingest's age agrees with its last run");
  check(ingest.ageSeconds * 1000 <= FRESH_MS, 'an ingest reported ok is fresh by its own age');
  check((Date.now() - Date.parse(weather.asOf)) / 60_000 <= ingest.ageSeconds / 60 + 5, 'healthz tells the truth about the weather');
}

async function memberLogin(browser: Browser): Promise<void> {
  const member = await newMember(LOGIN_MEMBER);
  try {
    await inContext(browser, async (_context, page) => {
      const openMs = await timed(() => openLogin(page));
      const signInMs = await timed(async () => {
        await submitLogin(page, member.email, member.password);
        await page.waitForURL(/\/mitglied$/);
      });
      check(openMs < BUDGET_MS.page && signInMs < BUDGET_MS.page, 'login page and sign-in within their budgets');
      check((await text(page, 'h1')) === 'Willkommen, Anna Boden', 'welcome');
      check((await text(page, '[data-testid="member-number"]')) === member.memberNumber, 'member number');
    });
    if (!probeOnly) {
      await inContext(browser, async (context) => {
        for (const weiter of ['//elsewhere.example/anmelden', '/\\elsewhere.example/anmelden', '/mitglied\u0001']) {
          check((await signInWithWayBack(context.request, member, weiter)) === '303 /mitglied', 'a way back off the portal is ignored');
        }
      });
      await inContext(browser, async (_context, page) => {
        await signIn(page, member.email, `${member.password}-falsch`);
        check(/\/anmelden/.test(page.url()), 'wrong password stays on the login page');
        await page.goto(`${baseURL}/mitglied`);
        check(/\/anmelden/.test(page.url()), 'member services closed after refused sign-in');
      });
      await inContext(browser, async (_context, page) => {
        await signIn(page, member.email, `${member.password}-falsch`);
        check((await text(page, '[role="alert"]')) === 'E-Mail oder Passwort ist falsch.', 'wrong password message');
      });
    }
    await inContext(browser, async (context, page) => {
      await signIn(page, member.email, member.password);
      await page.getByRole('heading', { name: /^Willkommen,/ }).waitFor();
      const cookies = await context.cookies();
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('button', { name: 'Abmelden' }).click();
      await page.waitForURL(/\/anmelden/);
      check((await text(page, '[role="status"]')) === 'Sie wurden abgemeldet.', 'signed-out notice');
      await context.addCookies(cookies);
      await page.goto(`${baseURL}/mitglied`);
      check(/\/anmelden/.test(page.url()), 'old session closed');
    });
    if (probeOnly) return;

    await inContext(browser, async (_context, page) => {
      await signIn(page, `niemand.${member.email}`, member.password);
      check((await text(page, '[role="alert"]')) === 'E-Mail oder Passwort ist falsch.', 'an unknown e-mail refused as a wrong password');
    });
    await inContext(browser, async (_context, page) => {
      await signIn(page, `${member.email.charAt(0).toUpperCase()}${member.email.slice(1)} `, member.password);
      await page.waitForURL(/\/mitglied$/);
    });

    await inContext(browser, async (_context, page) => {
      await page.goto(`${baseURL}/diesel`);
      check(/\/anmelden\?weiter=%2Fdiesel$/.test(page.url()), 'the order form sends to sign-in, remembering it');
      await submitLogin(page, member.email, member.password.slice(0, -1));
      await page.getByRole('alert').waitFor();
      await submitLogin(page, member.email, member.password);
      await page.waitForURL(/\/diesel$/);
      await page.getByLabel('Liefertermin').waitFor();
    });

    await inContext(browser, async (_context, page) => {
      await signIn(page, member.email, member.password.slice(0, -1));
      await page.getByRole('alert').waitFor();
      await submitLogin(page, member.email, member.password);
      await page.waitForURL(/\/mitglied$/);
      await page.getByRole('heading', { name: /^Willkommen,/ }).waitFor();
    });

    await inContext(browser, async (context, page) => {
      await openLogin(page);
      const before = new Map((await context.cookies()).map((cookie) => [cookie.name, cookie.value]));
      await submitLogin(page, member.email, member.password);
      await page.getByRole('heading', { name: /^Willkommen,/ }).waitFor();
      const signedInAt = Date.now();
      const issued = (await context.cookies()).filter((cookie) => before.get(cookie.name) !== cookie.value);
      check(issued.length > 0, 'a new session cookie at sign-in');
      check(
        issued.every((cookie) => cookie.httpOnly && (cookie.expires === -1 || cookie.expires * 1000 - signedInAt >= SESSION_MS)),
        'the session cookie is HttpOnly and lasts a working day',
      );
      check(!(await page.evaluate(() => document.cookie)).includes(issued[0]?.value ?? '\u0000'), 'page scripts see no session cookie');
    });

    // Last, as it locks the account: four wrong passwords do not lock it, five do.
    const api = await request.newContext({ extraHTTPHeaders: headers });
    try {
      const wrong = async (count: number) => {
        const answers: string[] = [];
        for (let i = 0; i < count; i += 1) answers.push(await postLogin(api, member.email, `${member.password}-falsch-${i}`));
        return answers;
      };
      const four = await wrong(LOCK_AFTER - 1);
      check(
        four.every((answer) => answer === '401 E-Mail oder Passwort ist falsch.'),
        `${LOCK_AFTER - 1} wrong passwords refused as wrong`,
      );
      check(/^303 .*\/mitglied$/.test(await postLogin(api, member.email, member.password)), 'the right password still signs in');
      await wrong(LOCK_AFTER);
      check(/^423 .*gesperrt/.test(await postLogin(api, member.email, member.password)), `${LOCK_AFTER} wrong passwords lock the account`);
    } finally {
      await api.dispose();
    }
  } finally {
    await seed('DELETE', `/members/${member.id}`);
  }
}

async function weather(browser: Browser): Promise<void> {
  await inContext(browser, async (_context, page) => {
    const postcode = '04720';
    await judgeWeather(
      page,
      postcode,
      async () => {
        await page.goto(`${baseURL}/wetter`);
        await page.getByLabel('Postleitzahl').fill(postcode);
        await page.getByRole('button', { name: 'Anzeigen' }).click();
        await page.waitForURL((url) => url.searchParams.get('plz') === postcode);
        await page.getByRole('heading', { level: 2, name: /^Wetter für/ }).waitFor();
      },
      'public weather page',
    );
  });
  await inContext(browser, async (_context, page) => {
    const postcode = '01662';
    const pageMs = await timed(async () => {
      await page.goto(`${baseURL}/wetter`);
      await page.getByLabel('Postleitzahl').fill(postcode);
      await page.getByRole('button', { name: 'Anzeigen' }).click();
      await page.waitForURL((url) => url.searchParams.get('plz') === postcode);
      await page.getByRole('heading', { level: 2, name: /^Wetter für/ }).waitFor();
    });
    const apiMs = await timed(() => weatherApi(postcode));
    check(pageMs < BUDGET_MS.page && apiMs < BUDGET_MS.call, 'weather page and API within their budgets');
  });
  if (probeOnly) return;
  for (const { postcode, region } of WEATHER_REGIONS) {
    const reading = await weatherApi(postcode);
    check(reading.region === region, `the weather for ${postcode} is named ${region}`);
    check(Date.now() - Date.parse(reading.asOf) <= FRESH_MS, `the weather for ${postcode} is fresh`);
    check(
      reading.current.temperatureC >= PLAUSIBLE.minC && reading.current.temperatureC <= PLAUSIBLE.maxC && reading.forecast.length === 5,
      `the weather for ${postcode} is plausible`,
    );
  }
  await inContext(browser, async (_context, page) => {
    const home = 'Wetter für 01067 (Dresden)';
    const region = page.getByRole('heading', { level: 2, name: /^Wetter für/ });
    await page.goto(`${baseURL}/wetter`);
    check((await region.innerText()) === home, 'the weather page opens on the home region');
    check((await page.goto(`${baseURL}/wetter?plz=${encodeURIComponent(' 01067 ')}`))?.status() === 200, 'a postcode with spaces');
    check((await region.innerText()) === home, 'the postcode without its spaces');
    check((await page.goto(`${baseURL}/wetter?plz=0106`))?.status() === 400, 'a four-digit postcode refused');
    check(
      (await page.getByRole('main').getByRole('alert').innerText()) === 'Bitte eine gültige fünfstellige Postleitzahl angeben.',
      'the refused postcode explained',
    );
    const api = await fetch(`${baseURL}/api/weather?postcode=0106`, { headers });
    check(api.status === 400 && ((await api.json()) as { error: string }).error.includes('"0106"'), 'the weather API names it');
  });
}

/** The signed-in member of the flows that are not about login, their seeded orders, and the day's price list. */
interface Session {
  member: Member;
  orders: SeededOrder[];
  prices: PriceList;
  /** Runs `body` in a fresh browser context signed in as the session member. */
  signedIn<T>(body: (context: BrowserContext, page: Page) => Promise<T>): Promise<T>;
}

/** The one order end to end (@probe): own address offered, quote, confirmation, exactly one stored, listed, cancelled. */
async function dieselOrder(session: Session): Promise<void> {
  const { member, prices } = session;
  await session.signedIn(async (context, page) => {
    const quantity = 1500;
    const deliveryDate = workingDay(4);
    const total = expectedQuote(prices.products.diesel!.pricePerLitre, quantity).total;
    await page.goto(`${baseURL}/diesel`);
    check(
      (await page.getByLabel('Straße und Hausnummer').inputValue()) === member.street &&
        (await page.getByLabel('Postleitzahl').inputValue()) === member.postcode &&
        (await page.getByLabel('Ort', { exact: true }).inputValue()) === member.town,
      "the order form offers the member's own address",
    );
    await page.getByLabel('Produkt').selectOption('diesel');
    await page.getByLabel('Menge (Liter)').fill(number.format(quantity));
    await page.getByLabel('Liefertermin').fill(deliveryDate);
    await page.getByRole('button', { name: 'Preis berechnen' }).click();
    check(german(await text(page, '[data-testid="quote-total"]')) === total, 'quote total');
    const before = await storedOrders(member);
    await page.getByRole('button', { name: 'Bestellung absenden' }).click();
    await page.getByRole('heading', { name: 'Bestellung eingegangen' }).waitFor();
    const orderNumber = await text(page, '[data-testid="confirmation-order-number"]');
    check(/^D-\d{4}-\d{6}$/.test(orderNumber), 'order number');
    check(
      (await text(page, '[data-testid="confirmation-product"]')) === PRODUCT_NAMES.diesel &&
        (await text(page, '[data-testid="confirmation-quantity"]')) === `${number.format(quantity)} l` &&
        (await text(page, '[data-testid="confirmation-delivery-date"]')) === germanDate(deliveryDate) &&
        (await text(page, '[data-testid="confirmation-total"]')) === euros.format(total),
      'confirmation as ordered',
    );
    const added = (await storedOrders(member)).filter((order) => !before.some((old) => old.orderNumber === order.orderNumber));
    const { street, postcode, town } = member;
    const expected = {
      orderNumber,
      product: 'diesel',
      quantityLitres: quantity,
      deliveryDate,
      street,
      postcode,
      town,
      total,
      status: 'open',
    };
    check(
      added.length === 1 && Object.entries(expected).every(([key, value]) => added[0]?.[key as keyof StoredOrder] === value),
      'exactly the one order stored, as asked, to the address given',
    );
    await page.goto(`${baseURL}/mitglied`);
    const row = page.getByRole('row').filter({ hasText: orderNumber });
    check((await row.innerText()).includes('Offen'), 'order listed open');
    await page.getByRole('button', { name: `Bestellung ${orderNumber} stornieren` }).click();
    await page.waitForURL(/\/mitglied$/);
    check((await text(page, '[role="status"]')) === `Bestellung ${orderNumber} wurde storniert.`, 'the cancellation confirmed');
    check((await row.innerText()).includes('Storniert'), 'order listed cancelled');
    check((await page.getByRole('button', { name: `Bestellung ${orderNumber} stornieren` }).count()) === 0, 'no cancel button');
    check((await storedOrders(member)).find((order) => order.orderNumber === orderNumber)?.status === 'cancelled', 'stored cancelled');
  });
}

/** The day of the window's last month numbered "00", when that month starts inside the window: a date that does not exist. */
function nonexistentDayInWindow(): string[] {
  const first = inDays(1).slice(0, 7);
  const last = inDays(RULES.deliveryWindowDays).slice(0, 7);
  return first === last ? [] : [`${last}-00`];
}

/** The next Saturday (6) or Sunday (0) at least `minDays` ahead: inside the window, no working day. */
function weekendDayAfter(minDays: number, weekday: 0 | 6): string {
  for (let days = minDays; ; days += 1) {
    const iso = inDays(days);
    if (new Date(`${iso}T12:00:00Z`).getUTCDay() === weekday) return iso;
  }
}

/** An order the rules allow, as the form sends it: the starting point of the rule and door checks. */
function validOrder() {
  return {
    product: 'diesel',
    quantity: '1500',
    street: 'Ostra-Allee 9',
    postcode: '01067',
    town: 'Dresden',
    deliveryDate: workingDay(3),
    notes: '',
  };
}

/** The server's rules: every band quoted by the rules (@probe), every forbidden order refused, every allowed edge accepted. */
async function dieselRules(session: Session): Promise<void> {
  const { member, prices } = session;
  // The band quotes and the price list's rules in probe mode too: quotes store nothing.
  await session.signedIn(async (context) => {
    const { quote, submitOrder } = await portalCalls(context);
    const quotes = await Promise.all(
      PRODUCTS.flatMap((product) =>
        [...BAND_QUANTITIES.map((litres) => [litres, String(litres)] as const), [1500, '1.500'] as const, [12000, '12.000'] as const].map(
          async ([litres, typed]) => {
            const answer = (await (await quote({ product, quantity: typed })).json()) as Record<string, unknown>;
            const expected = { product, quantityLitres: litres, ...expectedQuote(prices.products[product]!.pricePerLitre, litres) };
            return Object.entries(expected).every(([key, value]) => answer[key] === value);
          },
        ),
      ),
    );
    check(quotes.every(Boolean), 'every band quoted by the rules');
    check(ruleDifferences(prices).length === 0, 'price list states the rules');
    // The refused orders are writes: not for production, so not in the probe's subset.
    if (probeOnly) return;
    const valid = validOrder();
    const refused: Partial<typeof valid>[] = [
      ...OUT_OF_RANGE_QUANTITIES.map((litres) => ({ quantity: String(litres) })),
      ...['15.00', '1.5000', '1 5000', '+1500', '+1.500', '+1 500'].map((quantity) => ({ quantity })),
      { postcode: '00000' },
      { postcode: '1234' },
      { postcode: '010677' },
      { street: 'S'.repeat(RULES.maxStreetChars + 1) },
      { town: 'T'.repeat(RULES.maxTownChars + 1) },
      { notes: 'N'.repeat(RULES.maxNotesChars + 1) },
      { deliveryDate: inDays(-1) },
      { deliveryDate: inDays(0) },
      { deliveryDate: weekendDayAfter(2, 6) },
      { deliveryDate: weekendDayAfter(2, 0) },
      { deliveryDate: inDays(RULES.deliveryWindowDays + 1) },
      ...nonexistentDayInWindow().map((deliveryDate) => ({ deliveryDate })),
      { product: 'benzin' },
    ];
    const before = await storedOrders(member);
    for (const change of refused) {
      check((await quote({ ...valid, ...change })).status() === 422, `quote refused: ${JSON.stringify(change).slice(0, 80)}`);
      check((await submitOrder({ ...valid, ...change })).status() === 422, `order refused: ${JSON.stringify(change).slice(0, 80)}`);
    }
    // A quote needs no address; an order does.
    for (const change of [{ street: '' }, { town: '' }]) {
      check((await submitOrder({ ...valid, ...change })).status() === 422, `order refused: ${JSON.stringify(change)}`);
    }
    const after = await storedOrders(member);
    check(
      JSON.stringify(after.map((order) => order.orderNumber)) === JSON.stringify(before.map((order) => order.orderNumber)),
      'nothing stored',
    );

    const edges: [Partial<typeof valid>, number][] = [
      [{ quantity: '1 500' }, 1_500],
      [{ quantity: '12 000' }, 12_000],
      [{ quantity: ' 1.500 ' }, 1_500],
      [{ postcode: '01067' }, 1_500],
      [{ street: 'S'.repeat(RULES.maxStreetChars) }, 1_500],
      [{ town: 'T'.repeat(RULES.maxTownChars) }, 1_500],
      [{ notes: 'N'.repeat(RULES.maxNotesChars) }, 1_500],
      ...[inDays(1), inDays(RULES.deliveryWindowDays)]
        .filter(isWorkingDay)
        .map((deliveryDate): [Partial<typeof valid>, number] => [{ deliveryDate }, 1_500]),
    ];
    const accepted = await Promise.all(
      edges.map(async ([change, litres]) => {
        const answer = await quote({ ...valid, ...change });
        return answer.status() === 200 && (await answer.text()).includes(`"quantityLitres":${litres}`);
      }),
    );
    check(accepted.every(Boolean), 'every order at the edges of the rules quoted for the litres typed');
  });

  if (probeOnly) return;
  await session.signedIn(async (_context, page) => {
    await page.goto(`${baseURL}/diesel`);
    await page.getByLabel('Menge (Liter)').fill('1.500');
    await page.getByLabel('Postleitzahl').fill('01067');
    await page.getByLabel('Liefertermin').fill(workingDay(3));
    await page.getByRole('button', { name: 'Preis berechnen' }).click();
    await page.getByRole('region', { name: 'Preisberechnung' }).waitFor();
    check((await page.getByLabel('Postleitzahl').getAttribute('aria-invalid')) !== 'true', 'leading-zero postcode accepted');
  });
  await session.signedIn(async (_context, page) => {
    await page.goto(`${baseURL}/diesel`);
    await page.getByLabel('Menge (Liter)').fill('30.001');
    await page.getByLabel('Postleitzahl').fill('1234');
    await page.getByLabel('Liefertermin').fill(inDays(-1));
    await page.getByRole('button', { name: 'Bestellung absenden' }).click();
    await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie die markierten Felder.' }).waitFor();
    for (const field of ['Menge (Liter)', 'Postleitzahl', 'Liefertermin']) {
      check((await page.getByLabel(field).getAttribute('aria-invalid')) === 'true', `${field} refused on the page`);
    }
    check(/\/diesel$/.test(page.url()), 'refused order stays on the form');
  });
}

/** Order form, quote and price list within their budgets (@probe). */
async function dieselBudgets(session: Session): Promise<void> {
  await session.signedIn(async (context, page) => {
    const formMs = await timed(async () => {
      await page.goto(`${baseURL}/diesel`);
      await page.getByRole('heading', { name: 'Diesel bestellen', level: 1 }).waitFor();
    });
    let quoteStatus = 0;
    const quoteMs = await timed(async () => {
      const { quote } = await portalCalls(context);
      quoteStatus = (await quote({ product: 'diesel', quantity: '1500', postcode: '01067', deliveryDate: workingDay(3) })).status();
    });
    const pricesMs = await timed(async () => {
      const response = await context.request.get(`${baseURL}/api/preise`);
      check(response.status() === 200, 'price list answers');
      priceListSchema.parse(await response.json());
    });
    check(quoteStatus === 200, 'the quote answers');
    check(
      formMs < BUDGET_MS.page && quoteMs < BUDGET_MS.call && pricesMs < BUDGET_MS.call,
      'order form, quote and price list within budgets',
    );
  });
}

/**
 * Diesel orders belong to their member: another member's order can be neither opened nor cancelled; without a session
 * or with a forged token nothing opens and nothing is ordered; cancelling one order leaves the member's others alone.
 */
async function dieselRecords(browser: Browser, session: Session, other: Member, otherOrders: SeededOrder[]): Promise<void> {
  const [theirs, target] = otherOrders;
  check(theirs && target, "the other member's orders are seeded");
  await session.signedIn(async (context, page) => {
    const opened = await page.goto(`${baseURL}/diesel/bestaetigung/${encodeURIComponent(theirs.orderNumber)}`);
    check(opened?.status() === 404, "another member's confirmation not found");
    check(!(await page.locator('body').innerText()).includes(theirs.orderNumber), "the page names nothing of another member's order");
    const { cancelOrder } = await portalCalls(context);
    check((await cancelOrder(theirs.orderNumber)).status() === 404, "cancelling another member's order refused as not found");
    const stored = await storedOrders(other);
    check(
      stored.length === otherOrders.length &&
        otherOrders.every((order) => stored.some((s) => s.orderNumber === order.orderNumber && s.status === 'open')),
      "the other member's orders all still open, no more",
    );
  });
  await session.signedIn(async (context) => {
    const order = validOrder();
    const before = await storedOrders(session.member);
    const anonymous = await request.newContext({ extraHTTPHeaders: headers });
    try {
      const shut = { maxRedirects: 0 };
      const doors = [
        await anonymous.get(`${baseURL}/diesel`, shut),
        await anonymous.post(`${baseURL}/diesel`, { form: order, ...shut }),
        await anonymous.get(`${baseURL}/diesel/bestaetigung/${encodeURIComponent(before[0]?.orderNumber ?? 'D-2026-000001')}`, shut),
        await anonymous.get(`${baseURL}/mitglied`, shut),
        await anonymous.post(`${baseURL}/bestellungen/${encodeURIComponent(before[0]?.orderNumber ?? 'D-2026-000001')}/stornieren`, shut),
      ];
      check(
        doors.every((answer) => /\/anmelden/.test(answer.headers().location ?? '')),
        'without a session every member door sends to the sign-in',
      );
      check((await anonymous.post(`${baseURL}/api/diesel/angebot`, { data: order })).status() === 401, 'no quote without a session');
    } finally {
      await anonymous.dispose();
    }
    // The member's own session with no token or one from elsewhere: what a page of another site could send in their name.
    for (const token of [{}, { _csrf: 'forged-token' }] as Record<string, string>[]) {
      const sent = await context.request.post(`${baseURL}/diesel`, { form: { ...order, ...token }, maxRedirects: 0 });
      check(sent.status() === 403, 'an order without a token or with a forged one refused');
    }
    const open = before.find((stored) => stored.status === 'open');
    for (const token of [{}, { _csrf: 'forged-token' }] as Record<string, string>[]) {
      const cancel = await context.request.post(`${baseURL}/bestellungen/${encodeURIComponent(open?.orderNumber ?? 'none')}/stornieren`, {
        form: token,
        maxRedirects: 0,
      });
      check(cancel.status() === 403, 'a cancellation without a token or with a forged one refused');
    }
    check(
      (await context.request.post(`${baseURL}/api/diesel/angebot`, { data: order })).status() === 403,
      'a quote without a token refused',
    );
    const forgedQuote = await context.request.post(`${baseURL}/api/diesel/angebot`, {
      data: order,
      headers: { 'X-CSRF-Token': 'forged-token' },
    });
    check(forgedQuote.status() === 403, 'a quote with a forged token refused');
    const after = await storedOrders(session.member);
    check(
      JSON.stringify(after.map((stored) => `${stored.orderNumber} ${stored.status}`)) ===
        JSON.stringify(before.map((stored) => `${stored.orderNumber} ${stored.status}`)),
      "nothing ordered or cancelled in the member's name",
    );
  });
  // The other member signs in (over HTTP, as the suite's fixture does) and cancels one of their own orders.
  await inContext(browser, async (context) => {
    await signInOverHttp(context.request, other);
    const before = await storedOrders(other);
    const { cancelOrder } = await portalCalls(context);
    check((await cancelOrder(target.orderNumber)).status() === 303, "the member's cancellation accepted");
    const after = await storedOrders(other);
    const expected = before.map((order) => (order.orderNumber === target.orderNumber ? { ...order, status: 'cancelled' } : order));
    check(JSON.stringify(after) === JSON.stringify(expected), 'only the cancelled order changed');
  });
}

/** Member services: name, number and services (@probe); every order as seeded; never another's; within budget (@probe). */
async function memberServices(session: Session, otherOrders: SeededOrder[]): Promise<void> {
  const { member, orders } = session;
  const welcome = `Willkommen, ${member.firstName} ${member.lastName}`;
  await session.signedIn(async (_context, page) => {
    await page.goto(`${baseURL}/mitglied`);
    check((await text(page, 'h1')) === welcome, 'member services welcome by the exact name');
    const number = await text(page, '[data-testid="member-number"]');
    check(/^EG-\d{6}$/.test(number) && number === member.memberNumber, 'member number, in the format');
    for (const service of ['Wetter', 'Diesel bestellen', 'Maschinenleasing', 'Mitgliederrabatte']) {
      await page.getByRole('region', { name: 'Ihre Leistungen' }).getByRole('link', { name: service, exact: true }).waitFor();
    }
  });
  if (!probeOnly) {
    await session.signedIn(async (_context, page) => {
      for (const service of ['Wetter', 'Diesel bestellen', 'Maschinenleasing', 'Mitgliederrabatte']) {
        await page.goto(`${baseURL}/mitglied`);
        await page.getByRole('region', { name: 'Ihre Leistungen' }).getByRole('link', { name: service, exact: true }).click();
        check((await page.getByRole('main').getByRole('heading', { level: 1 }).innerText()) === service, `the service ${service} opens`);
      }
      const discounts = await page.getByRole('main').innerText();
      check(
        discounts.includes(`${RULES.memberDiscountRate * 100} %`) &&
          discounts.includes(`ab ${number.format(RULES.largeOrderFromLitres)} Litern ${RULES.largeOrderDiscountRate * 100} %`),
        "the discounts page states the cooperative's discounts",
      );
    });
    await session.signedIn(async (_context, page) => {
      await page.goto(`${baseURL}/mitglied`);
      const table = page.getByRole('table', { name: 'Ihre Bestellungen' });
      await table.waitFor();
      const rows = await table
        .locator('tbody')
        .getByRole('row')
        .evaluateAll((elements) =>
          elements.map((row) =>
            Array.from(row.querySelectorAll('td'), (cell) => (cell as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
          ),
        );
      for (const order of orders) {
        const row = rows.find(([orderNumber]) => orderNumber === order.orderNumber);
        check(
          row?.[1] === PRODUCT_NAMES[order.product] &&
            row[2] === `${number.format(order.quantityLitres)} l` &&
            row[3] === germanDate(order.deliveryDate),
          `order ${order.orderNumber} listed with product, German quantity and date`,
        );
      }
      const numbers = rows.map(([orderNumber = '']) => orderNumber);
      check(JSON.stringify(numbers) === JSON.stringify([...numbers].sort().reverse()), 'the newest order first');
    });
    await session.signedIn(async (_context, page) => {
      await page.goto(`${baseURL}/mitglied`);
      await page.getByRole('heading', { name: /^Willkommen,/ }).waitFor();
      for (const order of orders) await page.getByRole('row').filter({ hasText: order.orderNumber }).waitFor();
      const shown = await page.locator('body').innerText();
      check(
        otherOrders.every((order) => !shown.includes(order.orderNumber)),
        "member services never list another member's orders",
      );
    });
  }
  await session.signedIn(async (_context, page) => {
    const elapsed = await timed(async () => {
      await page.goto(`${baseURL}/mitglied`);
      await page.getByRole('heading', { name: /^Willkommen,/ }).waitFor();
    });
    check(elapsed < BUDGET_MS.page, 'member services within budget');
  });
}

/** The weather page opens on the signed-in member's own region, judged as the public page is (@probe). */
async function memberWeather(session: Session): Promise<void> {
  await session.signedIn(async (_context, page) => {
    await page.goto(`${baseURL}/wetter`);
    check(
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('button', { name: 'Abmelden' }).isVisible(),
      'the portal recognises the member',
    );
    await page.getByRole('heading', { level: 2, name: /^Wetter für/ }).waitFor();
    await judgeWeather(
      page,
      session.member.postcode,
      async () => {
        await page.goto(`${baseURL}/wetter`);
      },
      "member's weather page",
    );
  });
}

async function signedInFlows(browser: Browser): Promise<void> {
  const member = await newMember(SESSION_MEMBER);
  const seeded = [member];
  try {
    // One call per order, all at once, as fixtures/session.ts seeds them (the probe account has no seeded orders).
    const orders = probeOnly ? [] : await Promise.all(sessionOrderPlans().map((plan) => seedOrder(member, plan)));
    const api = await request.newContext({ extraHTTPHeaders: headers });
    const state = await signInOverHttp(api, member).then(() => api.storageState());
    await api.dispose();
    const prices = priceListSchema.parse(await (await fetch(`${baseURL}/api/preise`)).json());
    const session: Session = {
      member,
      orders,
      prices,
      signedIn: async (body) => {
        const context = await browser.newContext({
          storageState: state,
          locale: 'de-DE',
          timezoneId: 'Europe/Berlin',
          extraHTTPHeaders: headers,
        });
        try {
          return await body(context, await context.newPage());
        } finally {
          await context.close();
        }
      },
    };

    await dieselOrder(session);
    await dieselRules(session);
    await dieselBudgets(session);
    await memberWeather(session);
    if (probeOnly) {
      await memberServices(session, []);
      return;
    }
    // The second member, with three orders seeded one after another (fixtures/members.ts).
    const other = await newMember(OTHER_MEMBER);
    seeded.push(other);
    const otherOrders: SeededOrder[] = [];
    for (const plan of [
      { product: 'diesel', quantityLitres: 1_200, deliveryDate: workingDay(5), notes: '' },
      { product: 'heizoel', quantityLitres: 3_400, deliveryDate: workingDay(8), notes: '' },
      { product: 'adblue', quantityLitres: 800, deliveryDate: workingDay(11), notes: '' },
    ] satisfies OrderPlan[]) {
      otherOrders.push(await seedOrder(other, plan));
    }
    await memberServices(session, otherOrders);
    await dieselRecords(browser, session, other, otherOrders);
  } finally {
    for (const { id } of seeded) await seed('DELETE', `/members/${id}`);
  }
}

const choice = findChromium();
const browser = await chromium.launch({
  headless: true,
  args: CHROMIUM_ARGS,
  ...(choice.executablePath ? { executablePath: choice.executablePath } : {}),
});
try {
  await availability(browser);
  await memberLogin(browser);
  await weather(browser);
  await signedInFlows(browser);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
