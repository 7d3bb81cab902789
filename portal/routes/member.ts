import type { Hono } from 'hono';
import type { PortalDeps, PortalEnv } from '../context';
import { infoPage, memberPage } from '../views/pages';
import { csrfRejected, csrfValid, formFields, notFoundPage, toLogin, viewerOf } from './helpers';

/** Member services, order cancellation and the simple service pages. */
export function registerMemberRoutes(app: Hono<PortalEnv>, deps: PortalDeps): void {
  app.get('/mitglied', (c) => {
    const member = c.get('member');
    if (!member) return toLogin(c, '/mitglied');
    const session = c.get('session');
    const notice = session.flash;
    session.flash = null;
    return c.html(
      memberPage(viewerOf(c), member, deps.faults.has('orders-unscoped') ? deps.store.allOrders() : deps.store.ordersOf(member.id), {
        showServices: !deps.faults.has('member-services-missing'),
        notice,
      }),
    );
  });

  app.post('/bestellungen/:nr/stornieren', async (c) => {
    const member = c.get('member');
    if (!member) return toLogin(c, '/mitglied');
    const fields = await formFields(c);
    if (!csrfValid(c, fields._csrf)) return csrfRejected(c);
    const order = deps.store.order(c.req.param('nr'));
    const owner = deps.faults.has('orders-unscoped') ? order?.memberId : member.id;
    if (!order || order.memberId !== owner) return notFoundPage(c);
    order.status = 'cancelled';
    c.get('session').flash = `Bestellung ${order.orderNumber} wurde storniert.`;
    return c.redirect('/mitglied', 303);
  });

  app.get('/leasing', (c) =>
    c.html(
      infoPage(
        viewerOf(c),
        'Maschinenleasing',
        'Traktoren, Mähdrescher und Feldspritzen least die Genossenschaft für ihre Mitglieder zu Sonderkonditionen; sprechen Sie uns an.',
      ),
    ),
  );

  app.get('/rabatte', (c) =>
    c.html(
      infoPage(
        viewerOf(c),
        'Mitgliederrabatte',
        'Mitglieder erhalten 3 % Rabatt auf Diesel, Heizöl und AdBlue, ab 10.000 Litern 5 %, und Vorzugspreise bei unseren Partnern.',
      ),
    ),
  );
}
