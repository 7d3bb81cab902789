import { html, raw } from 'hono/html';
import { PRODUCTS, PRODUCT_KEYS } from '../pricing';
import { FORM_ERROR_SUMMARY, MESSAGES, type FieldErrors, type OrderField } from '../validation';
import { csrfField, layout, type Html, type Viewer } from './layout';

/** The server's field messages, handed to the page script so page and server say exactly the same. */
const PAGE_RULES = JSON.stringify({ messages: MESSAGES, summary: FORM_ERROR_SUMMARY, products: PRODUCT_KEYS }).replace(/</g, '\\u003c');

export type DieselFormValues = Partial<Record<OrderField, string>>;

export interface DieselFormOptions {
  values: DieselFormValues;
  errors: FieldErrors;
  minDate: string;
  maxDate: string;
  /** diesel-field-missing: the delivery date field is left out. */
  withDeliveryDate: boolean;
  /** diesel-rejects-valid-postcode: the page script refuses leading zeros too. */
  rejectLeadingZero: boolean;
}

function errorAttributes(name: OrderField, errors: FieldErrors): Html {
  return html`aria-describedby="${name}-error" aria-errormessage="${name}-error"${errors[name] ? html` aria-invalid="true"` : ''}`;
}

function errorText(name: OrderField, errors: FieldErrors): Html {
  const message = errors[name];
  return html`<p id="${name}-error" class="field-error"${message ? '' : html` hidden`}>${message ?? ''}</p>`;
}

function textField(name: OrderField, label: string, value: string | undefined, errors: FieldErrors, extra: Html = html``): Html {
  return html`<div class="field"><label for="${name}">${label}</label><input id="${name}" name="${name}" type="text" value="${value ?? ''}" ${extra} ${errorAttributes(name, errors)}>${errorText(name, errors)}</div>`;
}

/** The diesel order form; the same markup serves the first visit and the 422 answer. */
export function dieselPage(viewer: Viewer, options: DieselFormOptions): Html {
  const { values, errors } = options;
  const hasErrors = Object.keys(errors).length > 0;
  const product = values.product ?? 'diesel';
  const productOptions = PRODUCT_KEYS.map(
    (key) => html`<option value="${key}"${key === product ? html` selected` : ''}>${PRODUCTS[key].name}</option>`,
  );
  const deliveryDate = options.withDeliveryDate
    ? html`<div class="field"><label for="deliveryDate">Liefertermin</label><input id="deliveryDate" name="deliveryDate" type="date" min="${options.minDate}" max="${options.maxDate}" value="${values.deliveryDate ?? ''}" ${errorAttributes('deliveryDate', errors)}>${errorText('deliveryDate', errors)}</div>`
    : '';
  return layout(
    'Diesel bestellen',
    viewer,
    html`<h1>Diesel bestellen</h1>
<p>Mitglieder erhalten 3 % Rabatt, ab 10.000 Litern 5 %. Ab 2.000 Litern liefern wir ohne Liefergebühr.</p>
<div role="alert" id="form-errors"${hasErrors ? '' : html` hidden`}>${hasErrors ? FORM_ERROR_SUMMARY : ''}</div>
<form id="diesel-form" method="post" action="/diesel" novalidate data-reject-leading-zero="${options.rejectLeadingZero ? 'true' : 'false'}">
${csrfField(viewer.csrfToken)}
<div class="field"><label for="product">Produkt</label><select id="product" name="product" ${errorAttributes('product', errors)}>${productOptions}</select>${errorText('product', errors)}</div>
${textField('quantity', 'Menge (Liter)', values.quantity, errors, html`inputmode="numeric"`)}
${textField('street', 'Straße und Hausnummer', values.street, errors, html`autocomplete="street-address"`)}
${textField('postcode', 'Postleitzahl', values.postcode, errors, html`inputmode="numeric" autocomplete="postal-code"`)}
${textField('town', 'Ort', values.town, errors, html`autocomplete="address-level2"`)}
${deliveryDate}
<div class="field"><label for="notes">Anmerkungen</label><textarea id="notes" name="notes" maxlength="500" ${errorAttributes('notes', errors)}>${values.notes ?? ''}</textarea>${errorText('notes', errors)}</div>
<div class="actions">
<button type="button" id="quote-button">Preis berechnen</button>
<button type="button" id="submit-button">Bestellung absenden</button>
</div>
</form>
<section id="quote" aria-label="Preisberechnung" hidden></section>`,
    html`<script type="application/json" id="diesel-rules">${raw(PAGE_RULES)}</script>
<script type="module" src="/static/diesel.js"></script>`,
  );
}
