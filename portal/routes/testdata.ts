import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { PortalDeps, PortalEnv } from '../context';
import { FAULT_DESCRIPTIONS, FAULTS, isFaultName } from '../faults';
import { hashPassword } from '../password';
import { computeQuote } from '../pricing';
import { safeEqual } from '../session';
import type { Member, Order } from '../store';
import { isValidPostcode, validateOrder } from '../validation';
import { isSynthetic } from './diesel';

const memberSchema = z.object({
  email: z.email(),
  password: z.string().min(1),
  firstName: z.string().trim().min(1),
  lastName: z.string().trim().min(1),
  street: z.string().trim().min(1),
  postcode: z.string().refine((value) => isValidPostcode(value), 'must be a five-digit German postcode'),
  town: z.string().trim().min(1),
});

const orderSchema = z.object({
  product: z.string(),
  quantityLitres: z.union([z.number(), z.string()]),
  deliveryDate: z.string(),
  street: z.string().optional(),
  postcode: z.string().optional(),
  town: z.string().optional(),
  notes: z.string().optional(),
});

const faultsSchema = z.object({ active: z.array(z.string()) });

/** The member JSON of the test-data API. */
export function memberJson(member: Member): Record<string, string> {
  const { id, memberNumber, email, firstName, lastName, street, postcode, town } = member;
  return { id, memberNumber, email, firstName, lastName, street, postcode, town };
}

/** The order JSON of the test-data API. */
export function orderJson(order: Order): Record<string, unknown> {
  return {
    orderNumber: order.orderNumber,
    product: order.product,
    quantityLitres: order.quantityLitres,
    deliveryDate: order.deliveryDate,
    street: order.street,
    postcode: order.postcode,
    town: order.town,
    total: order.quote.totalCents / 100,
    status: order.status,
    synthetic: order.synthetic,
    createdAt: order.createdAt,
  };
}

/** Bearer SEED_TOKEN guard; the whole API is absent (404) in production mode or without a token. */
function seedTokenGuard(deps: PortalDeps): MiddlewareHandler<PortalEnv> {
  return async (c, next) => {
    if (deps.mode === 'production' || !deps.seedToken) return c.json({ error: 'Not found' }, 404);
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!token) return c.json({ error: 'Missing Authorization: Bearer <SEED_TOKEN> header.' }, 401);
    if (!safeEqual(token, deps.seedToken)) return c.json({ error: 'Invalid seed token.' }, 401);
    await next();
  };
}

async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/** Test-data (seeding) API and the fault admin API. */
export function registerTestDataRoutes(app: Hono<PortalEnv>, deps: PortalDeps): void {
  const guard = seedTokenGuard(deps);
  app.use('/api/testdata/*', guard);
  app.use('/api/testdata', guard);
  app.use('/api/admin/*', guard);
  app.use('/api/admin', guard);

  app.post('/api/testdata/members', async (c) => {
    const parsed = memberSchema.safeParse(await jsonBody(c));
    if (!parsed.success) {
      return c.json({ error: `Invalid member: ${z.prettifyError(parsed.error)}`, issues: parsed.error.issues }, 400);
    }
    const { password, ...fields } = parsed.data;
    const { member, created } = deps.store.upsertMember({ ...fields, passwordHash: await hashPassword(password, deps.passwords.cost) });
    return c.json(memberJson(member), created ? 201 : 200);
  });

  app.delete('/api/testdata/members/:id', (c) => {
    const id = c.req.param('id');
    if (!deps.store.deleteMember(id)) return c.json({ error: `Unknown member ${id}` }, 404);
    deps.sessions.deleteForMember(id);
    return c.body(null, 204);
  });

  app.get('/api/testdata/members/:id/orders', (c) => {
    const member = deps.store.member(c.req.param('id'));
    if (!member) return c.json({ error: `Unknown member ${c.req.param('id')}` }, 404);
    return c.json(deps.store.ordersOf(member.id).map(orderJson));
  });

  app.post('/api/testdata/members/:id/orders', async (c) => {
    const member = deps.store.member(c.req.param('id'));
    if (!member) return c.json({ error: `Unknown member ${c.req.param('id')}` }, 404);
    const parsed = orderSchema.safeParse(await jsonBody(c));
    if (!parsed.success) {
      return c.json({ error: `Invalid order: ${z.prettifyError(parsed.error)}`, issues: parsed.error.issues }, 400);
    }
    const body = parsed.data;
    const result = validateOrder({
      product: body.product,
      quantity: body.quantityLitres,
      deliveryDate: body.deliveryDate,
      street: body.street ?? member.street,
      postcode: body.postcode ?? member.postcode,
      town: body.town ?? member.town,
      notes: body.notes ?? '',
    });
    if (!result.ok) return c.json({ errors: result.errors }, 422);
    const order = deps.store.createOrder(member.id, {
      ...result.value,
      quote: computeQuote(result.value.product, result.value.quantityLitres),
      synthetic: isSynthetic(c),
    });
    return c.json(orderJson(order), 201);
  });

  app.delete('/api/testdata/members/:id/orders/:orderNumber', (c) => {
    const order = deps.store.order(c.req.param('orderNumber'));
    if (!order || order.memberId !== c.req.param('id')) {
      return c.json({ error: `Unknown order ${c.req.param('orderNumber')} for member ${c.req.param('id')}` }, 404);
    }
    deps.store.deleteOrder(order.orderNumber);
    return c.body(null, 204);
  });

  const faultState = () => ({
    active: deps.faults.list(),
    available: FAULTS.map((name) => ({ name, description: FAULT_DESCRIPTIONS[name] })),
  });

  app.get('/api/admin/faults', (c) => c.json(faultState()));

  app.put('/api/admin/faults', async (c) => {
    const parsed = faultsSchema.safeParse(await jsonBody(c));
    if (!parsed.success) {
      return c.json({ error: `Expected a body { "active": string[] }: ${z.prettifyError(parsed.error)}` }, 400);
    }
    const unknown = parsed.data.active.filter((name) => !isFaultName(name));
    if (unknown.length > 0) {
      return c.json({ error: `Unknown fault name(s): ${unknown.join(', ')}. Allowed: ${FAULTS.join(', ')}.`, unknown }, 400);
    }
    deps.faults.set(parsed.data.active);
    return c.json(faultState());
  });
}
