import { expect, test } from '../../../fixtures';
import { berlinDate, buildDieselOrder, PRODUCT_NAMES, workingDayAfter } from '../../../seed/builders';
import { seededFaker } from '../../../seed/faker';
import { expectedQuote, priceListSchema } from '../../../seed/pricing';

const number = new Intl.NumberFormat('de-DE');
const euros = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const germanDate = (iso: string) => iso.split('-').reverse().join('.');

test.use({ signedIn: true });

test.describe('diesel order', { tag: ['@critical', '@flow-diesel-order'] }, () => {
  test('member gets a correct quote, orders diesel and finds the order listed', { tag: '@probe' }, async ({ page, request, config, dieselOrderPage, orderConfirmationPage, memberServicesPage, placedOrders }) => {
    const order = buildDieselOrder(seededFaker(config.seed, test.info().titlePath.join(' › ')));
    const prices = priceListSchema.parse(await (await request.get('/api/preise')).json());
    const expected = expectedQuote(prices, order.product, order.quantityLitres);

    await dieselOrderPage.goto();
    await dieselOrderPage.fill({
      product: order.product,
      quantity: number.format(order.quantityLitres),
      deliveryDate: order.deliveryDate,
      notes: order.notes,
    });
    await dieselOrderPage.requestQuote();
    expect(await dieselOrderPage.readQuote(), `quote for ${order.quantityLitres} l ${order.product}`).toEqual(expected);

    placedOrders.submitting();
    await dieselOrderPage.submit();
    await expect(orderConfirmationPage.orderNumber).toHaveText(/^D-\d{4}-\d{6}$/);
    const orderNumber = await orderConfirmationPage.orderNumber.innerText();
    placedOrders.placed(orderNumber);
    await expect(orderConfirmationPage.product).toHaveText(PRODUCT_NAMES[order.product]);
    await expect(orderConfirmationPage.quantity).toHaveText(`${number.format(order.quantityLitres)} l`);
    await expect(orderConfirmationPage.deliveryDate).toHaveText(germanDate(order.deliveryDate));
    await expect(orderConfirmationPage.total).toHaveText(euros.format(expected.total));

    await memberServicesPage.goto();
    const row = memberServicesPage.order(orderNumber);
    await expect(row, `order ${orderNumber} is listed`).toBeVisible();
    await expect(row).toContainText(`${number.format(order.quantityLitres)} l`);
    await expect(row).toContainText('Offen');
    await expect(page).toHaveURL(/\/mitglied$/);
  });

  test('a postcode with a leading zero is accepted', async ({ dieselOrderPage }) => {
    await dieselOrderPage.goto();
    await dieselOrderPage.fill({ quantity: '1.500', street: 'Ostra-Allee 9', postcode: '01067', town: 'Dresden', deliveryDate: workingDayAfter(new Date(), 3) });
    await dieselOrderPage.requestQuote();

    await expect(dieselOrderPage.postcode).not.toHaveAttribute('aria-invalid', 'true');
    await expect(dieselOrderPage.quote).toBeVisible();
  });

  test('an invalid postcode, a quantity out of range and a past date are refused with their messages', async ({ page, dieselOrderPage }) => {
    await dieselOrderPage.goto();
    await dieselOrderPage.fill({ quantity: '30.001', postcode: '1234', deliveryDate: berlinDate(new Date(), -1) });
    await dieselOrderPage.submit();

    await expect(dieselOrderPage.formErrors).toBeVisible();
    await expect(dieselOrderPage.quantity).toHaveAccessibleErrorMessage('Bitte eine Menge zwischen 500 und 30.000 Litern angeben.');
    await expect(dieselOrderPage.postcode).toHaveAccessibleErrorMessage('Bitte eine gültige fünfstellige Postleitzahl angeben.');
    await expect(dieselOrderPage.deliveryDate).toHaveAccessibleErrorMessage('Bitte einen Werktag zwischen morgen und in 30 Tagen wählen.');
    await expect(page, 'a refused order must not reach the confirmation').toHaveURL(/\/diesel$/);
  });
});
