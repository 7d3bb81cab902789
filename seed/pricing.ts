import { z } from 'zod';
import type { Product } from './builders';

/** The public price list (`GET /api/preise`): the day's prices and the rules' parameters. */
export const priceListSchema = z.object({
  currency: z.literal('EUR'),
  vatRate: z.number().min(0).max(1),
  memberDiscountRate: z.number().min(0).max(1),
  largeOrderDiscountRate: z.number().min(0).max(1),
  largeOrderFromLitres: z.number().int().positive(),
  deliveryFee: z.number().min(0),
  freeDeliveryFromLitres: z.number().int().positive(),
  products: z.record(z.string(), z.object({ name: z.string(), pricePerLitre: z.number().positive() })),
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
 * What an order must cost under the cooperative's price rules, computed independently of the portal:
 * subtotal = litres × price; member discount (more from the large-order threshold); delivery fee below
 * the free-delivery threshold; VAT on the discounted net plus fee; every step in whole cents.
 */
export function expectedQuote(prices: PriceList, product: Product, quantityLitres: number): Quote {
  const entry = prices.products[product];
  if (!entry) throw new Error(`The price list has no product "${product}" (has: ${Object.keys(prices.products).join(', ')}).`);
  const tenthCentsPerLitre = Math.round(entry.pricePerLitre * 1000);
  const subtotal = Math.round((quantityLitres * tenthCentsPerLitre) / 10);
  const rate = quantityLitres >= prices.largeOrderFromLitres ? prices.largeOrderDiscountRate : prices.memberDiscountRate;
  const discount = applyRate(subtotal, rate);
  const deliveryFee = quantityLitres < prices.freeDeliveryFromLitres ? Math.round(prices.deliveryFee * 100) : 0;
  const net = subtotal - discount + deliveryFee;
  const vat = applyRate(net, prices.vatRate);
  const euros = (cents: number) => cents / 100;
  return {
    pricePerLitre: entry.pricePerLitre,
    subtotal: euros(subtotal),
    discount: euros(discount),
    deliveryFee: euros(deliveryFee),
    vat: euros(vat),
    total: euros(net + vat),
  };
}
