import { html } from 'hono/html';
import { formatCents, formatDate, formatLitres } from '../format';
import { PRODUCTS } from '../pricing';
import type { Member, Order } from '../store';
import { csrfField, layout, ORGANISATION, type Html, type Viewer } from './layout';

/** Start page with links to the services. */
export function homePage(viewer: Viewer): Html {
  return layout(
    'Startseite',
    viewer,
    html`<h1>${ORGANISATION}</h1>
<p>Willkommen im Mitgliederportal der ${ORGANISATION}. Hier bestellen Mitglieder Diesel, Heizöl und AdBlue, sehen das Wetter für ihre Flächen und finden Leasingangebote und Rabatte.</p>
<ul class="services">
<li><a href="/wetter">Wetter</a></li>
<li><a href="/diesel">Diesel bestellen</a></li>
<li><a href="/leasing">Maschinenleasing</a></li>
<li><a href="/rabatte">Mitgliederrabatte</a></li>
<li><a href="/mitglied">Mitgliederbereich</a></li>
</ul>`,
  );
}

/** Login form, optionally with an error or the signed-out notice. */
export function loginPage(viewer: Viewer, options: { email?: string; next?: string; error?: string; signedOut?: boolean }): Html {
  return layout(
    'Anmelden',
    viewer,
    html`<h1>Anmelden</h1>
${options.signedOut ? html`<p role="status">Sie wurden abgemeldet.</p>` : ''}
${options.error ? html`<p role="alert">${options.error}</p>` : ''}
<form method="post" action="/anmelden">
${csrfField(viewer.csrfToken)}
<input type="hidden" name="weiter" value="${options.next ?? ''}">
<div class="field"><label for="email">E-Mail</label><input id="email" name="email" type="email" autocomplete="username" value="${options.email ?? ''}" required></div>
<div class="field"><label for="password">Passwort</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit">Anmelden</button>
</form>`,
  );
}

const STATUS_LABEL = { open: 'Offen', cancelled: 'Storniert' } as const;

/** Member services: greeting, member number, services and orders. */
export function memberPage(
  viewer: Viewer,
  member: Member,
  orders: Order[],
  options: { showServices: boolean; notice: string | null },
): Html {
  const services = options.showServices
    ? html`<section aria-labelledby="leistungen">
<h2 id="leistungen">Ihre Leistungen</h2>
<ul class="services">
<li><a href="/wetter">Wetter</a></li>
<li><a href="/diesel">Diesel bestellen</a></li>
<li><a href="/leasing">Maschinenleasing</a></li>
<li><a href="/rabatte">Mitgliederrabatte</a></li>
</ul>
</section>`
    : '';
  const rows = orders.map(
    (order) => html`<tr>
<td>${order.orderNumber}</td>
<td>${PRODUCTS[order.product].name}</td>
<td>${formatLitres(order.quantityLitres)}</td>
<td>${formatDate(order.deliveryDate)}</td>
<td>${formatCents(order.quote.totalCents)}</td>
<td>${STATUS_LABEL[order.status]}</td>
<td>${
      order.status === 'open'
        ? html`<form method="post" action="/bestellungen/${order.orderNumber}/stornieren">${csrfField(viewer.csrfToken)}<button type="submit" aria-label="Bestellung ${order.orderNumber} stornieren">Stornieren</button></form>`
        : ''
    }</td>
</tr>`,
  );
  const orderList =
    orders.length === 0
      ? html`<p>Noch keine Bestellungen.</p>`
      : html`<table aria-labelledby="bestellungen">
<thead><tr><th scope="col">Bestellnummer</th><th scope="col">Produkt</th><th scope="col">Menge</th><th scope="col">Liefertermin</th><th scope="col">Gesamt</th><th scope="col">Status</th><th scope="col">Aktion</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return layout(
    'Mitgliederbereich',
    viewer,
    html`<h1>Willkommen, ${member.firstName} ${member.lastName}</h1>
${options.notice ? html`<p role="status">${options.notice}</p>` : ''}
<p>Mitgliedsnummer: <strong data-testid="member-number">${member.memberNumber}</strong></p>
${services}
<section aria-labelledby="bestellungen">
<h2 id="bestellungen">Ihre Bestellungen</h2>
${orderList}
</section>`,
  );
}

/** Order confirmation after a successful diesel order. */
export function confirmationPage(viewer: Viewer, order: Order): Html {
  return layout(
    'Bestellung eingegangen',
    viewer,
    html`<h1>Bestellung eingegangen</h1>
<p>Vielen Dank. Wir liefern an ${order.street}, ${order.postcode} ${order.town}.</p>
<dl>
<dt>Bestellnummer</dt><dd data-testid="confirmation-order-number">${order.orderNumber}</dd>
<dt>Produkt</dt><dd data-testid="confirmation-product">${PRODUCTS[order.product].name}</dd>
<dt>Menge</dt><dd data-testid="confirmation-quantity">${formatLitres(order.quantityLitres)}</dd>
<dt>Liefertermin</dt><dd data-testid="confirmation-delivery-date">${formatDate(order.deliveryDate)}</dd>
<dt>Gesamt</dt><dd data-testid="confirmation-total">${formatCents(order.quote.totalCents)}</dd>
</dl>
<p><a href="/mitglied">Zum Mitgliederbereich</a></p>`,
  );
}

/** A simple information page (leasing, discounts). */
export function infoPage(viewer: Viewer, title: string, sentence: string): Html {
  return layout(title, viewer, html`<h1>${title}</h1><p>${sentence}</p><p><a href="/mitglied">Zum Mitgliederbereich</a></p>`);
}
