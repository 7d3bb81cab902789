import { expect, priceListSchema, test, workingDayAfter } from '../../../fixtures';

/** How long a member waits for the order form, and for a quote or the price list. */
const BUDGET_MS = { page: 10_000, call: 5_000 };

test.describe('diesel orders belong to their member', { tag: ['@critical', '@flow-diesel-order'] }, () => {
  test.describe('signed in', () => {
    test.use({ signedIn: true });

    test("a member cannot open or cancel another member's order", async ({ page, portalApi, anotherMember }) => {
      const [theirs] = anotherMember.orders;
      const opened = await page.goto(`/diesel/bestaetigung/${encodeURIComponent(theirs.orderNumber)}`);
      expect(opened?.status(), `another member's confirmation ${theirs.orderNumber} is not found for this member`).toBe(404);
      await expect(page.locator('body'), `the page names nothing of order ${theirs.orderNumber}`).not.toContainText(theirs.orderNumber);

      const cancelled = await portalApi.cancelOrder(theirs.orderNumber);
      expect(cancelled.status, `cancelling another member's order ${theirs.orderNumber} is refused as not found`).toBe(404);
      const stored = await anotherMember.storedOrders();
      expect(
        stored.map(({ orderNumber, status }) => ({ orderNumber, status })),
        "the other member's orders are all still open",
      ).toEqual(expect.arrayContaining(anotherMember.orders.map(({ orderNumber }) => ({ orderNumber, status: 'open' }))));
      expect(stored, 'the other member has exactly their own orders, no more').toHaveLength(anotherMember.orders.length);
    });

    test('without a session or with a forged token nothing opens, nothing is ordered and nothing is cancelled', async ({
      playwright,
      config,
      context,
      memberOrders,
    }) => {
      const order = {
        product: 'diesel',
        quantity: '1500',
        street: 'Ostra-Allee 9',
        postcode: '01067',
        town: 'Dresden',
        deliveryDate: workingDayAfter(new Date(), 3),
      };
      const anonymous = await playwright.request.newContext({ baseURL: config.baseURL, storageState: { cookies: [], origins: [] } });
      const shut = { maxRedirects: 0 };
      const before = await memberOrders.list();
      try {
        const doors = [
          ['the order form', await anonymous.get('/diesel', shut)],
          ['sending an order', await anonymous.post('/diesel', { form: order, ...shut })],
          [
            'an order confirmation',
            await anonymous.get(`/diesel/bestaetigung/${encodeURIComponent(before[0]?.orderNumber ?? 'D-2026-000001')}`, shut),
          ],
          ['member services', await anonymous.get('/mitglied', shut)],
          [
            'cancelling an order',
            await anonymous.post(`/bestellungen/${encodeURIComponent(before[0]?.orderNumber ?? 'D-2026-000001')}/stornieren`, shut),
          ],
        ] as const;
        // Each door sends to the sign-in, remembering the page to return to (an order sent returns to the form).
        const returnTo = [
          '/diesel',
          '/diesel',
          `/diesel/bestaetigung/${encodeURIComponent(before[0]?.orderNumber ?? 'D-2026-000001')}`,
          '/mitglied',
          '/mitglied',
        ];
        const open = doors
          .filter(
            ([, answer], index) =>
              !(answer.headers().location ?? '').endsWith(`/anmelden?weiter=${encodeURIComponent(returnTo[index] ?? '')}`),
          )
          .map(([door, answer]) => `${door}: HTTP ${answer.status()} ${answer.headers().location ?? ''}`);
        expect(open, 'without a session every member door sends to the sign-in, remembering where the member was going').toEqual([]);
        const quote = await anonymous.post('/api/diesel/angebot', { data: order });
        expect(quote.status(), 'the quote API refuses a caller without a session').toBe(401);
      } finally {
        await anonymous.dispose();
      }

      // The member's own session, but no token or one from elsewhere: what a page of another site could send in their name.
      for (const [how, token] of [
        ['without a token', {}],
        ['with a forged token', { _csrf: 'forged-token' }],
      ] as const) {
        const sent = await context.request.post('/diesel', { form: { ...order, ...token }, maxRedirects: 0 });
        expect(sent.status(), `an order ${how} is refused`).toBe(403);
      }
      const open = before.find((stored) => stored.status === 'open');
      for (const [how, token] of [
        ['without a token', {}],
        ['with a forged token', { _csrf: 'forged-token' }],
      ] as const) {
        const cancel = await context.request.post(`/bestellungen/${encodeURIComponent(open?.orderNumber ?? 'none')}/stornieren`, {
          form: token,
          maxRedirects: 0,
        });
        expect(cancel.status(), `cancelling the member's open order ${open?.orderNumber} ${how} is refused`).toBe(403);
      }
      const bare = await context.request.post('/api/diesel/angebot', { data: order });
      expect(bare.status(), 'a quote without a token is refused').toBe(403);
      const forgedQuote = await context.request.post('/api/diesel/angebot', { data: order, headers: { 'X-CSRF-Token': 'forged-token' } });
      expect(forgedQuote.status(), 'a quote with a forged token is refused').toBe(403);
      expect(
        (await memberOrders.list()).map((stored) => `${stored.orderNumber} ${stored.status}`),
        "nothing was ordered or cancelled in the member's name",
      ).toEqual(before.map((stored) => `${stored.orderNumber} ${stored.status}`));
    });

    test('the order form and the quote answer within their budgets', { tag: '@probe' }, async ({ dieselOrderPage, portalApi }) => {
      const timed = async <T>(action: () => Promise<T>) => {
        const started = performance.now();
        const value = await action();
        return { value, ms: performance.now() - started };
      };
      // The form counts as open once a member can fill in every field of it.
      const form = await timed(async () => {
        await dieselOrderPage.goto();
        await expect(dieselOrderPage.deliveryDate, 'the order form asks for the delivery date').toBeVisible();
      });
      const quote = await timed(() =>
        portalApi.quote({ product: 'diesel', quantity: '1500', postcode: '01067', deliveryDate: workingDayAfter(new Date(), 3) }),
      );
      const prices = await timed(() => portalApi.getJson('/api/preise', priceListSchema, 'the price list'));

      expect(quote.value.status, 'the quote answers').toBe(200);
      expect(form.ms, `the order form took ${Math.round(form.ms)} ms (budget ${BUDGET_MS.page} ms)`).toBeLessThan(BUDGET_MS.page);
      expect(quote.ms, `the quote took ${Math.round(quote.ms)} ms (budget ${BUDGET_MS.call} ms)`).toBeLessThan(BUDGET_MS.call);
      expect(prices.ms, `the price list took ${Math.round(prices.ms)} ms (budget ${BUDGET_MS.call} ms)`).toBeLessThan(BUDGET_MS.call);
    });
  });

  test('cancelling one order leaves every other order of the member as it was', async ({ context, portalApi, anotherMember }) => {
    // The member signs in here (not the worker's shared member): their orders are this test's alone to change.
    await anotherMember.signIn(context);
    const before = await anotherMember.storedOrders();
    const [, target] = anotherMember.orders;

    const cancelled = await portalApi.cancelOrder(target.orderNumber);
    expect(cancelled.status, `the member's cancellation of ${target.orderNumber} is accepted`).toBe(303);
    const after = await anotherMember.storedOrders();
    expect(after, `only ${target.orderNumber} changed, to cancelled; every other order is exactly as before`).toEqual(
      before.map((order) => (order.orderNumber === target.orderNumber ? { ...order, status: 'cancelled' } : order)),
    );
  });
});
