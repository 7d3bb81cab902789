import { runInNewContext } from 'node:vm';
import { DEMO, Visitor, api, createMember, deliveryDates, expect, setFaults, test, type RunningPortal } from './portalServer';
import { FAULTS } from '../../portal/faults';
import { PRODUCT_KEYS } from '../../portal/pricing';
import { FORM_ERROR_SUMMARY, MESSAGES } from '../../portal/validation';

async function signedIn(running: RunningPortal, email = DEMO.email, password = DEMO.password): Promise<Visitor> {
  const visitor = new Visitor(running.url);
  expect((await visitor.login(email, password)).status).toBe(303);
  return visitor;
}

function order(changes: Record<string, string> = {}): Record<string, string> {
  return {
    product: 'diesel',
    quantity: '1500',
    street: 'Elbstraße 12',
    postcode: '01067',
    town: 'Dresden',
    deliveryDate: deliveryDates().workingDay,
    notes: '',
    ...changes,
  };
}

async function timed<T>(action: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** Runs the served page script against a minimal stand-in DOM and reports which buttons got listeners. */
function runDieselScript(source: string): { error: unknown; listeners: string[] } {
  const listeners: string[] = [];
  const element = (id: string) => ({
    id,
    dataset: {},
    hidden: false,
    elements: { namedItem: () => null },
    addEventListener: (type: string) => listeners.push(`${id}:${type}`),
  });
  const elements: Record<string, unknown> = Object.fromEntries(
    ['diesel-form', 'quote', 'form-errors', 'quote-button', 'submit-button'].map((id) => [id, element(id)]),
  );
  elements['diesel-rules'] = { textContent: JSON.stringify({ messages: MESSAGES, summary: FORM_ERROR_SUMMARY, products: PRODUCT_KEYS }) };
  const document = { getElementById: (id: string) => elements[id] ?? null };
  try {
    runInNewContext(source, { document, fetch: () => Promise.reject(new Error('offline')) });
    return { error: null, listeners };
  } catch (error) {
    return { error, listeners };
  }
}

test('admin endpoint lists faults and refuses unknown names', async ({ running }) => {
  const state = await api(running.url, '/api/admin/faults');
  expect(state.status).toBe(200);
  const body = state.json as { active: string[]; available: { name: string; description: string }[] };
  expect(body.active).toEqual([]);
  expect(body.available).toHaveLength(FAULTS.length);
  const refused = await api(running.url, '/api/admin/faults', { method: 'PUT', body: { active: ['weather-down', 'bogus'] } });
  expect(refused.status).toBe(400);
  expect((refused.json as { error: string }).error).toContain('bogus');
  expect((await api(running.url, '/api/admin/faults', { token: 'wrong' })).status).toBe(401);
  expect((await api(running.url, '/api/admin/faults')).json).toMatchObject({ active: [] });
});

test.describe('faults given at start', () => {
  test.use({ portalOptions: { faults: ['weather-down', 'login-broken'] } });

  test('are active from the first request', async ({ running }) => {
    expect((await api(running.url, '/api/admin/faults')).json).toMatchObject({ active: ['login-broken', 'weather-down'] });
    expect((await fetch(`${running.url}/api/weather?postcode=01067`)).status).toBe(503);
  });
});

test('instance-down answers 503 everywhere but the admin and test-data APIs', async ({ running }) => {
  await setFaults(running.url, ['instance-down']);
  const home = await fetch(running.url);
  expect(home.status).toBe(503);
  expect(await home.text()).toContain('Service Unavailable');
  const health = await fetch(`${running.url}/healthz`);
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ status: 'down' });
  expect((await fetch(`${running.url}/api/weather?postcode=01067`)).status).toBe(503);
  await createMember(running.url);
  await setFaults(running.url, []);
  expect((await fetch(running.url)).status).toBe(200);
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
});

test('slow-backend delays data pages but not the home page or login', async ({ running }) => {
  const visitor = await signedIn(running);
  await setFaults(running.url, ['slow-backend']);
  expect(await timed(() => visitor.get('/mitglied'))).toBeGreaterThanOrEqual(380);
  expect(await timed(() => fetch(`${running.url}/api/weather?postcode=01067`))).toBeGreaterThanOrEqual(380);
  expect(await timed(() => visitor.get('/'))).toBeLessThan(300);
  expect(await timed(() => visitor.get('/anmelden'))).toBeLessThan(300);
  expect(await timed(() => fetch(`${running.url}/healthz`))).toBeLessThan(300);
  await setFaults(running.url, []);
  expect(await timed(() => visitor.get('/mitglied'))).toBeLessThan(300);
});

