import { DEMO, Visitor, deliveryDates, expect, test } from './portalServer';

test('price list matches the published rules', async ({ running }) => {
  const response = await fetch(`${running.url}/api/preise`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    currency: 'EUR',
    vatRate: 0.19,
    memberDiscountRate: 0.03,
    largeOrderDiscountRate: 0.05,
    largeOrderFromLitres: 10000,
    deliveryFee: 49,
    freeDeliveryFromLitres: 2000,
    products: {
      diesel: { name: 'Diesel', pricePerLitre: 1.459 },
      heizoel: { name: 'Heizöl', pricePerLitre: 1.089 },
      adblue: { name: 'AdBlue', pricePerLitre: 0.689 },
    },
  });
});

const cases = [
  { product: 'diesel', quantity: '1.500', litres: 1500, subtotal: 2188.5, discount: 65.66, deliveryFee: 49, vat: 412.65, total: 2584.49 },
  { product: 'diesel', quantity: '1999', litres: 1999, subtotal: 2916.54, discount: 87.5, deliveryFee: 49, vat: 546.83, total: 3424.87 },
  { product: 'diesel', quantity: '2 000', litres: 2000, subtotal: 2918, discount: 87.54, deliveryFee: 0, vat: 537.79, total: 3368.25 },
  {
    product: 'diesel',
    quantity: '9999',
    litres: 9999,
    subtotal: 14588.54,
    discount: 437.66,
    deliveryFee: 0,
    vat: 2688.67,
    total: 16839.55,
  },
  { product: 'diesel', quantity: '10000', litres: 10000, subtotal: 14590, discount: 729.5, deliveryFee: 0, vat: 2633.5, total: 16494 },
  {
    product: 'heizoel',
    quantity: '10.000',
    litres: 10000,
    subtotal: 10890,
    discount: 544.5,
    deliveryFee: 0,
    vat: 1965.65,
    total: 12311.15,
  },
  { product: 'adblue', quantity: '500', litres: 500, subtotal: 344.5, discount: 10.34, deliveryFee: 49, vat: 72.8, total: 455.96 },
] as const;

for (const c of cases) {
  test(`quote for ${c.quantity} l ${c.product} totals ${c.total} €`, async ({ running }) => {
    const visitor = new Visitor(running.url);
    expect((await visitor.login(DEMO.email, DEMO.password)).status).toBe(303);
    await visitor.get('/diesel');
    const answer = await visitor.postJson('/api/diesel/angebot', { product: c.product, quantity: c.quantity });
    expect(answer.status, answer.body_).toBe(200);
    expect(JSON.parse(answer.body_)).toEqual({
      product: c.product,
      quantityLitres: c.litres,
      pricePerLitre: { diesel: 1.459, heizoel: 1.089, adblue: 0.689 }[c.product],
      subtotal: c.subtotal,
      discount: c.discount,
      deliveryFee: c.deliveryFee,
      vat: c.vat,
      total: c.total,
    });
  });
}

test('order total and confirmation use the same price as the quote', async ({ running }) => {
  const visitor = new Visitor(running.url);
  await visitor.login(DEMO.email, DEMO.password);
  await visitor.get('/diesel');
  const { workingDay } = deliveryDates();
  const order = await visitor.postForm('/diesel', {
    product: 'diesel',
    quantity: '1.500',
    street: 'Elbstraße 12',
    postcode: '01067',
    town: 'Dresden',
    deliveryDate: workingDay,
    notes: '',
  });
  expect(order.status, order.body_).toBe(303);
  const confirmation = await visitor.get(order.headers.get('location')!);
  expect(confirmation.body_).toContain('<dd data-testid="confirmation-total">2.584,49\u00a0€</dd>');
  expect(confirmation.body_).toContain('<dd data-testid="confirmation-quantity">1.500 l</dd>');
});

test('quote needs a session and the CSRF header', async ({ running }) => {
  const anonymous = new Visitor(running.url);
  await anonymous.get('/anmelden');
  expect((await anonymous.postJson('/api/diesel/angebot', { product: 'diesel', quantity: '1500' })).status).toBe(401);
  const member = new Visitor(running.url);
  await member.login(DEMO.email, DEMO.password);
  await member.get('/diesel');
  expect((await member.postJson('/api/diesel/angebot', { product: 'diesel', quantity: '1500' }, null)).status).toBe(403);
  expect((await member.postJson('/api/diesel/angebot', { product: 'diesel', quantity: '1500' }, 'wrong')).status).toBe(403);
});
