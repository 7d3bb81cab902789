import { dayOfWeek, deliveryWindow, isIsoDate } from './dates';
import { isProductKey, type ProductKey } from './pricing';

export const ORDER_FIELDS = ['product', 'quantity', 'street', 'postcode', 'town', 'deliveryDate', 'notes'] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export type FieldErrors = Partial<Record<OrderField, string>>;

export const MESSAGES = {
  product: 'Bitte ein Produkt wählen.',
  quantity: 'Bitte eine Menge zwischen 500 und 30.000 Litern angeben.',
  street: 'Bitte Straße und Hausnummer angeben.',
  postcode: 'Bitte eine gültige fünfstellige Postleitzahl angeben.',
  town: 'Bitte den Ort angeben.',
  deliveryDate: 'Bitte einen Werktag zwischen morgen und in 30 Tagen wählen.',
  notes: 'Anmerkungen dürfen höchstens 500 Zeichen lang sein.',
} as const satisfies Record<OrderField, string>;

export const FORM_ERROR_SUMMARY = 'Bitte prüfen Sie die markierten Felder.';

/** Raw order input as it comes from the form, the quote JSON or the test-data API. */
export type OrderInput = Partial<Record<OrderField, unknown>>;

/** A validated order request. */
export interface ValidOrder {
  product: ProductKey;
  quantityLitres: number;
  street: string;
  postcode: string;
  town: string;
  deliveryDate: string;
  notes: string;
}

export interface ValidationOptions {
  now?: Date;
  /** diesel-rejects-valid-postcode: refuse postcodes starting with 0. */
  rejectLeadingZeroPostcode?: boolean;
  /** Validate only product and quantity, and the other fields only when filled (price quote). */
  quoteOnly?: boolean;
  /** diesel-server-accepts-invalid: skip the quantity range, postcode and delivery date rules. */
  skipRangeRules?: boolean;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');

/** Parses "1500", "1.500" or "1 500" into litres; null when not a whole number in that form. */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  const raw = text(value).replace(/[\u00a0\u202f]/g, ' ');
  if (/^\d+$/.test(raw) || /^\d{1,3}(\.\d{3})+$/.test(raw) || /^\d{1,3}( \d{3})+$/.test(raw)) {
    return Number(raw.replace(/[. ]/g, ''));
  }
  return null;
}

/** Checks a German postcode: five digits, not 00000. */
export function isValidPostcode(value: string, rejectLeadingZero = false): boolean {
  if (!/^\d{5}$/.test(value) || value === '00000') return false;
  return !(rejectLeadingZero && value.startsWith('0'));
}

/** Validates an order request with the rules shared by the form, the page script and the test-data API. */
export function validateOrder(
  input: OrderInput,
  options: ValidationOptions = {},
): { ok: true; value: ValidOrder } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const filled = (field: OrderField): boolean => !options.quoteOnly || text(input[field]) !== '';

  const product = text(input.product);
  if (!isProductKey(product)) errors.product = MESSAGES.product;

  const quantity = parseQuantity(input.quantity);
  const inRange = options.skipRangeRules || (quantity !== null && quantity >= 500 && quantity <= 30000);
  if (quantity === null || !inRange) errors.quantity = MESSAGES.quantity;

  const street = text(input.street);
  if (filled('street') && (street === '' || street.length > 120)) errors.street = MESSAGES.street;

  const postcode = text(input.postcode);
  if (filled('postcode') && !options.skipRangeRules && !isValidPostcode(postcode, options.rejectLeadingZeroPostcode)) {
    errors.postcode = MESSAGES.postcode;
  }

  const town = text(input.town);
  if (filled('town') && (town === '' || town.length > 80)) errors.town = MESSAGES.town;

  const deliveryDate = text(input.deliveryDate);
  if (filled('deliveryDate') && !options.skipRangeRules) {
    const { min, max } = deliveryWindow(options.now);
    const weekday = isIsoDate(deliveryDate) ? dayOfWeek(deliveryDate) : 0;
    if (!isIsoDate(deliveryDate) || deliveryDate < min || deliveryDate > max || weekday === 0 || weekday === 6) {
      errors.deliveryDate = MESSAGES.deliveryDate;
    }
  }

  const notes = typeof input.notes === 'string' ? input.notes.trim() : '';
  if (notes.length > 500) errors.notes = MESSAGES.notes;

  if (Object.keys(errors).length > 0 || !isProductKey(product) || quantity === null) {
    return { ok: false, errors };
  }
  return { ok: true, value: { product, quantityLitres: quantity, street, postcode, town, deliveryDate, notes } };
}