test('login-broken answers 500 for every login', async ({ running }) => {
  await setFaults(running.url, ['login-broken']);
  const broken = await new Visitor(running.url).login(DEMO.email, DEMO.password);
  expect(broken.status).toBe(500);
  expect(broken.body_).toContain('Interner Fehler');
  await setFaults(running.url, []);
  expect((await new Visitor(running.url).login(DEMO.email, DEMO.password)).status).toBe(303);
});

test('session-lost lets the login succeed but forgets the session', async ({ running }) => {
  await setFaults(running.url, ['session-lost']);
  const visitor = new Visitor(running.url);
  const login = await visitor.login(DEMO.email, DEMO.password);
  expect(login.status).toBe(303);
  expect(login.headers.get('set-cookie')).toContain('portal_session=');
  const page = await visitor.get('/mitglied');
  expect(page.status).toBe(303);
  expect(page.headers.get('location')).toBe('/anmelden?weiter=%2Fmitglied');
  await setFaults(running.url, []);
  const healthy = await signedIn(running);
  expect((await healthy.get('/mitglied')).status).toBe(200);
});

test('member-services-missing hides the services section only', async ({ running }) => {
  const visitor = await signedIn(running);
  await setFaults(running.url, ['member-services-missing']);
  const page = await visitor.get('/mitglied');
  expect(page.status).toBe(200);
  expect(page.body_).toContain('<h1>Willkommen, Erika Mustermann</h1>');
  expect(page.body_).not.toContain('Ihre Leistungen');
  expect(page.body_).not.toContain('<a href="/diesel">Diesel bestellen</a>');
  await setFaults(running.url, []);
  expect((await visitor.get('/mitglied')).body_).toContain('<h2 id="leistungen">Ihre Leistungen</h2>');
});

test('diesel-submit-500 breaks the order but not the quote', async ({ running }) => {
  const visitor = await signedIn(running);
  await setFaults(running.url, ['diesel-submit-500']);
  await visitor.get('/diesel');
  expect((await visitor.postJson('/api/diesel/angebot', { product: 'diesel', quantity: '1500' })).status).toBe(200);
  const broken = await visitor.postForm('/diesel', order());
  expect(broken.status).toBe(500);
  expect(broken.body_).toContain('Interner Fehler');
  await setFaults(running.url, []);
  await visitor.get('/diesel');
  expect((await visitor.postForm('/diesel', order())).status).toBe(303);
});

test('diesel-field-missing drops the delivery date field and refuses orders', async ({ running }) => {
  const visitor = await signedIn(running);
  await setFaults(running.url, ['diesel-field-missing']);
  const page = await visitor.get('/diesel');
  expect(page.body_).not.toContain('Liefertermin');
  expect(page.body_).not.toContain('name="deliveryDate"');
  const withoutDate = order();
  delete withoutDate.deliveryDate;
  expect((await visitor.postForm('/diesel', withoutDate)).status).toBe(422);
  await setFaults(running.url, []);
  expect((await visitor.get('/diesel')).body_).toContain('<label for="deliveryDate">Liefertermin</label>');
});

test('diesel-price-wrong takes VAT before discount and fee, everywhere', async ({ running }) => {
  const member = await createMember(running.url);
  const visitor = await signedIn(running, member.email, member.password);
  await setFaults(running.url, ['diesel-price-wrong']);
  await visitor.get('/diesel');
  const quote = JSON.parse((await visitor.postJson('/api/diesel/angebot', { product: 'diesel', quantity: '1500' })).body_);
  expect(quote).toMatchObject({ vat: 415.82, total: 2587.66 });
  const placed = await visitor.postForm('/diesel', order());
  expect((await visitor.get(placed.headers.get('location')!)).body_).toContain('<dd data-testid="confirmation-total">2.587,66\u00a0€</dd>');
  await setFaults(running.url, []);
  await visitor.get('/diesel');
  expect(JSON.parse((await visitor.postJson('/api/diesel/angebot', { product: 'diesel', quantity: '1500' })).body_)).toMatchObject({
    vat: 412.65,
    total: 2584.49,
  });
});

test('diesel-rejects-valid-postcode refuses 01067 on the server and in the page script', async ({ running }) => {
  const visitor = await signedIn(running);
  await setFaults(running.url, ['diesel-rejects-valid-postcode']);
  const page = await visitor.get('/diesel');
  expect(page.body_).toContain('data-reject-leading-zero="true"');
  const refused = await visitor.postForm('/diesel', order());
  expect(refused.status).toBe(422);
  expect(refused.body_).toContain('<p id="postcode-error" class="field-error">Bitte eine gültige fünfstellige Postleitzahl angeben.</p>');
  await visitor.get('/diesel');
  expect((await visitor.postForm('/diesel', order({ postcode: '99084' }))).status).toBe(303);
  await setFaults(running.url, []);
  await visitor.get('/diesel');
  expect((await visitor.postForm('/diesel', order())).status).toBe(303);
});

