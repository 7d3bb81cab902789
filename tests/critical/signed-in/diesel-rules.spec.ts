import {
  BAND_QUANTITIES,
  berlinDate,
  BUSINESS_RULES,
  bodyExcerpt,
  expect,
  OUT_OF_RANGE_QUANTITIES,
  PRODUCTS,
  test,
  workingDayAfter,
} from '../../../fixtures';

test.use({ signedIn: true });

const number = new Intl.NumberFormat('de-DE');

const RULES = BUSINESS_RULES;

/** An order the form rules allow, as the form sends it: each check changes one field of it. */
const validOrder = () => ({
  product: 'diesel',
  quantity: '1500',
  street: 'Ostra-Allee 9',
  postcode: '01067',
  town: 'Dresden',
  deliveryDate: workingDayAfter(new Date(), 3),
  notes: '',
});

const isWorkingDay = (iso: string) => ![0, 6].includes(new Date(`${iso}T12:00:00Z`).getUTCDay());

/** The first and the last day of the delivery window (tomorrow, and the window's last day), where they are working days. */
function windowEdges(): string[] {
  return [berlinDate(new Date(), 1), berlinDate(new Date(), RULES.deliveryWindowDays)].filter(isWorkingDay);
}

/** Day "00" of the window's last month, when that month starts inside the window: a date with a date's shape that does not exist. */
function nonexistentDayInWindow(): string[] {
  const first = berlinDate(new Date(), 1).slice(0, 7);
  const last = berlinDate(new Date(), RULES.deliveryWindowDays).slice(0, 7);
  return first === last ? [] : [`${last}-00`];
}

/** The next Saturday (6) or Sunday (0) at least `minDays` ahead, as YYYY-MM-DD in Berlin: inside the window, no working day. */
function weekendDayAfter(minDays: number, weekday: 0 | 6): string {
  for (let days = minDays; ; days += 1) {
    const iso = berlinDate(new Date(), days);
    if (new Date(`${iso}T12:00:00Z`).getUTCDay() === weekday) return iso;
  }
}

/** A quote refused (422) without naming `field` among its errors, as a problem line; nothing for any other answer. */
function unnamedRefusal(answer: { status: number; json<T>(): T }, field: string, what: string): string[] {
  if (answer.status !== 422) return [];
  const errors = Object.keys(answer.json<{ errors?: Record<string, string> }>().errors ?? {});
  return errors.includes(field) ? [] : [`${what}: errors for ${errors.join(', ') || 'nothing'}`];
}

