import { expect, MEMBER_SERVICES, PRODUCT_NAMES, test, type Product } from '../../../fixtures';

const litres = new Intl.NumberFormat('de-DE');

test.use({ signedIn: true });

test.describe('member services', { tag: ['@critical', '@flow-member-services'] }, () => {
  test('member sees their name, membership number and every service', { tag: '@probe' }, async ({ memberServicesPage, sessionMember }) => {
    await memberServicesPage.goto();

    await expect(memberServicesPage.welcome, 'member services greet the member by name').toHaveText(
      sessionMember.probeAccount ? /^Willkommen, \S+/ : `Willkommen, ${sessionMember.firstName} ${sessionMember.lastName}`,
    );
    await expect(memberServicesPage.memberNumber, "member services show the member's number").toHaveText(
      sessionMember.memberNumber ?? /^EG-\d{6}$/,
    );
    for (const service of MEMBER_SERVICES) {
      await expect(memberServicesPage.service(service), `service "${service}" is offered`).toBeVisible();
    }
  });

  test('member sees their orders with product and quantity', async ({ memberServicesPage, sessionMember }) => {
    expect(sessionMember.orders.length, 'the setup seeds orders for the signed-in member').toBeGreaterThan(0);
    await memberServicesPage.goto();

    for (const order of sessionMember.orders) {
      const row = memberServicesPage.order(order.orderNumber);
      await expect(row, `order ${order.orderNumber} is listed`).toBeVisible();
      await expect(row, `order ${order.orderNumber} names its product`).toContainText(
        PRODUCT_NAMES[order.product as Product] ?? order.product,
      );
      await expect(row, `order ${order.orderNumber} shows its quantity`).toContainText(`${litres.format(order.quantityLitres)} l`);
    }
  });
});
