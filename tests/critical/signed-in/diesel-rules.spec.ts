import {
  BAND_QUANTITIES,
  berlinDate,
  bodyExcerpt,
  expect,
  OUT_OF_RANGE_QUANTITIES,
  PRODUCTS,
  test,
  workingDayAfter,
} from '../../../fixtures';

test.use({ signedIn: true });

const number = new Intl.NumberFormat('de-DE');

/** The next Saturday at least `minDays` ahead, as YYYY-MM-DD in Berlin: inside the window, but no working day. */
function saturdayAfter(minDays: number): string {
  for (let days = minDays; ; days += 1) {
    const iso = berlinDate(new Date(), days);
    if (new Date(`${iso}T12:00:00Z`).getUTCDay() === 6) return iso;
  }
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
    async ({ portalApi, memberOrders }) => {
      const valid = {
        product: 'diesel',
        quantity: '1500',
        street: 'Ostra-Allee 9',
        postcode: '01067',
        town: 'Dresden',
        deliveryDate: workingDayAfter(new Date(), 3),
        notes: '',
      };
      const refused: [string, Partial<typeof valid>][] = [
        ...OUT_OF_RANGE_QUANTITIES.map((litres): [string, Partial<typeof valid>] => [
          `quantity ${number.format(litres)} l`,
          { quantity: String(litres) },
        ]),
        ['postcode 00000', { postcode: '00000' }],
        ['four-digit postcode 1234', { postcode: '1234' }],
        ['delivery yesterday', { deliveryDate: berlinDate(new Date(), -1) }],
        ['delivery on a Saturday', { deliveryDate: saturdayAfter(2) }],
        ['delivery in 35 days', { deliveryDate: workingDayAfter(new Date(), 35) }],
        ['unknown product "benzin"', { product: 'benzin' }],
      ];
      const before = await memberOrders.list();
      const answers: { what: string; status: number }[] = [];
      for (const [rule, change] of refused) {
        const fields = { ...valid, ...change };
        answers.push({ what: `quote with ${rule}`, status: (await portalApi.quote(fields)).status });
        answers.push({ what: `order with ${rule}`, status: (await portalApi.submitOrderForm(fields)).status });
      }
      const after = await memberOrders.list();
      const accepted = answers.filter(({ status }) => status !== 422).map(({ what, status }) => `${what}: HTTP ${status}`);

      expect(accepted, 'the server must refuse (422) what the order form forbids, also when the page script is bypassed').toEqual([]);
      expect(
        after.map((order) => order.orderNumber),
        'a refused order must not be stored for the member',
      ).toEqual(before.map((order) => order.orderNumber));
    },
  );
});
