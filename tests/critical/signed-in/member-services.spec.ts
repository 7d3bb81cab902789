import { BUSINESS_RULES, expect, MEMBER_SERVICES, PRODUCT_NAMES, test } from '../../../fixtures';

const litres = new Intl.NumberFormat('de-DE');
const percent = (rate: number) => `${Math.round(rate * 100)} %`;

/** The page each service leads to, by its main heading. */
const SERVICE_HEADINGS: Record<(typeof MEMBER_SERVICES)[number], string> = {
  Wetter: 'Wetter',
  'Diesel bestellen': 'Diesel bestellen',
  Maschinenleasing: 'Maschinenleasing',
  Mitgliederrabatte: 'Mitgliederrabatte',
};
const germanDate = (iso: string) => iso.split('-').reverse().join('.');

test.use({ signedIn: true });

test.describe('member services', { tag: ['@critical', '@flow-member-services'] }, () => {
  test('member sees their name, membership number and every service', { tag: '@probe' }, async ({ memberServicesPage, sessionMember }) => {
    await memberServicesPage.goto();

    await expect(memberServicesPage.welcome, 'member services greet the member by their name exactly, umlauts and ß included').toHaveText(
      sessionMember.probeAccount ? /^Willkommen, \S+/ : `Willkommen, ${sessionMember.firstName} ${sessionMember.lastName}`,
    );
    await expect(memberServicesPage.memberNumber, "member services show a membership number in the cooperative's format").toHaveText(
      /^EG-\d{6}$/,
    );
    await expect(
      memberServicesPage.memberNumber,
      "member services show the member's own number (the probe account's is not known)",
    ).toHaveText(sessionMember.memberNumber ?? /^EG-\d{6}$/);
    for (const service of MEMBER_SERVICES) {
      await expect(memberServicesPage.service(service), `service "${service}" is offered`).toBeVisible();
    }
  });

  test('member sees their orders with product and quantity', async ({ memberServicesPage, sessionMember }) => {
    expect(sessionMember.orders.length, 'the setup seeds several orders for the signed-in member').toBeGreaterThan(1);
    await memberServicesPage.goto();
    await expect(memberServicesPage.orders, "member services list the member's orders").toBeVisible();

    const listed = await memberServicesPage.readOrderRows();
    for (const { orderNumber, product, quantityLitres, deliveryDate } of sessionMember.orders) {
      const quantity = `${litres.format(quantityLitres)} l`;
      expect(
        listed.find((row) => row.orderNumber === orderNumber),
        `order ${orderNumber} is listed with its product, the ${quantity} ordered and its delivery date, written the German way`,
      ).toMatchObject({ orderNumber, product: PRODUCT_NAMES[product], quantity, deliveryDate: germanDate(deliveryDate) });
    }
  });

  test('member services list the newest order first', { tag: '@degraded' }, async ({ memberServicesPage, sessionMember }) => {
    await memberServicesPage.goto();
    await expect(memberServicesPage.orders, "member services list the member's orders").toBeVisible();
    // Order numbers count up (D-<year>-<six digits>): the newest order has the highest.
    const listed = (await memberServicesPage.readOrderRows()).map((row) => row.orderNumber);
    expect(listed.length, 'the setup seeds several orders for the signed-in member').toBeGreaterThanOrEqual(sessionMember.orders.length);
    expect(listed, 'the newest order comes first, the oldest last').toEqual([...listed].sort().reverse());
  });

  test(
    "every service a member is offered opens its page, and the discounts page states the cooperative's discounts",
    { tag: '@degraded' },
    async ({ page, memberServicesPage }) => {
      for (const service of MEMBER_SERVICES) {
        await memberServicesPage.goto();
        await memberServicesPage.openService(service);
        await expect(page.getByRole('main').getByRole('heading', { level: 1 }), `the service "${service}" opens its own page`).toHaveText(
          SERVICE_HEADINGS[service],
        );
      }
      // The services that are a page of text (the others are checked flow by flow): each says what it offers.
      for (const service of ['Maschinenleasing', 'Mitgliederrabatte'] as const) {
        await memberServicesPage.goto();
        await memberServicesPage.openService(service);
        await expect(
          page.getByRole('main').getByRole('paragraph').first(),
          `the page of "${service}" tells the member what the service offers, in a sentence`,
        ).toHaveText(/(\p{L}+\W+){4,}/u);
      }
      // The discounts page is the one a member reads the price rules on: what it states is the cooperative's decision.
      const discounts = page.getByRole('main');
      await expect(discounts, 'the discounts page states the member discount').toContainText(percent(BUSINESS_RULES.memberDiscountRate));
      await expect(discounts, 'the discounts page states the large-order discount and where it starts').toContainText(
        new RegExp(`ab ${litres.format(BUSINESS_RULES.largeOrderFromLitres)} Litern ${percent(BUSINESS_RULES.largeOrderDiscountRate)}`),
      );
    },
  );
});
