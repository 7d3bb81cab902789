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
import { SYNTHETIC_HEADER } from '../contract';
import { findChromium, CHROMIUM_ARGS } from '../scripts/browser';
import { BAND_QUANTITIES, OUT_OF_RANGE_QUANTITIES, expectedQuote, priceListSchema, ruleDifferences } from '../seed/pricing';

const baseURL = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const seedToken = process.env.SEED_TOKEN ?? 'firewatch-bundled-portal-token';
const probeOnly = process.argv.includes('--probe');
const headers = { ...SYNTHETIC_HEADER };
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

const german = (value: string) =>
  Number(
    value
      .replace(/[^\d,−-]/g, '')
      .replace(',', '.')
      .replace('−', '-'),
  );

async function seed(method: string, path: string, body?: unknown): Promise<unknown> {
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
  const member = (await seed('POST', '/members', {
    email,
    password,
    firstName: 'Anna',
    lastName: 'Boden',
    street: 'Feldweg 3',
    postcode: '01558',
    town: 'Großenhain',
  })) as { id: string; memberNumber: string };
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
  const ingest = (body.checks as unknown as { weatherIngest: { status: string; ageSeconds: number } }).weatherIngest;
  const weather = (await (await fetch(`${baseURL}/api/weather?postcode=01067`, { headers })).json()) as { asOf: string };
  check(
    ingest.status !== 'ok' || (Date.now() - Date.parse(weather.asOf)) / 60_000 <= ingest.ageSeconds / 60 + 5,
    'healthz tells the truth about the weather',
  );
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
    check((await text(page, 'h2')) === `Wetter für ${postcode} (${(api as unknown as { region: string }).region})`, 'region heading');
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
      check(
        german(cells[1] ?? '') === api.forecast[index]?.minC && german(cells[2] ?? '') === api.forecast[index]?.maxC,
        'forecast as API',
      );
    }
  });
}

