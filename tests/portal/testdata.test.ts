import { api, createMember, deliveryDates, expect, SEED_TOKEN, test, Visitor } from './portalServer';
import { SYNTHETIC_HEADER } from '../../contract';

test('test-data API refuses a missing or wrong token with 401', async ({ running }) => {
  for (const token of [null, 'wrong']) {
    const answer = await api(running.url, '/api/testdata/members', { method: 'POST', body: {}, token });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: expect.any(String) });
  }
});

test.describe('production mode', () => {
  test.use({ portalOptions: { mode: 'production' } });

  test('test-data and admin endpoints are absent', async ({ running }) => {
    const member = { email: 'a@example.test', password: 'x', firstName: 'A', lastName: 'B', street: 'S 1', postcode: '01067', town: 'T' };
    expect((await api(running.url, '/api/testdata/members', { method: 'POST', body: member })).status).toBe(404);
    expect((await api(running.url, '/api/testdata/members/m104201/orders')).status).toBe(404);
    expect((await api(running.url, '/api/admin/faults')).status).toBe(404);
    expect((await api(running.url, '/api/admin/faults', { method: 'PUT', body: { active: [] } })).status).toBe(404);
  });

  test('the demo member does not exist', async ({ running }) => {
    const answer = await new Visitor(running.url).login('demo@elbtal-agrar.de', 'Elbtal-Demo-2026');
    expect(answer.status).toBe(401);
  });
});

test.describe('without a seed token', () => {
  test.use({ portalOptions: { seedToken: undefined } });

  test('test-data API is absent', async ({ running }) => {
    expect((await api(running.url, '/api/testdata/members/m1/orders', { token: SEED_TOKEN })).status).toBe(404);
  });
});

test('members are created idempotently, can sign in and are deleted with orders and sessions', async ({ running }) => {
  const member = await createMember(running.url, { postcode: '04109', town: 'Leipzig' });
  expect(member.memberNumber).toMatch(/^EG-\d{6}$/);
  expect(member).toMatchObject({ firstName: 'Karl', lastName: 'Testmann', postcode: '04109', town: 'Leipzig' });

  const again = await api(running.url, '/api/testdata/members', {
    method: 'POST',
    body: {
      email: member.email,
      password: 'Neues-Passwort-2',
      firstName: 'Karl',
      lastName: 'Testmann',
      street: 'Dorfstraße 5',
      postcode: '04109',
      town: 'Leipzig',
    },
  });
  expect(again.status).toBe(200);
  expect(again.json).toMatchObject({ id: member.id, memberNumber: member.memberNumber });

  const visitor = new Visitor(running.url);
  expect((await visitor.login(member.email, member.password)).status).toBe(401);
  expect((await visitor.login(member.email, 'Neues-Passwort-2')).status).toBe(303);
  expect((await visitor.get('/mitglied')).body_).toContain(`data-testid="member-number">${member.memberNumber}<`);

  expect((await api(running.url, `/api/testdata/members/${member.id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await visitor.get('/mitglied')).status).toBe(303);
  expect((await api(running.url, `/api/testdata/members/${member.id}`, { method: 'DELETE' })).status).toBe(404);
  expect((await api(running.url, `/api/testdata/members/${member.id}/orders`)).status).toBe(404);
});

test('creating a member with bad input answers 400 naming the problem', async ({ running }) => {
  const answer = await api(running.url, '/api/testdata/members', {
    method: 'POST',
    body: { email: 'kein-at', password: 'x', firstName: 'A', lastName: 'B', street: 'S 1', postcode: '1067', town: 'T' },
  });
  expect(answer.status).toBe(400);
  expect((answer.json as { error: string }).error).toMatch(/email/);
  expect((answer.json as { error: string }).error).toMatch(/postcode/);
});

test('orders are created, listed (synthetic flag) and deleted', async ({ running }) => {
  const member = await createMember(running.url);
  const { workingDay } = deliveryDates();
  const created = await api(running.url, `/api/testdata/members/${member.id}/orders`, {
    method: 'POST',
    body: { product: 'diesel', quantityLitres: 1500, deliveryDate: workingDay },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const synthetic = await api(running.url, `/api/testdata/members/${member.id}/orders`, {
    method: 'POST',
    body: { product: 'adblue', quantityLitres: '2.000', deliveryDate: workingDay, postcode: '09111', town: 'Chemnitz' },
    headers: { ...SYNTHETIC_HEADER },
  });
  expect(synthetic.status).toBe(201);

  const list = await api(running.url, `/api/testdata/members/${member.id}/orders`);
  expect(list.status).toBe(200);
  expect(list.json).toEqual([
    {
      orderNumber: expect.stringMatching(/^D-\d{4}-\d{6}$/),
      product: 'adblue',
      quantityLitres: 2000,
      deliveryDate: workingDay,
      street: 'Dorfstraße 5',
      postcode: '09111',
      town: 'Chemnitz',
      total: expect.any(Number),
      status: 'open',
      synthetic: true,
      createdAt: expect.any(String),
    },
    expect.objectContaining({ product: 'diesel', quantityLitres: 1500, postcode: '01067', total: 2584.49, synthetic: false }),
  ]);

  const orderNumber = (created.json as { orderNumber: string }).orderNumber;
  expect((await api(running.url, `/api/testdata/members/${member.id}/orders/${orderNumber}`, { method: 'DELETE' })).status).toBe(204);
  expect((await api(running.url, `/api/testdata/members/${member.id}/orders/${orderNumber}`, { method: 'DELETE' })).status).toBe(404);
  expect((await api(running.url, `/api/testdata/members/${member.id}/orders`)).json).toHaveLength(1);
});

test('test-data orders follow the form validation', async ({ running }) => {
  const member = await createMember(running.url);
  const answer = await api(running.url, `/api/testdata/members/${member.id}/orders`, {
    method: 'POST',
    body: { product: 'diesel', quantityLitres: 499, deliveryDate: deliveryDates().weekend },
  });
  expect(answer.status).toBe(422);
  expect(answer.json).toEqual({
    errors: {
      quantity: 'Bitte eine Menge zwischen 500 und 30.000 Litern angeben.',
      deliveryDate: 'Bitte einen Werktag zwischen morgen und in 30 Tagen wählen.',
    },
  });
});

test('orders placed by a synthetic probe are flagged', async ({ running }) => {
  const member = await createMember(running.url);
  const visitor = new Visitor(running.url, { ...SYNTHETIC_HEADER });
  await visitor.login(member.email, member.password);
  await visitor.get('/diesel');
  const order = await visitor.postForm('/diesel', {
    product: 'heizoel',
    quantity: '3000',
    street: 'Dorfstraße 5',
    postcode: '01067',
    town: 'Dresden',
    deliveryDate: deliveryDates().workingDay,
  });
  expect(order.status).toBe(303);
  const list = await api(running.url, `/api/testdata/members/${member.id}/orders`);
  expect(list.json).toEqual([expect.objectContaining({ product: 'heizoel', synthetic: true })]);
});

test.describe('with a probe account', () => {
  test.use({ portalOptions: { mode: 'production', probeAccount: { email: 'probe@elbtal-agrar.de', password: 'Probe-Geheim-1' } } });

  test('the probe account can sign in', async ({ running }) => {
    const visitor = new Visitor(running.url);
    expect((await visitor.login('probe@elbtal-agrar.de', 'Probe-Geheim-1')).status).toBe(303);
    const page = await visitor.get('/mitglied');
    expect(page.body_).toContain('<h1>Willkommen, Probe Synthetisch</h1>');
  });
});
