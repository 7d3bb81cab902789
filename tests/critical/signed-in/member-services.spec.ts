import { expect, MEMBER_SERVICES, PRODUCT_NAMES, test } from '../../../fixtures';

const litres = new Intl.NumberFormat('de-DE');
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
});