test.describe('diesel order rules at the server', { tag: ['@critical', '@flow-diesel-order'] }, () => {
  // Quotes store nothing: production-safe, so the probe watches the prices members are quoted too.
  test(
    'every band of the price rules is quoted as the cooperative prices it, for each product',
    { tag: '@probe' },
    async ({ portalApi, oracle }) => {
      const asked = PRODUCTS.flatMap((product) => [
        ...BAND_QUANTITIES.map((litres) => ({ product, litres, typed: String(litres) })),
        // Typed the German way, "1.500" and "12.000" must be the same litres.
        { product, litres: 1_500, typed: '1.500' },
        { product, litres: 12_000, typed: '12.000' },
      ]);
      const wrong = (
        await Promise.all(
          asked.map(async ({ product, litres, typed }) => {
            const answer = await portalApi.quote({ product, quantity: typed });
            const expected = { product, quantityLitres: litres, ...oracle.quote(product, litres) };
            if (answer.status !== 200) return `${product} "${typed}": HTTP ${answer.status} ${bodyExcerpt(answer.text, 120)}`;
            const quoted = answer.json<Record<string, unknown>>();
            const differs = Object.entries(expected).filter(([key, value]) => quoted[key] !== value);
            return differs.length
              ? `${product} "${typed}": ${differs.map(([key, value]) => `${key} ${String(quoted[key])} (rule: ${String(value)})`).join(', ')}`
              : undefined;
          }),
        )
      ).filter(Boolean);
      expect(
        wrong,
        `quotes at every band boundary (${BAND_QUANTITIES.map((litres) => number.format(litres)).join(', ')} l) differ from the cooperative's rules`,
      ).toEqual([]);
    },
  );

  test("the price list states the cooperative's rules", { tag: ['@degraded', '@probe'] }, ({ oracle }) => {
    expect(
      oracle.ruleDifferences(),
      "the public price list states discount, delivery fee and VAT rules other than the cooperative's",
    ).toEqual([]);
  });

  test(
    'the server refuses every order the form rules forbid, in the quote and the order, and stores nothing',
    { tag: '@degraded' },
    async ({ context, portalApi, memberOrders }) => {
      const valid = validOrder();
      const refused: [string, Partial<typeof valid>][] = [
        ...OUT_OF_RANGE_QUANTITIES.map((litres): [string, Partial<typeof valid>] => [
          `quantity ${number.format(litres)} l`,
          { quantity: String(litres) },
        ]),
        // Only the forms the order form allows: digits, with a point or a space between thousands.
        ...['15.00', '1.5000', '1 5000', '+1500', '+1.500', '+1 500'].map((typed): [string, Partial<typeof valid>] => [
          `quantity "${typed}"`,
          { quantity: typed },
        ]),
        ['postcode 00000', { postcode: '00000' }],
        ['four-digit postcode 1234', { postcode: '1234' }],
        ['six-digit postcode 010677', { postcode: '010677' }],
        [`a street of ${RULES.maxStreetChars + 1} characters`, { street: 'S'.repeat(RULES.maxStreetChars + 1) }],
        [`a town of ${RULES.maxTownChars + 1} characters`, { town: 'T'.repeat(RULES.maxTownChars + 1) }],
        [`notes of ${RULES.maxNotesChars + 1} characters`, { notes: 'N'.repeat(RULES.maxNotesChars + 1) }],
        ['delivery yesterday', { deliveryDate: berlinDate(new Date(), -1) }],
        ['delivery today', { deliveryDate: berlinDate(new Date(), 0) }],
        ['delivery on a Saturday', { deliveryDate: weekendDayAfter(2, 6) }],
        ['delivery on a Sunday', { deliveryDate: weekendDayAfter(2, 0) }],
        [`delivery in ${RULES.deliveryWindowDays + 1} days`, { deliveryDate: berlinDate(new Date(), RULES.deliveryWindowDays + 1) }],
        ...nonexistentDayInWindow().map((day): [string, Partial<typeof valid>] => [
          `delivery on ${day}, a day that does not exist`,
          { deliveryDate: day },
        ]),
        ['unknown product "benzin"', { product: 'benzin' }],
      ];
      const before = await memberOrders.list();
      const answers: { what: string; status: number }[] = [];
      const unnamed: string[] = [];
      for (const [rule, change] of refused) {
        const fields = { ...valid, ...change };
        const quote = await portalApi.quote(fields);
        answers.push({ what: `quote with ${rule}`, status: quote.status });
        answers.push({ what: `order with ${rule}`, status: (await portalApi.submitOrderForm(fields)).status });
        // The form shows the refusal at its field: the quote's 422 names the field that breaks the rule.
        unnamed.push(...unnamedRefusal(quote, Object.keys(change)[0] ?? '', `quote with ${rule}`));
      }
      // A quote request that is not the form's fields at all is refused as unreadable, never priced.
      const unreadable: string[] = [];
      for (const body of ['null', '[]', '1500', '"diesel"']) {
        const sent = await context.request.post('/api/diesel/angebot', {
          data: body,
          headers: { 'content-type': 'application/json', 'X-CSRF-Token': await portalApi.csrfToken() },
        });
        unreadable.push(...(sent.status() === 400 ? [] : [`a quote of ${body}: HTTP ${sent.status()}`]));
      }
      // A quote needs no address (members may ask before they fill it in); an order does.
      for (const [rule, change] of [
        ['no street', { street: '' }],
        ['no town', { town: '' }],
      ] as const) {
        answers.push({ what: `order with ${rule}`, status: (await portalApi.submitOrderForm({ ...valid, ...change })).status });
      }
      const after = await memberOrders.list();
      const accepted = answers.filter(({ status }) => status !== 422).map(({ what, status }) => `${what}: HTTP ${status}`);

      expect(accepted, 'the server must refuse (422) what the order form forbids, also when the page script is bypassed').toEqual([]);
      expect(unnamed, 'the quote API names the field that breaks a rule, for the form to show it there').toEqual([]);
      expect(unreadable, 'a quote request that is not the form fields is refused as unreadable (400)').toEqual([]);
      expect(
        after.map((order) => order.orderNumber),
        'a refused order must not be stored for the member',
      ).toEqual(before.map((order) => order.orderNumber));
    },
  );

  test('the server accepts every order at the edges of the form rules, as members type them', async ({ portalApi }) => {
    const valid = validOrder();
    const edges: [string, Partial<typeof valid>, number][] = [
      ['quantity "1 500" (a space between thousands)', { quantity: '1 500' }, 1_500],
      ['quantity "12 000"', { quantity: '12 000' }, 12_000],
      ['quantity " 1.500 " with spaces around it', { quantity: ' 1.500 ' }, 1_500],
      ['postcode 01067 (leading zero)', { postcode: '01067' }, 1_500],
      [`a street of ${RULES.maxStreetChars} characters`, { street: 'S'.repeat(RULES.maxStreetChars) }, 1_500],
      [`a town of ${RULES.maxTownChars} characters`, { town: 'T'.repeat(RULES.maxTownChars) }, 1_500],
      [`notes of ${RULES.maxNotesChars} characters`, { notes: 'N'.repeat(RULES.maxNotesChars) }, 1_500],
      ...windowEdges().map((day): [string, Partial<typeof valid>, number] => [
        `delivery on ${day}, at the edge of the window`,
        { deliveryDate: day },
        1_500,
      ]),
    ];
    const answers = await Promise.all(
      edges.map(async ([edge, change, litres]) => {
        const answer = await portalApi.quote({ ...valid, ...change });
        return { edge, litres, status: answer.status, text: answer.text };
      }),
    );
    const refused = answers
      .filter(({ status, text, litres }) => status !== 200 || !text.includes(`"quantityLitres":${litres}`))
      .map(({ edge, status, text, litres }) => `${edge}: HTTP ${status}, not ${litres} l: ${bodyExcerpt(text, 120)}`);
    expect(refused, 'members whose order the rules allow get a quote for exactly the litres they typed').toEqual([]);
  });
});