async function signedInFlows(browser: Browser): Promise<void> {
  const member = await newMember();
  const seeded: { orderNumber: string; quantityLitres: number }[] = [];
  for (const quantityLitres of [1200, 3400]) {
    seeded.push(
      (await seed('POST', `/members/${member.id}/orders`, { product: 'diesel', quantityLitres, deliveryDate: workingDay(3) })) as {
        orderNumber: string;
        quantityLitres: number;
      },
    );
  }
  try {
    const state = await inContext(browser, async (context, page) => {
      await signIn(page, member.email, member.password);
      await page.waitForURL(/\/mitglied$/);
      return context.storageState();
    });
    const signedIn = <T>(body: (context: BrowserContext, page: Page) => Promise<T>) =>
      browser
        .newContext({ storageState: state, locale: 'de-DE', timezoneId: 'Europe/Berlin', extraHTTPHeaders: headers })
        .then(async (context) => {
          try {
            return await body(context, await context.newPage());
          } finally {
            await context.close();
          }
        });

    const prices = priceListSchema.parse(await (await fetch(`${baseURL}/api/preise`)).json());
    const storedOrders = async () =>
      (await seed('GET', `/members/${member.id}/orders`)) as {
        orderNumber: string;
        quantityLitres: number;
        total: number;
        status: string;
      }[];
    await signedIn(async (context, page) => {
      const quantity = 1500;
      const total = expectedQuote(prices.products.diesel!.pricePerLitre, quantity).total;
      await page.goto(`${baseURL}/diesel`);
      await page.getByLabel('Produkt').selectOption('diesel');
      await page.getByLabel('Menge (Liter)').fill(number.format(quantity));
      await page.getByLabel('Liefertermin').fill(workingDay(4));
      await page.getByRole('button', { name: 'Preis berechnen' }).click();
      check(german(await text(page, '[data-testid="quote-total"]')) === total, 'quote total');
      const before = await storedOrders();
      await page.getByRole('button', { name: 'Bestellung absenden' }).click();
      await page.getByRole('heading', { name: 'Bestellung eingegangen' }).waitFor();
      const orderNumber = await text(page, '[data-testid="confirmation-order-number"]');
      check(/^D-\d{4}-\d{6}$/.test(orderNumber), 'order number');
      check((await text(page, '[data-testid="confirmation-total"]')) === euros.format(total), 'confirmed total');
      const added = (await storedOrders()).filter((order) => !before.some((old) => old.orderNumber === order.orderNumber));
      check(added.length === 1 && added[0]?.orderNumber === orderNumber && added[0].total === total, 'exactly the one order stored');
      await page.goto(`${baseURL}/mitglied`);
      const row = page.getByRole('row').filter({ hasText: orderNumber });
      check((await row.innerText()).includes('Offen'), 'order listed open');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.content())?.[1] ?? '';
      await context.request.post(`${baseURL}/bestellungen/${orderNumber}/stornieren`, { form: { _csrf: csrf }, maxRedirects: 0 });
      await page.goto(`${baseURL}/mitglied`);
      check((await row.innerText()).includes('Storniert'), 'order listed cancelled');
      check((await page.getByRole('button', { name: `Bestellung ${orderNumber} stornieren` }).count()) === 0, 'no cancel button');
      check((await storedOrders()).find((order) => order.orderNumber === orderNumber)?.status === 'cancelled', 'stored cancelled');
    });

    // The band quotes and the price list's rules in probe mode too: quotes store nothing.
    await signedIn(async (context) => {
      const form = await context.request.get(`${baseURL}/diesel`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const quote = (fields: Record<string, unknown>) =>
        context.request.post(`${baseURL}/api/diesel/angebot`, { data: fields, headers: { 'X-CSRF-Token': csrf } });
      const quotes = await Promise.all(
        (['diesel', 'heizoel', 'adblue'] as const).flatMap((product) =>
          [...BAND_QUANTITIES.map((litres) => [litres, String(litres)] as const), [1500, '1.500'] as const, [12000, '12.000'] as const].map(
            async ([litres, typed]) => {
              const answer = (await (await quote({ product, quantity: typed })).json()) as { total: number };
              return answer.total === expectedQuote(prices.products[product]!.pricePerLitre, litres).total;
            },
          ),
        ),
      );
      check(quotes.every(Boolean), 'every band quoted by the rules');
      check(ruleDifferences(prices).length === 0, 'price list states the rules');
      // The refused orders are writes: not for production, so not in the probe's subset.
      if (probeOnly) return;
      const valid = {
        product: 'diesel',
        quantity: '1500',
        street: 'Ostra-Allee 9',
        postcode: '01067',
        town: 'Dresden',
        deliveryDate: workingDay(3),
        notes: '',
      };
      const refused = [
        ...OUT_OF_RANGE_QUANTITIES.map((litres) => ({ quantity: String(litres) })),
        { postcode: '00000' },
        { postcode: '1234' },
        { deliveryDate: '2020-01-01' },
        { deliveryDate: workingDay(35) },
        { product: 'benzin' },
      ];
      const before = await storedOrders();
      for (const change of refused) {
        check((await quote({ ...valid, ...change })).status() === 422, 'quote refused');
        const order = await context.request.post(`${baseURL}/diesel`, { form: { ...valid, ...change, _csrf: csrf }, maxRedirects: 0 });
        check(order.status() === 422, 'order refused');
      }
      check((await storedOrders()).length === before.length, 'nothing stored');
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
      await page.goto(`${baseURL}/wetter`);
      const api = (await (await fetch(`${baseURL}/api/weather?postcode=01558`, { headers })).json()) as { region: string; asOf: string };
      check((await text(page, 'h2')) === `Wetter für 01558 (${api.region})`, "member's own region");
      check((await page.getByTestId('weather-as-of').getAttribute('datetime')) === api.asOf, "member's weather as the API");
    });

    await signedIn(async (_context, page) => {
      await page.goto(`${baseURL}/mitglied`);
      check((await text(page, 'h1')) === 'Willkommen, Anna Boden', 'member services welcome');
      for (const service of ['Wetter', 'Diesel bestellen', 'Maschinenleasing', 'Mitgliederrabatte']) {
        await page.getByRole('region', { name: 'Ihre Leistungen' }).getByRole('link', { name: service, exact: true }).waitFor();
      }
      if (!probeOnly) {
        for (const order of seeded)
          check(
            (await page.getByRole('row').filter({ hasText: order.orderNumber }).innerText()).includes(
              `${number.format(order.quantityLitres)} l`,
            ),
            'order listed',
          );
      }
    });
  } finally {
    await seed('DELETE', `/members/${member.id}`);
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
