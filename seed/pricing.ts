import { z } from 'zod';
import type { Product } from './builders';

/**
 * The cooperative's order rules, written down from its price regulations (portal/README.md "Pricing"), never read
 * from the target: a portal that changes a rule must fail the check, not teach it the new rule.
 */
export const BUSINESS_RULES = Object.freeze({
  currency: 'EUR',
  /** Member discount on every order. */
  memberDiscountRate: 0.03,
  /** Discount from `largeOrderFromLitres` instead of the member discount. */
  largeOrderDiscountRate: 0.05,
  largeOrderFromLitres: 10_000,
  /** Delivery fee in euros below `freeDeliveryFromLitres`. */
  deliveryFee: 49,
  freeDeliveryFromLitres: 2_000,
  vatRate: 0.19,
  /** The order form's quantity range in litres. */
  minLitres: 500,
  maxLitres: 30_000,
  /** The order form's text limits, in characters (street and town are required). */
  maxStreetChars: 120,
  maxTownChars: 80,
  maxNotesChars: 500,
  /** Delivery on a working day from tomorrow up to this many days ahead (Europe/Berlin). */
  deliveryWindowDays: 30,
});
export type BusinessRules = typeof BUSINESS_RULES;

/** The rule parameters a price list states; each is compared with BUSINESS_RULES. */
export const STATED_RULES = [
  'memberDiscountRate',
  'largeOrderDiscountRate',
  'largeOrderFromLitres',
  'deliveryFee',
  'freeDeliveryFromLitres',
  'vatRate',
] as const;

/**
 * Every boundary of the rules, both sides: the smallest order, the free-delivery threshold, the large-order
 * discount threshold and the largest order. A rule off by one litre shows at one of these.
 */
export const BAND_QUANTITIES = [
  BUSINESS_RULES.minLitres,
  BUSINESS_RULES.freeDeliveryFromLitres - 1,
  BUSINESS_RULES.freeDeliveryFromLitres,
  BUSINESS_RULES.largeOrderFromLitres - 1,
  BUSINESS_RULES.largeOrderFromLitres,
  BUSINESS_RULES.maxLitres,
] as const;

/** Quantities just outside the order form's range, which the server must refuse. */
export const OUT_OF_RANGE_QUANTITIES = [BUSINESS_RULES.minLitres - 1, BUSINESS_RULES.maxLitres + 1] as const;

/** The public price list (`GET /api/preise`): only the price per litre is taken from it; the rules it states are checked. */
export const priceListSchema = z.object({
  currency: z.string(),
  products: z.record(z.string(), z.object({ name: z.string(), pricePerLitre: z.number().positive() })),
  memberDiscountRate: z.number().optional(),
  largeOrderDiscountRate: z.number().optional(),
  largeOrderFromLitres: z.number().optional(),
  deliveryFee: z.number().optional(),
  freeDeliveryFromLitres: z.number().optional(),
  vatRate: z.number().optional(),
});
export type PriceList = z.infer<typeof priceListSchema>;

export interface Quote {
  pricePerLitre: number;
  subtotal: number;
  discount: number;
  deliveryFee: number;
  vat: number;
  total: number;
}

/** Multiplies whole cents by a rate given to four decimals, rounding half up, without float drift. */
const applyRate = (cents: number, rate: number) => Math.round((cents * Math.round(rate * 10_000)) / 10_000);

/**
 * What an order must cost under the cooperative's rules, from the day's price per litre only: subtotal =
 * litres × price; 3 % member discount (5 % from 10.000 l); 49 € delivery below 2.000 l; 19 % VAT on the net;
 * every step rounded half up to whole cents.
 */
export function expectedQuote(pricePerLitre: number, quantityLitres: number, rules: BusinessRules = BUSINESS_RULES): Quote {
  const tenthCentsPerLitre = Math.round(pricePerLitre * 1000);
  const subtotal = Math.round((quantityLitres * tenthCentsPerLitre) / 10);
  const rate = quantityLitres >= rules.largeOrderFromLitres ? rules.largeOrderDiscountRate : rules.memberDiscountRate;
  const discount = applyRate(subtotal, rate);
  const deliveryFee = quantityLitres < rules.freeDeliveryFromLitres ? Math.round(rules.deliveryFee * 100) : 0;
  const net = subtotal - discount + deliveryFee;
  const vat = applyRate(net, rules.vatRate);
  const euros = (cents: number) => cents / 100;
  return {
    pricePerLitre,
    subtotal: euros(subtotal),
    discount: euros(discount),
    deliveryFee: euros(deliveryFee),
    vat: euros(vat),
    total: euros(net + vat),
  };
}

/** Each rule the price list states differently from the cooperative's rules, as "rule: stated X, rule Y". */
export function ruleDifferences(prices: PriceList, rules: BusinessRules = BUSINESS_RULES): string[] {
  const stated = [`currency: stated ${prices.currency}, rule ${rules.currency}`].filter(() => prices.currency !== rules.currency);
  for (const rule of STATED_RULES) {
    const value = prices[rule];
    if (value !== undefined && value !== rules[rule]) stated.push(`${rule}: stated ${value}, rule ${rules[rule]}`);
  }
  return stated;
}

/** The day's price per litre of a product; throws naming the products the list has. */
export function pricePerLitre(prices: PriceList, product: Product): number {
  const entry = prices.products[product];
  if (!entry) throw new Error(`The price list has no product "${product}" (has: ${Object.keys(prices.products).join(', ')}).`);
  return entry.pricePerLitre;
}