test('diesel-js-error makes the page script throw before it wires the buttons', async ({ running }) => {
  await setFaults(running.url, ['diesel-js-error']);
  const broken = runDieselScript(await (await fetch(`${running.url}/static/diesel.js`)).text());
  expect(String(broken.error)).toContain('TypeError');
  expect(broken.listeners).toEqual([]);
  await setFaults(running.url, []);
  const healthy = runDieselScript(await (await fetch(`${running.url}/static/diesel.js`)).text());
  expect(healthy.error).toBeNull();
  expect(healthy.listeners).toEqual(['quote-button:click', 'submit-button:click']);
});

test('weather-stale serves six-hour-old data and degrades health', async ({ running }) => {
  await setFaults(running.url, ['weather-stale']);
  const stale = await (await fetch(`${running.url}/api/weather?postcode=01067`)).json();
  const ageHours = (Date.now() - Date.parse(stale.asOf)) / 3_600_000;
  expect(ageHours).toBeGreaterThan(5.9);
  expect((await new Visitor(running.url).get('/wetter?plz=01067')).body_).toContain(`datetime="${stale.asOf}"`);
  const health = await fetch(`${running.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'degraded', checks: { weatherIngest: { status: 'stale' } } });
  await setFaults(running.url, []);
  const fresh = await (await fetch(`${running.url}/api/weather?postcode=01067`)).json();
  expect(Date.now() - Date.parse(fresh.asOf)).toBeLessThan(60_000);
  expect(await (await fetch(`${running.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
});

test('weather-down answers 503 on page and API and degrades health', async ({ running }) => {
  await setFaults(running.url, ['weather-down']);
  const page = await new Visitor(running.url).get('/wetter');
  expect(page.status).toBe(503);
  expect(page.body_).toContain('Wetterdaten sind derzeit nicht verfügbar.');
  const apiAnswer = await fetch(`${running.url}/api/weather?postcode=01067`);
  expect(apiAnswer.status).toBe(503);
  expect(await apiAnswer.json()).toEqual({ error: expect.any(String) });
  const health = await fetch(`${running.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'degraded', checks: { weatherIngest: { status: 'down' } } });
  await setFaults(running.url, []);
  expect((await new Visitor(running.url).get('/wetter')).status).toBe(200);
});

test('weather-implausible delivers 85 °C and negative wind on page and API', async ({ running }) => {
  await setFaults(running.url, ['weather-implausible']);
  const data = await (await fetch(`${running.url}/api/weather?postcode=01067`)).json();
  expect(data.current).toMatchObject({ temperatureC: 85, windKmh: -5 });
  const page = (await new Visitor(running.url).get('/wetter?plz=01067')).body_;
  expect(page).toContain('<dd data-testid="weather-temperature">85,0 °C</dd>');
  expect(page).toContain('<dd data-testid="weather-wind">-5 km/h</dd>');
  await setFaults(running.url, []);
  const normal = await (await fetch(`${running.url}/api/weather?postcode=01067`)).json();
  expect(normal.current.temperatureC).toBeLessThan(20);
  expect(normal.current.windKmh).toBeGreaterThanOrEqual(0);
});

test('diesel-discount-boundary gives 10.000 l only the member discount, 10.001 l the large-order one', async ({ running }) => {
  const visitor = await signedIn(running);
  await setFaults(running.url, ['diesel-discount-boundary']);
  await visitor.get('/diesel');
  const quote = async (quantity: string) =>
    JSON.parse((await visitor.postJson('/api/diesel/angebot', { product: 'diesel', quantity })).body_);
  // 10.000 l × 1,459 € = 14.590,00: 3 % = 437,70 under the fault, 5 % = 729,50 by the rules.
  expect(await quote('10000')).toMatchObject({ discount: 437.7 });
  expect((await quote('10001')).discount).toBeCloseTo(729.57, 2);
  await setFaults(running.url, []);
  await visitor.get('/diesel');
  expect(await quote('10000')).toMatchObject({ discount: 729.5 });
});

test('diesel-price-list-wrong misstates the rules in the price list only', async ({ running }) => {
  await setFaults(running.url, ['diesel-price-list-wrong']);
  expect(await (await fetch(`${running.url}/api/preise`)).json()).toMatchObject({ memberDiscountRate: 0.05, freeDeliveryFromLitres: 1000 });
  const visitor = await signedIn(running);
  await visitor.get('/diesel');
  expect(JSON.parse((await visitor.postJson('/api/diesel/angebot', { product: 'diesel', quantity: '1500' })).body_)).toMatchObject({
    total: 2584.49,
  });
  await setFaults(running.url, []);
  expect(await (await fetch(`${running.url}/api/preise`)).json()).toMatchObject({ memberDiscountRate: 0.03, freeDeliveryFromLitres: 2000 });
});

test('diesel-server-accepts-invalid stores what the form rules forbid; the page script still refuses it', async ({ running }) => {
  const member = await createMember(running.url);
  const visitor = await signedIn(running, member.email, member.password);
  await setFaults(running.url, ['diesel-server-accepts-invalid']);
  const page = await visitor.get('/diesel');
  expect(page.body_).toContain('src="/static/diesel.js"');
  expect((await visitor.postJson('/api/diesel/angebot', { product: 'diesel', quantity: '30001', postcode: '00000' })).status).toBe(200);
  expect((await visitor.postForm('/diesel', order({ quantity: '499', postcode: '1234' }))).status).toBe(303);
  const orders = (await api(running.url, `/api/testdata/members/${member.id}/orders`)).json as {
    quantityLitres: number;
    postcode: string;
  }[];
  expect(orders.map((stored) => [stored.quantityLitres, stored.postcode])).toEqual([[499, '1234']]);
  await setFaults(running.url, []);
  await visitor.get('/diesel');
  expect((await visitor.postForm('/diesel', order({ quantity: '499' }))).status).toBe(422);
});

test('diesel-double-order stores each order twice behind one confirmation', async ({ running }) => {
  const member = await createMember(running.url);
  const visitor = await signedIn(running, member.email, member.password);
  await setFaults(running.url, ['diesel-double-order']);
  await visitor.get('/diesel');
  expect((await visitor.postForm('/diesel', order())).status).toBe(303);
  const orders = () => api(running.url, `/api/testdata/members/${member.id}/orders`).then((answer) => answer.json as unknown[]);
  expect(await orders()).toHaveLength(2);
  await setFaults(running.url, []);
  await visitor.get('/diesel');
  await visitor.postForm('/diesel', order());
  expect(await orders()).toHaveLength(3);
});

test("weather-member-region-wrong shows a signed-in member another region's weather under their own postcode", async ({ running }) => {
  const member = await createMember(running.url, { postcode: '04109', town: 'Leipzig' });
  const visitor = await signedIn(running, member.email, member.password);
  await setFaults(running.url, ['weather-member-region-wrong']);
  expect((await visitor.get('/wetter')).body_).toContain('Wetter für 04109 (Berlin)');
  expect((await visitor.get('/wetter?plz=04109')).body_).toContain('Wetter für 04109 (Leipzig)');
  expect((await new Visitor(running.url).get('/wetter')).body_).toContain('Wetter für 01067 (Dresden)');
  await setFaults(running.url, []);
  expect((await visitor.get('/wetter')).body_).toContain('Wetter für 04109 (Leipzig)');
});

test('healthz-hides-stale-weather serves 20-minute-old weather while health says the ingest just ran', async ({ running }) => {
  await setFaults(running.url, ['healthz-hides-stale-weather']);
  const weather = await (await fetch(`${running.url}/api/weather?postcode=01067`)).json();
  const ageMinutes = (Date.now() - Date.parse(weather.asOf)) / 60_000;
  expect(ageMinutes).toBeGreaterThan(19);
  expect(ageMinutes).toBeLessThan(30);
  expect(await (await fetch(`${running.url}/healthz`)).json()).toMatchObject({
    status: 'ok',
    checks: { weatherIngest: { status: 'ok', ageSeconds: 0 } },
  });
  await setFaults(running.url, []);
  expect(Date.now() - Date.parse((await (await fetch(`${running.url}/api/weather?postcode=01067`)).json()).asOf)).toBeLessThan(60_000);
});

test('login-error-message-missing refuses a wrong password without saying why', async ({ running }) => {
  await setFaults(running.url, ['login-error-message-missing']);
  const visitor = new Visitor(running.url);
  const refused = await visitor.login(DEMO.email, 'falsch');
  expect(refused.status).toBe(401);
  expect(refused.body_).not.toContain('role="alert"');
  await setFaults(running.url, []);
  expect((await visitor.login(DEMO.email, 'falsch')).body_).toContain('E-Mail oder Passwort ist falsch.');
});
