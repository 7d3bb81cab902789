/**
 * The benchmark's floor: the critical suite's navigations, form fills and checks as one plain playwright-core
 * script, one browser, one check after another, with no test runner, no fixtures and no reporting. What
 * `npm run smoke` costs beyond this is the price of the runner, isolation, evidence and reports.
 *
 * Usage: BASE_URL=http://127.0.0.1:3000 SEED_TOKEN=… tsx bench/floor.ts [--probe]
 * (`--probe` does only the production-safe @probe checks, as `npm run probe` does.)
 * Exits 0 when every check passed, 1 naming the first one that did not.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium, CHROMIUM_ARGS } from '../scripts/browser';

const baseURL = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const seedToken = process.env.SEED_TOKEN ?? 'firewatch-bundled-portal-token';
const probeOnly = process.argv.includes('--probe');
const headers = { 'X-Synthetic-Probe': 'firewatch' };
const number = new Intl.NumberFormat('de-DE');
const euros = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`floor check failed: ${what}`);
}

async function text(page: Page, selector: string): Promise<string> {
  const locator = page.locator(selector).first();
  await locator.waitFor();
  return (await locator.innerText()).trim();
}

const german = (value: string) => Number(value.replace(/[^\d,−-]/g, '').replace(',', '.').replace('−', '-'));

async function seed(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${baseURL}/api/testdata${path}`, {
    method,
    headers: { authorization: `Bearer ${seedToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  check(response.ok, `seeding ${method} ${path} answered ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

let counter = 0;
async function newMember(): Promise<{ id: string; email: string; password: string; memberNumber: string }> {
  counter += 1;
  const password = 'Floor-Passwort-2026!';
  const email = `floor.${counter}.${Date.now()}@mitglieder.test`;
  const member = await seed('POST', '/members', { email, password, firstName: 'Anna', lastName: 'Boden', street: 'Feldweg 3', postcode: '01558', town: 'Großenhain' });
  return { id: member.id, email, password, memberNumber: member.memberNumber };
}

function workingDay(minDays: number): string {
  for (let days = minDays; ; days += 1) {
    const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(Date.now() + days * 86_400_000));
    const weekday = new Date(`${iso}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return iso;
  }
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseURL}/anmelden`);
  await page.getByLabel('E-Mail').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

async function inContext<T>(browser: Browser, body: (context: BrowserContext, page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', extraHTTPHeaders: headers });
  try {
    return await body(context, await context.newPage());
  } finally {
    await context.close();
  }
}

async function availability(browser: Browser): Promise<void> {
  await inContext(browser, async (_context, page) => {
    const started = performance.now();
    const response = await page.goto(`${baseURL}/`, { waitUntil: 'domcontentloaded' });
    check(response?.status() === 200, 'home page 200');
    check((await text(page, 'h1')) === 'Agrargenossenschaft Elbtal eG', 'home heading');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Mitgliederbereich' }).waitFor();
    check(performance.now() - started < 3000, 'home page budget');
  });
  const started = performance.now();
  const health = await fetch(`${baseURL}/healthz`, { headers });
  check(health.status === 200, 'healthz 200');
  const body = (await health.json()) as { status: string; checks: { store: { status: string } } };
  check(body.status !== 'down' && body.checks.store.status === 'ok', 'healthz store ok');
  check(performance.now() - started < 1000, 'healthz budget');
}

async function memberLogin(browser: Browser): Promise<void> {
  const member = await newMember();
  try {
    await inContext(browser, async (_context, page) => {
      await signIn(page, member.email, member.password);
      await page.waitForURL(/\/mitglied$/);
      check((await text(page, 'h1')) === 'Willkommen, Anna Boden', 'welcome');
      check((await text(page, '[data-testid="member-number"]')) === member.memberNumber, 'member number');
    });
    if (!probeOnly) {
      await inContext(browser, async (_context, page) => {
        await signIn(page, member.email, `${member.password}-falsch`);
        check((await text(page, '[role="alert"]')) === 'E-Mail oder Passwort ist falsch.', 'wrong password message');
        await page.goto(`${baseURL}/mitglied`);
        check(/\/anmelden/.test(page.url()), 'member services closed after refused sign-in');
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
  } finally {
    await seed('DELETE', `/members/${member.id}`);
  }
}

async function weather(browser: Browser): Promise<void> {
  await inContext(browser, async (_context, page) => {
    const postcode = '04720';
    await page.goto(`${baseURL}/wetter`);
    await page.getByLabel('Postleitzahl').fill(postcode);
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL((url) => url.searchParams.get('plz') === postcode);
    const api = (await (await fetch(`${baseURL}/api/weather?postcode=${postcode}`, { headers })).json()) as {
      asOf: string;
      current: { temperatureC: number; windKmh: number; precipitationMm: number };
      forecast: { minC: number; maxC: number }[];
    };
    check((await text(page, 'h2')).includes(postcode), 'region heading');
    const asOf = await page.getByTestId('weather-as-of').getAttribute('datetime');
    check(asOf && Date.now() - Date.parse(asOf) < 30 * 60_000, 'weather fresh');
    check(new Date(asOf).toISOString() === new Date(api.asOf).toISOString(), 'same data time as the API');
    check(german(await text(page, '[data-testid="weather-temperature"]')) === api.current.temperatureC, 'temperature as API');
    check(german(await text(page, '[data-testid="weather-wind"]')) === api.current.windKmh, 'wind as API');
    check(german(await text(page, '[data-testid="weather-precipitation"]')) === api.current.precipitationMm, 'precipitation as API');
    const rows = await page.getByRole('table', { name: '5-Tage-Vorhersage' }).locator('tbody tr').all();
    check(rows.length === 5 && api.forecast.length === 5, 'five forecast days');
    for (const [index, row] of rows.entries()) {
      const cells = await row.getByRole('cell').allInnerTexts();
      check(german(cells[1] ?? '') === api.forecast[index]?.minC && german(cells[2] ?? '') === api.forecast[index]?.maxC, 'forecast as API');
    }
  });
}

async function signedInFlows(browser: Browser): Promise<void> {
  const member = await newMember();
  const seeded: { orderNumber: string; quantityLitres: number }[] = [];
  for (const quantityLitres of [1200, 3400]) {
    seeded.push(await seed('POST', `/members/${member.id}/orders`, { product: 'diesel', quantityLitres, deliveryDate: workingDay(3) }));
  }
  try {
    const state = await inContext(browser, async (context, page) => {
      await signIn(page, member.email, member.password);
      await page.waitForURL(/\/mitglied$/);
      return context.storageState();
    });
    const signedIn = <T>(body: (context: BrowserContext, page: Page) => Promise<T>) =>
      browser.newContext({ storageState: state, locale: 'de-DE', timezoneId: 'Europe/Berlin', extraHTTPHeaders: headers }).then(async (context) => {
        try {
          return await body(context, await context.newPage());
        } finally {
          await context.close();
        }
      });

    await signedIn(async (_context, page) => {
      const prices = (await (await fetch(`${baseURL}/api/preise`)).json()) as { products: Record<string, { pricePerLitre: number }> };
      const quantity = 1500;
      const subtotal = Math.round(quantity * prices.products.diesel!.pricePerLitre * 100);
      const discount = Math.round(subtotal * 0.03);
      const net = subtotal - discount + 4900;
      const total = net + Math.round(net * 0.19);
      await page.goto(`${baseURL}/diesel`);
      await page.getByLabel('Produkt').selectOption('diesel');
      await page.getByLabel('Menge (Liter)').fill(number.format(quantity));
      await page.getByLabel('Liefertermin').fill(workingDay(4));
      await page.getByRole('button', { name: 'Preis berechnen' }).click();
      check(german(await text(page, '[data-testid="quote-total"]')) === total / 100, 'quote total');
      await page.getByRole('button', { name: 'Bestellung absenden' }).click();
      await page.getByRole('heading', { name: 'Bestellung eingegangen' }).waitFor();
      const orderNumber = await text(page, '[data-testid="confirmation-order-number"]');
      check(/^D-\d{4}-\d{6}$/.test(orderNumber), 'order number');
      check((await text(page, '[data-testid="confirmation-total"]')) === euros.format(total / 100), 'confirmed total');
      await page.goto(`${baseURL}/mitglied`);
      const row = page.getByRole('row').filter({ hasText: orderNumber });
      check((await row.innerText()).includes('Offen'), 'order listed open');
      await page.getByRole('button', { name: `Bestellung ${orderNumber} stornieren` }).click();
      await page.getByRole('status').filter({ hasText: orderNumber }).waitFor();
    });

    if (!probeOnly) {
      await signedIn(async (_context, page) => {
        await page.goto(`${baseURL}/diesel`);
        await page.getByLabel('Menge (Liter)').fill('1.500');
        await page.getByLabel('Postleitzahl').fill('01067');
        await page.getByLabel('Liefertermin').fill(workingDay(3));
        await page.getByRole('button', { name: 'Preis berechnen' }).click();
        await page.getByRole('region', { name: 'Preisberechnung' }).waitFor();
        check((await page.getByLabel('Postleitzahl').getAttribute('aria-invalid')) !== 'true', 'leading-zero postcode accepted');
      });
      await signedIn(async (_context, page) => {
        await page.goto(`${baseURL}/diesel`);
        await page.getByLabel('Menge (Liter)').fill('30.001');
        await page.getByLabel('Postleitzahl').fill('1234');
        await page.getByRole('button', { name: 'Bestellung absenden' }).click();
        await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie die markierten Felder.' }).waitFor();
        check((await page.getByLabel('Postleitzahl').getAttribute('aria-invalid')) === 'true', 'bad postcode refused');
        check(/\/diesel$/.test(page.url()), 'refused order stays on the form');
      });
    }

    await signedIn(async (_context, page) => {
      await page.goto(`${baseURL}/mitglied`);
      check((await text(page, 'h1')) === 'Willkommen, Anna Boden', 'member services welcome');
      for (const service of ['Wetter', 'Diesel bestellen', 'Maschinenleasing', 'Mitgliederrabatte']) {
        await page.getByRole('region', { name: 'Ihre Leistungen' }).getByRole('link', { name: service, exact: true }).waitFor();
      }
      if (!probeOnly) {
        for (const order of seeded) check((await page.getByRole('row').filter({ hasText: order.orderNumber }).innerText()).includes(`${number.format(order.quantityLitres)} l`), 'order listed');
      }
    });
  } finally {
    await seed('DELETE', `/members/${member.id}`);
  }
}

const choice = findChromium();
const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(choice.executablePath ? { executablePath: choice.executablePath } : {}) });
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
