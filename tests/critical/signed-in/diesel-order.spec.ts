import { buildDieselOrder, expect, keepsPromise, PRODUCT_NAMES, seededFaker, test, workingDayAfter, berlinDate } from '../../../fixtures';

const number = new Intl.NumberFormat('de-DE');
const euros = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const germanDate = (iso: string) => iso.split('-').reverse().join('.');

test.use({ signedIn: true });

test.describe('diesel order', { tag: ['@critical', '@flow-diesel-order'] }, () => {
  test(
    'member gets a correct quote, orders diesel once and finds exactly that order stored, listed and cancellable',
    { tag: '@probe' },
    async ({ config, oracle, dieselOrderPage, orderConfirmationPage, memberServicesPage, memberOrders, dieselOrders, sessionMember }) => {
      const order = buildDieselOrder(seededFaker(config.seed, test.info().titlePath.join(' › ')));
      const typed = number.format(order.quantityLitres);
      const asked = `${typed} l ${PRODUCT_NAMES[order.product]} for ${germanDate(order.deliveryDate)}`;
      const expected = oracle.quote(order.product, order.quantityLitres);
      const home = sessionMember.address;

      await dieselOrderPage.goto();
      await keepsPromise('diesel-order/own-address', async () => {
        await expect(dieselOrderPage.street, "the order form offers delivery to the member's street, spelled as given").toHaveValue(
          home?.street ?? /\S/,
        );
        await expect(dieselOrderPage.postcode, "the order form offers the member's postcode, leading zero included").toHaveValue(
          home?.postcode ?? /^\d{5}$/,
        );
        await expect(dieselOrderPage.town, "the order form offers the member's town, spelled as given").toHaveValue(home?.town ?? /\S/);
      });
      await dieselOrderPage.fillOrder({ product: order.product, quantity: typed, deliveryDate: order.deliveryDate, notes: order.notes });
      await dieselOrderPage.requestQuote();
      const quoted = await dieselOrderPage.readQuote();
      await keepsPromise('diesel-order/confirmed-is-stored', () =>
        expect(quoted, `the page quotes ${asked} as the cooperative's rules price it`).toEqual(expected),
      );

      const { orderNumber, before } = await dieselOrders.submit();
      await keepsPromise('diesel-order/confirmed-is-stored', async () => {
        await expect(orderConfirmationPage.product, 'the confirmation names the product ordered').toHaveText(PRODUCT_NAMES[order.product]);
        await expect(orderConfirmationPage.quantity, `the confirmation shows the ${typed} l typed`).toHaveText(`${typed} l`);
        await expect(orderConfirmationPage.deliveryDate, 'the confirmation shows the delivery date chosen').toHaveText(
          germanDate(order.deliveryDate),
        );
        await expect(orderConfirmationPage.total, 'the confirmation shows the total the quote promised').toHaveText(
          euros.format(expected.total),
        );
      });

      const after = await memberOrders.list();
      const added = after.filter((stored) => !before.some((old) => old.orderNumber === stored.orderNumber));
      await keepsPromise('diesel-order/exactly-one-order', () =>
        expect(
          added.map((stored) => stored.orderNumber),
          `exactly one new order is stored for ${asked}: the confirmed ${orderNumber}`,
        ).toEqual([orderNumber]),
      );
      await keepsPromise('diesel-order/confirmed-is-stored', () =>
        expect(
          added[0],
          `the stored order ${orderNumber} is what the member asked for (${asked}, ${euros.format(expected.total)}), to the member's address as given, marked as firewatch's so nobody delivers it`,
        ).toEqual({
          orderNumber,
          product: order.product,
          quantityLitres: order.quantityLitres,
          deliveryDate: order.deliveryDate,
          ...home,
          total: expected.total,
          status: 'open',
          // The member's own list (production) does not show the mark; the test-data API does.
          ...(sessionMember.probeAccount ? {} : { synthetic: true }),
        }),
      );

      await memberServicesPage.goto();
      const row = memberServicesPage.order(orderNumber);
      await expect(row, `order ${orderNumber} is listed in member services`).toBeVisible();
      await expect(row, `the listed order shows the ${typed} l ordered`).toContainText(`${typed} l`);
      await expect(row, 'the new order is listed as open').toContainText('Offen');

      await memberServicesPage.cancelOrder(orderNumber);
      await expect(memberServicesPage.notice, 'member services confirm the cancellation by its order number').toHaveText(
        `Bestellung ${orderNumber} wurde storniert.`,
      );
      await keepsPromise('diesel-order/exactly-one-order', async () => {
        await expect(row, `the cancelled order ${orderNumber} is listed as cancelled`).toContainText('Storniert');
        await expect(
          memberServicesPage.cancelButton(orderNumber),
          `the cancelled order ${orderNumber} can no longer be cancelled`,
        ).toHaveCount(0);
        const stored = (await memberOrders.list()).find((candidate) => candidate.orderNumber === orderNumber);
        expect(stored?.status, `order ${orderNumber} is stored as cancelled, no longer open`).toBe('cancelled');
      });
    },
  );

  test('a postcode with a leading zero is accepted', async ({ dieselOrderPage }) => {
    await dieselOrderPage.goto();
    await dieselOrderPage.fillOrder({
      quantity: '1.500',
      street: 'Ostra-Allee 9',
      postcode: '01067',
      town: 'Dresden',
      deliveryDate: workingDayAfter(new Date(), 3),
    });
    await dieselOrderPage.requestQuote();

    await expect(dieselOrderPage.postcode, 'the leading-zero postcode 01067 (Dresden) is not marked invalid').not.toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await expect(dieselOrderPage.quote, 'members in 01067 get a quote').toBeVisible();
  });

  test(
    'an invalid postcode, a quantity out of range and a past date are refused on the page with their messages',
    { tag: '@degraded' },
    async ({ page, dieselOrderPage }) => {
      await dieselOrderPage.goto();
      await dieselOrderPage.fillOrder({ quantity: '30.001', postcode: '1234', deliveryDate: berlinDate(new Date(), -1) });
      await dieselOrderPage.submit();

      await expect(dieselOrderPage.formErrors, 'the form says to check the marked fields').toBeVisible();
      await expect(dieselOrderPage.quantity, 'the quantity field explains the allowed range').toHaveAccessibleErrorMessage(
        'Bitte eine Menge zwischen 500 und 30.000 Litern angeben.',
      );
      await expect(dieselOrderPage.postcode, 'the postcode field explains the five digits').toHaveAccessibleErrorMessage(
        'Bitte eine gültige fünfstellige Postleitzahl angeben.',
      );
      await expect(dieselOrderPage.deliveryDate, 'the date field explains the delivery window').toHaveAccessibleErrorMessage(
        'Bitte einen Werktag zwischen morgen und in 30 Tagen wählen.',
      );
      await expect(page, 'a refused order must not reach the confirmation').toHaveURL(/\/diesel$/);
    },
  );
});
