import { DEMO, Visitor, deliveryDates, expect, test, type RunningPortal } from './portalServer';

const MESSAGES = {
  quantity: 'Bitte eine Menge zwischen 500 und 30.000 Litern angeben.',
  postcode: 'Bitte eine gültige fünfstellige Postleitzahl angeben.',
  street: 'Bitte Straße und Hausnummer angeben.',
  town: 'Bitte den Ort angeben.',
  deliveryDate: 'Bitte einen Werktag zwischen morgen und in 30 Tagen wählen.',
  product: 'Bitte ein Produkt wählen.',
} as const;

function validOrder(): Record<string, string> {
  return {
    product: 'diesel',
    quantity: '1500',
    street: 'Elbstraße 12',
    postcode: '01067',
    town: 'Dresden',
    deliveryDate: deliveryDates().workingDay,
    notes: '',
  };
}

async function submit(running: RunningPortal, changes: Record<string, string>) {
  const visitor = new Visitor(running.url);
  await visitor.login(DEMO.email, DEMO.password);
  await visitor.get('/diesel');
  return visitor.postForm('/diesel', { ...validOrder(), ...changes });
}

const accepted: [string, Record<string, string>][] = [
  ['quantity "1.500"', { quantity: '1.500' }],
  ['quantity "1 500"', { quantity: '1 500' }],
  ['quantity 500', { quantity: '500' }],
  ['quantity 30.000', { quantity: '30.000' }],
  ['postcode 01067 (leading zero)', { postcode: '01067' }],
  ['postcode 99084', { postcode: '99084' }],
  ['product Heizöl', { product: 'heizoel' }],
  ['notes of 500 characters', { notes: 'x'.repeat(500) }],
];

for (const [name, changes] of accepted) {
  test(`diesel order accepts ${name}`, async ({ running }) => {
    const answer = await submit(running, changes);
    expect(answer.status, answer.body_).toBe(303);
    expect(answer.headers.get('location')).toMatch(/^\/diesel\/bestaetigung\/D-\d{4}-\d{6}$/);
  });
}

const refused: [string, Record<string, string>, keyof typeof MESSAGES][] = [
  ['quantity 499', { quantity: '499' }, 'quantity'],
  ['quantity 30001', { quantity: '30001' }, 'quantity'],
  ['quantity "1,5"', { quantity: '1,5' }, 'quantity'],
  ['quantity "15.00"', { quantity: '15.00' }, 'quantity'],
  ['empty quantity', { quantity: '' }, 'quantity'],
  ['a 4-digit postcode', { postcode: '1067' }, 'postcode'],
  ['postcode 00000', { postcode: '00000' }, 'postcode'],
  ['postcode with letters', { postcode: '0106A' }, 'postcode'],
  ['an empty street', { street: '  ' }, 'street'],
  ['an empty town', { town: '' }, 'town'],
  ['a past delivery date', { deliveryDate: deliveryDates().past }, 'deliveryDate'],
  ['today as delivery date', { deliveryDate: deliveryDates().today }, 'deliveryDate'],
  ['a weekend delivery date', { deliveryDate: deliveryDates().weekend }, 'deliveryDate'],
  ['a delivery date more than 30 days ahead', { deliveryDate: deliveryDates().tooLate }, 'deliveryDate'],
  ['an unknown product', { product: 'benzin' }, 'product'],
];

for (const [name, changes, field] of refused) {
  test(`diesel order refuses ${name}`, async ({ running }) => {
    const answer = await submit(running, changes);
    expect(answer.status).toBe(422);
    const html = answer.body_;
    expect(html).toContain(`<p id="${field}-error" class="field-error">${MESSAGES[field]}</p>`);
    expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    expect(html).toContain('<div role="alert" id="form-errors">Bitte prüfen Sie die markierten Felder.</div>');
    const otherErrors = [...html.matchAll(/aria-invalid="true"/g)].length;
    expect(otherErrors).toBe(1);
  });
}

test('refused order keeps the entered values', async ({ running }) => {
  const answer = await submit(running, { quantity: '499', street: 'Am Hang 3', notes: 'Hoftor <hinten>' });
  expect(answer.body_).toContain('value="499"');
  expect(answer.body_).toContain('value="Am Hang 3"');
  expect(answer.body_).toContain('Hoftor &lt;hinten&gt;</textarea>');
});

test('notes longer than 500 characters are refused', async ({ running }) => {
  const answer = await submit(running, { notes: 'x'.repeat(501) });
  expect(answer.status).toBe(422);
  expect(answer.body_).toMatch(/id="notes"[^>]*aria-invalid="true"/);
});

test('quote API answers field errors as JSON', async ({ running }) => {
  const visitor = new Visitor(running.url);
  await visitor.login(DEMO.email, DEMO.password);
  await visitor.get('/diesel');
  const answer = await visitor.postJson('/api/diesel/angebot', { product: 'diesel', quantity: '499', postcode: '1067' });
  expect(answer.status).toBe(422);
  expect(JSON.parse(answer.body_)).toEqual({ errors: { quantity: MESSAGES.quantity, postcode: MESSAGES.postcode } });
});

test('diesel form is prefilled with the member address and limits the date', async ({ running }) => {
  const visitor = new Visitor(running.url);
  await visitor.login(DEMO.email, DEMO.password);
  const page = await visitor.get('/diesel');
  const { today } = deliveryDates();
  expect(page.body_).toContain('<label for="quantity">Menge (Liter)</label>');
  expect(page.body_).toMatch(/id="street" name="street" type="text" value="Elbstraße 12"/);
  expect(page.body_).toMatch(/id="postcode" name="postcode" type="text" value="01067"/);
  expect(page.body_).toMatch(/id="town" name="town" type="text" value="Dresden"/);
  expect(page.body_).toMatch(/id="deliveryDate" name="deliveryDate" type="date" min="\d{4}-\d{2}-\d{2}" max="\d{4}-\d{2}-\d{2}"/);
  expect(page.body_).not.toContain(`min="${today}"`);
  expect(page.body_).toContain('<script type="module" src="/static/diesel.js"></script>');
});
