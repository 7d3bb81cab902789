export const PRODUCTS = {
  diesel: { name: 'Diesel', pricePerLitre: 1.459 },
  heizoel: { name: 'Heizöl', pricePerLitre: 1.089 },
  adblue: { name: 'AdBlue', pricePerLitre: 0.689 },
} as const;

export type ProductKey = keyof typeof PRODUCTS;

export const PRODUCT_KEYS = Object.keys(PRODUCTS) as ProductKey[];

export const PRICING = {
  currency: 'EUR',
  vatRate: 0.19,
  memberDiscountRate: 0.03,
  largeOrderDiscountRate: 0.05,
  largeOrderFromLitres: 10000,
  deliveryFee: 49,
  freeDeliveryFromLitres: 2000,
} as const;

/** A price calculation in integer cents. */
export interface Quote {
  product: ProductKey;
  quantityLitres: number;
  pricePerLitre: number;
  subtotalCents: number;
  discountCents: number;
  deliveryFeeCents: number;
  vatCents: number;
  totalCents: number;
}

/** Whether `value` names a product on the price list. */
export function isProductKey(value: unknown): value is ProductKey {
  return typeof value === 'string' && Object.hasOwn(PRODUCTS, value);
}

/** Round half up to an integer; the small epsilon absorbs binary float error (1.459 × 100). */
function roundHalfUp(value: number): number {
  return Math.floor(value + 0.5 + 1e-9);
}

/**
 * Prices an order in cents, rounding half up at each step.
 * `vatOnSubtotal` reproduces the diesel-price-wrong fault (VAT taken before discount and fee),
 * `largeDiscountAboveThreshold` the diesel-discount-boundary fault (5 % only above 10.000 l).
 */
export function computeQuote(
  product: ProductKey,
  quantityLitres: number,
  options: { vatOnSubtotal?: boolean; largeDiscountAboveThreshold?: boolean } = {},
): Quote {
  const pricePerLitre = PRODUCTS[product].pricePerLitre;
  const subtotalCents = roundHalfUp(quantityLitres * pricePerLitre * 100);
  const large = options.largeDiscountAboveThreshold
    ? quantityLitres > PRICING.largeOrderFromLitres
    : quantityLitres >= PRICING.largeOrderFromLitres;
  const rate = large ? PRICING.largeOrderDiscountRate : PRICING.memberDiscountRate;
  const discountCents = roundHalfUp(subtotalCents * rate);
  const deliveryFeeCents = quantityLitres < PRICING.freeDeliveryFromLitres ? PRICING.deliveryFee * 100 : 0;
  const netCents = subtotalCents - discountCents + deliveryFeeCents;
  const vatCents = roundHalfUp((options.vatOnSubtotal ? subtotalCents : netCents) * PRICING.vatRate);
  return {
    product,
    quantityLitres,
    pricePerLitre,
    subtotalCents,
    discountCents,
    deliveryFeeCents,
    vatCents,
    totalCents: netCents + vatCents,
  };
}

/** The JSON shape of a quote (euros, two decimals; price per litre three). */
export function quoteToJson(quote: Quote): Record<string, string | number> {
  return {
    product: quote.product,
    quantityLitres: quote.quantityLitres,
    pricePerLitre: quote.pricePerLitre,
    subtotal: quote.subtotalCents / 100,
    discount: quote.discountCents / 100,
    deliveryFee: quote.deliveryFeeCents / 100,
    vat: quote.vatCents / 100,
    total: quote.totalCents / 100,
  };
}

/** The public price list served at /api/preise; `misstated` reproduces the diesel-price-list-wrong fault. */
export function priceList(misstated = false): Record<string, unknown> {
  const rules = misstated ? { ...PRICING, memberDiscountRate: 0.05, freeDeliveryFromLitres: 1000 } : PRICING;
  return { ...rules, products: PRODUCTS };
}
