import { DEMO, Visitor, api, createMember, deliveryDates, expect, germanDate, test } from './portalServer';

const ORG = 'Agrargenossenschaft Elbtal eG';

test('every public page has the frame: language, charset, title and navigation', async ({ running }) => {
  const visitor = new Visitor(running.url);
  for (const [path, title] of [
    ['/', 'Startseite'],
    ['/anmelden', 'Anmelden'],
    ['/wetter', 'Wetter'],
    ['/leasing', 'Maschinenleasing'],
    ['/rabatte', 'Mitgliederrabatte'],
  ]) {
    const page = await visitor.get(path!);
    expect(page.status, path).toBe(200);
    expect(page.body_).toContain('<html lang="de">');
    expect(page.body_).toContain('<meta charset="utf-8">');
    expect(page.body_).toContain(`<title>${title} – ${ORG}</title>`);
    expect(page.body_).toContain('<nav aria-label="Hauptnavigation">');
    for (const link of [
      '<a href="/">Startseite</a>',
      '<a href="/wetter">Wetter</a>',
      '<a href="/mitglied">Mitgliederbereich</a>',
      '<a href="/anmelden">Anmelden</a>',
    ]) {
      expect(page.body_).toContain(link);
    }
  }
  expect((await visitor.get('/')).body_).toContain(`<h1>${ORG}</h1>`);
  expect((await visitor.get('/leasing')).body_).toContain('<h1>Maschinenleasing</h1>');
  expect((await visitor.get('/gibt-es-nicht')).status).toBe(404);
});

test('healthz reports ok with store and weather ingest checks', async ({ running }) => {
  const response = await fetch(`${running.url}/healthz`);
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(body).toEqual({
    status: 'ok',
    version: expect.any(String),
    uptimeSeconds: expect.any(Number),
    checks: {
      store: { status: 'ok', members: 26 },
      weatherIngest: { status: 'ok', lastRunAt: expect.any(String), ageSeconds: expect.any(Number) },
    },
  });
  expect(Date.now() - Date.parse(body.checks.weatherIngest.lastRunAt)).toBeLessThan(60_000);
});

test('weather page shows the same values as the weather API', async ({ running }) => {
  const api = await (await fetch(`${running.url}/api/weather?postcode=01067`)).json();
  expect(api).toMatchObject({ postcode: '01067', region: 'Dresden' });
  expect(api.forecast).toHaveLength(5);
  const page = (await new Visitor(running.url).get('/wetter?plz=01067')).body_;
  const de1 = (value: number) => value.toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  expect(page).toContain('<h2>Wetter für 01067 (Dresden)</h2>');
  expect(page).toContain(`<dd data-testid="weather-temperature">${de1(api.current.temperatureC)} °C</dd>`);
  expect(page).toContain(`<dd data-testid="weather-wind">${api.current.windKmh} km/h</dd>`);
  expect(page).toContain(`<dd data-testid="weather-precipitation">${de1(api.current.precipitationMm)} mm</dd>`);
  expect(page).toContain(`datetime="${api.asOf}"`);
  expect(page).toMatch(/<time data-testid="weather-as-of" datetime="[^"]+">\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr<\/time>/);
  const rows = [...page.matchAll(/<tr><td>(\d{2}\.\d{2}\.\d{4})<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/g)];
  expect(rows).toHaveLength(5);
  rows.forEach((row, index) => {
    const day = api.forecast[index];
    expect(row[1]).toBe(germanDate(day.date));
    expect(row[2]).toBe(`${de1(day.minC)} °C`);
    expect(row[3]).toBe(`${de1(day.maxC)} °C`);
    expect(row[4]).toBe(`${de1(day.precipitationMm)} mm`);
  });
  const other = await (await fetch(`${running.url}/api/weather?postcode=80331`)).json();
  expect(other.region).toBe('München');
});

test('weather uses the member postcode and refuses invalid postcodes', async ({ running }) => {
  const member = await createMember(running.url, { postcode: '04109', town: 'Leipzig' });
  const visitor = new Visitor(running.url);
  await visitor.login(member.email, member.password);
  expect((await visitor.get('/wetter')).body_).toContain('<h2>Wetter für 04109 (Leipzig)</h2>');
  expect((await new Visitor(running.url).get('/wetter')).body_).toContain('<h2>Wetter für 01067 (Dresden)</h2>');
  const bad = await visitor.get('/wetter?plz=123');
  expect(bad.status).toBe(400);
  expect(bad.body_).toContain('<p role="alert">Bitte eine gültige fünfstellige Postleitzahl angeben.</p>');
  const badApi = await fetch(`${running.url}/api/weather?postcode=abc`);
  expect(badApi.status).toBe(400);
  expect(await badApi.json()).toEqual({ error: expect.any(String) });
});

