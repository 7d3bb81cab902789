import type { Hono } from 'hono';
import type { PortalDeps, PortalEnv } from '../context';
import { deliveryWindow } from '../dates';
import { computeQuote, quoteToJson } from '../pricing';
import { validateOrder, ORDER_FIELDS, type FieldErrors } from '../validation';
import { dieselPage, type DieselFormValues } from '../views/diesel';
import { confirmationPage } from '../views/pages';
import { csrfRejected, csrfValid, formFields, internalError, notFoundPage, toLogin, viewerOf, type PortalContext } from './helpers';

/** Whether the request comes from a synthetic probe (marked orders can be told from members' ones). */
export function isSynthetic(c: PortalContext): boolean {
  return c.req.header('x-synthetic-probe') !== undefined;
}

/** Diesel order form, submission, confirmation and the price quote API. */
export function registerDieselRoutes(app: Hono<PortalEnv>, deps: PortalDeps): void {
  // Stryker disable all: fault injection: the faults' switches handed to pricing and validation (all off without faults)
  const priceFaults = () => ({
    vatOnSubtotal: deps.faults.has('diesel-price-wrong'),
    largeDiscountAboveThreshold: deps.faults.has('diesel-discount-boundary'),
  });
  const ruleFaults = () => ({
    rejectLeadingZeroPostcode: deps.faults.has('diesel-rejects-valid-postcode'),
    skipRangeRules: deps.faults.has('diesel-server-accepts-invalid'),
  });

  // Stryker restore all
  const renderForm = (c: PortalContext, values: DieselFormValues, errors: FieldErrors, status: 200 | 422) => {
    const { min, max } = deliveryWindow();
    return c.html(
      dieselPage(viewerOf(c), {
        values,
        errors,
        minDate: min,
        maxDate: max,
        withDeliveryDate: !deps.faults.has('diesel-field-missing'),
        rejectLeadingZero: deps.faults.has('diesel-rejects-valid-postcode'),
      }),
      status,
    );
  };

  app.get('/diesel', (c) => {
    const member = c.get('member');
    if (!member) return toLogin(c, '/diesel');
    return renderForm(c, { street: member.street, postcode: member.postcode, town: member.town }, {}, 200);
  });

  app.post('/diesel', async (c) => {
    const member = c.get('member');
    if (!member) return toLogin(c, '/diesel');
    const fields = await formFields(c);
    if (!csrfValid(c, fields._csrf)) return csrfRejected(c);
    if (deps.faults.has('diesel-submit-500')) return internalError(c);
    const values: DieselFormValues = {};
    for (const field of ORDER_FIELDS) if (fields[field] !== undefined) values[field] = fields[field];
    const result = validateOrder(values, ruleFaults());
    if (!result.ok) return renderForm(c, values, result.errors, 422);
    const newOrder = {
      ...result.value,
      quote: computeQuote(result.value.product, result.value.quantityLitres, priceFaults()),
      synthetic: isSynthetic(c),
    };
    const order = deps.store.createOrder(member.id, newOrder);
    if (deps.faults.has('diesel-double-order')) deps.store.createOrder(member.id, newOrder);
    return c.redirect(`/diesel/bestaetigung/${encodeURIComponent(order.orderNumber)}`, 303);
  });

  app.get('/diesel/bestaetigung/:nr', (c) => {
    const member = c.get('member');
    if (!member) return toLogin(c, `/diesel/bestaetigung/${c.req.param('nr')}`);
    const order = deps.store.order(c.req.param('nr'));
    const owner = deps.faults.has('orders-unscoped') ? order?.memberId : member.id;
    if (!order || order.memberId !== owner) return notFoundPage(c);
    return c.html(confirmationPage(viewerOf(c), order));
  });

  app.post('/api/diesel/angebot', async (c) => {
    if (!c.get('member')) return c.json({ error: 'Nicht angemeldet: bitte zuerst anmelden.' }, 401);
    if (!csrfValid(c, c.req.header('x-csrf-token'))) {
      return c.json({ error: 'Sicherheitstoken ungültig. Bitte laden Sie die Seite neu.' }, 403);
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'Request body must be a JSON object with the form fields.' }, 400);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return c.json({ error: 'Request body must be a JSON object with the form fields.' }, 400);
    }
    const result = validateOrder(body, { quoteOnly: true, ...ruleFaults() });
    if (!result.ok) return c.json({ errors: result.errors }, 422);
    const quote = computeQuote(result.value.product, result.value.quantityLitres, priceFaults());
    return c.json(quoteToJson(quote));
  });
}
