// Diesel order page: price quote and client-side validation (the server's rules and messages, from #diesel-rules).
const rules = JSON.parse(document.getElementById('diesel-rules').textContent);
const MESSAGES = rules.messages;
const FIELDS = Object.keys(MESSAGES);
const PRODUCTS = rules.products;
const SUMMARY = rules.summary;

const form = document.getElementById('diesel-form');
const quoteSection = document.getElementById('quote');
const summary = document.getElementById('form-errors');
const rejectLeadingZero = form.dataset.rejectLeadingZero === 'true';

const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const euroPerLitre = new Intl.NumberFormat('de-DE', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 3,
  maximumFractionDigits: 3,
});

function values() {
  const data = {};
  for (const name of FIELDS) {
    const control = form.elements.namedItem(name);
    if (control) data[name] = control.value;
  }
  return data;
}

function parseQuantity(value) {
  const raw = value.trim().replace(/[\u00a0\u202f]/g, ' ');
  if (/^\d+$/.test(raw) || /^\d{1,3}(\.\d{3})+$/.test(raw) || /^\d{1,3}( \d{3})+$/.test(raw)) {
    return Number(raw.replace(/[. ]/g, ''));
  }
  return null;
}

function isWorkingDayInWindow(value, min, max) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  const weekday = date.getUTCDay();
  return value >= min && value <= max && weekday !== 0 && weekday !== 6;
}

function validate(data) {
  const errors = {};
  if (!PRODUCTS.includes(data.product)) errors.product = MESSAGES.product;
  const quantity = parseQuantity(data.quantity ?? '');
  if (quantity === null || quantity < 500 || quantity > 30000) errors.quantity = MESSAGES.quantity;
  const street = (data.street ?? '').trim();
  if (street === '' || street.length > 120) errors.street = MESSAGES.street;
  const postcode = (data.postcode ?? '').trim();
  if (!/^\d{5}$/.test(postcode) || postcode === '00000' || (rejectLeadingZero && postcode.startsWith('0'))) {
    errors.postcode = MESSAGES.postcode;
  }
  const town = (data.town ?? '').trim();
  if (town === '' || town.length > 80) errors.town = MESSAGES.town;
  const dateInput = form.elements.namedItem('deliveryDate');
  if (dateInput && !isWorkingDayInWindow((data.deliveryDate ?? '').trim(), dateInput.min, dateInput.max)) {
    errors.deliveryDate = MESSAGES.deliveryDate;
  }
  if ((data.notes ?? '').trim().length > 500) errors.notes = MESSAGES.notes;
  return errors;
}

function showErrors(errors) {
  for (const name of FIELDS) {
    const control = form.elements.namedItem(name);
    const message = document.getElementById(`${name}-error`);
    const text = errors[name] ?? '';
    if (control) {
      if (text) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    }
    if (message) {
      message.textContent = text;
      message.hidden = !text;
    }
  }
  const hasErrors = Object.keys(errors).length > 0;
  summary.textContent = hasErrors ? SUMMARY : '';
  summary.hidden = !hasErrors;
  if (hasErrors) {
    const first = FIELDS.map((name) => form.elements.namedItem(name)).find((control) => control && errors[control.name]);
    first?.focus();
  }
}

function renderQuote(quote) {
  const rows = [
    ['Preis pro Liter', 'quote-price-per-litre', euroPerLitre.format(quote.pricePerLitre)],
    ['Zwischensumme', 'quote-subtotal', euro.format(quote.subtotal)],
    ['Mitgliederrabatt', 'quote-discount', euro.format(-quote.discount)],
    ['Liefergebühr', 'quote-delivery-fee', euro.format(quote.deliveryFee)],
    ['MwSt. 19 %', 'quote-vat', euro.format(quote.vat)],
    ['Gesamt', 'quote-total', euro.format(quote.total)],
  ];
  const list = document.createElement('dl');
  for (const [label, testId, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.dataset.testid = testId;
    dd.textContent = value;
    list.append(dt, dd);
  }
  const heading = document.createElement('h2');
  heading.textContent = 'Preisberechnung';
  quoteSection.replaceChildren(heading, list);
  quoteSection.hidden = false;
}

function quoteFailed(text) {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = text;
  quoteSection.replaceChildren(message);
  quoteSection.hidden = false;
}

async function requestQuote() {
  const response = await fetch('/api/diesel/angebot', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-CSRF-Token': form.elements.namedItem('_csrf').value,
    },
    body: JSON.stringify(values()),
  }).catch(() => null);
  if (!response) return quoteFailed('Der Preis konnte nicht berechnet werden: keine Verbindung zum Server.');
  if (response.status === 422) {
    const body = await response.json();
    quoteSection.hidden = true;
    return showErrors(body.errors ?? {});
  }
  if (!response.ok) return quoteFailed(`Der Preis konnte nicht berechnet werden (Fehler ${response.status}).`);
  showErrors({});
  renderQuote(await response.json());
}

document.getElementById('quote-button').addEventListener('click', () => {
  void requestQuote();
});

document.getElementById('submit-button').addEventListener('click', () => {
  const errors = validate(values());
  showErrors(errors);
  if (Object.keys(errors).length === 0) form.submit();
});