test('member page lists own orders newest first and cancels one', async ({ running }) => {
  const member = await createMember(running.url);
  const visitor = new Visitor(running.url);
  await visitor.login(member.email, member.password);
  let page = await visitor.get('/mitglied');
  expect(page.body_).toContain('<h1>Willkommen, Karl Testmann</h1>');
  expect(page.body_).toMatch(/<p>Mitgliedsnummer: <strong data-testid="member-number">EG-\d{6}<\/strong><\/p>/);
  expect(page.body_).toContain('<h2 id="leistungen">Ihre Leistungen</h2>');
  for (const [href, name] of [
    ['/wetter', 'Wetter'],
    ['/diesel', 'Diesel bestellen'],
    ['/leasing', 'Maschinenleasing'],
    ['/rabatte', 'Mitgliederrabatte'],
  ]) {
    expect(page.body_).toContain(`<li><a href="${href}">${name}</a></li>`);
  }
  expect(page.body_).toContain('<p>Noch keine Bestellungen.</p>');

  const { workingDay } = deliveryDates();
  const first = await api(running.url, `/api/testdata/members/${member.id}/orders`, {
    method: 'POST',
    body: { product: 'diesel', quantityLitres: 1500, deliveryDate: workingDay },
  });
  const second = await api(running.url, `/api/testdata/members/${member.id}/orders`, {
    method: 'POST',
    body: { product: 'heizoel', quantityLitres: 2500, deliveryDate: workingDay },
  });
  const firstNumber = (first.json as { orderNumber: string }).orderNumber;
  const secondNumber = (second.json as { orderNumber: string }).orderNumber;

  page = await visitor.get('/mitglied');
  expect(page.body_).toContain('<table aria-labelledby="bestellungen">');
  expect(page.body_.indexOf(secondNumber)).toBeLessThan(page.body_.indexOf(firstNumber));
  expect(page.body_).toContain(
    `<td>${firstNumber}</td>\n<td>Diesel</td>\n<td>1.500 l</td>\n<td>${germanDate(workingDay)}</td>\n<td>2.584,49\u00a0€</td>\n<td>Offen</td>`,
  );
  expect(page.body_).toContain(`aria-label="Bestellung ${firstNumber} stornieren">Stornieren</button>`);
  expect((await new Visitor(running.url).get('/mitglied')).status).toBe(303);

  const cancel = await visitor.postForm(`/bestellungen/${firstNumber}/stornieren`, {});
  expect(cancel.status).toBe(303);
  expect(cancel.headers.get('location')).toBe('/mitglied');
  page = await visitor.get('/mitglied');
  expect(page.body_).toContain(`<p role="status">Bestellung ${firstNumber} wurde storniert.</p>`);
  expect(page.body_).toContain(`<td>${firstNumber}</td>`);
  expect(page.body_).toMatch(new RegExp(`${firstNumber}</td>[\\s\\S]*?<td>Storniert</td>\\n<td></td>`));
  expect(page.body_).not.toContain(`Bestellung ${firstNumber} stornieren`);
  expect((await visitor.get('/mitglied')).body_).not.toContain('wurde storniert');
});

test('members cannot see or cancel other members orders', async ({ running }) => {
  const owner = await createMember(running.url);
  const order = await api(running.url, `/api/testdata/members/${owner.id}/orders`, {
    method: 'POST',
    body: { product: 'diesel', quantityLitres: 1500, deliveryDate: deliveryDates().workingDay },
  });
  const orderNumber = (order.json as { orderNumber: string }).orderNumber;
  const other = new Visitor(running.url);
  await other.login(DEMO.email, DEMO.password);
  expect((await other.get(`/diesel/bestaetigung/${orderNumber}`)).status).toBe(404);
  expect((await other.get('/mitglied')).body_).not.toContain(orderNumber);
  await other.get('/mitglied');
  expect((await other.postForm(`/bestellungen/${orderNumber}/stornieren`, {})).status).toBe(404);
});

test('confirmation shows the order in German formats', async ({ running }) => {
  const visitor = new Visitor(running.url);
  await visitor.login(DEMO.email, DEMO.password);
  await visitor.get('/diesel');
  const { workingDay } = deliveryDates();
  const order = await visitor.postForm('/diesel', {
    product: 'adblue',
    quantity: '12.000',
    street: 'Elbstraße 12',
    postcode: '01067',
    town: 'Dresden',
    deliveryDate: workingDay,
    notes: 'Hoftor links',
  });
  const nr = order.headers.get('location')!.split('/').pop()!;
  const page = (await visitor.get(`/diesel/bestaetigung/${nr}`)).body_;
  expect(page).toContain('<h1>Bestellung eingegangen</h1>');
  expect(page).toContain(`<dd data-testid="confirmation-order-number">${nr}</dd>`);
  expect(page).toContain('<dd data-testid="confirmation-product">AdBlue</dd>');
  expect(page).toContain('<dd data-testid="confirmation-quantity">12.000 l</dd>');
  expect(page).toContain(`<dd data-testid="confirmation-delivery-date">${germanDate(workingDay)}</dd>`);
  expect(page).toContain('<dd data-testid="confirmation-total">9.346,97\u00a0€</dd>');
  expect(page).toContain('<a href="/mitglied">Zum Mitgliederbereich</a>');
});
