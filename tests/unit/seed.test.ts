import { expect, test } from '@playwright/test';
import { berlinDate, buildDieselOrder, buildMember, workingDayAfter } from '../../seed/builders';
import { seededFaker } from '../../seed/faker';
import { SeedClient, SeedingForbiddenError } from '../../seed/client';
import {
  BAND_QUANTITIES,
  expectedQuote,
  OUT_OF_RANGE_QUANTITIES,
  pricePerLitre,
  ruleDifferences,
  type PriceList,
} from '../../seed/pricing';

test('the same seed and key give the same member and order; another key another', () => {
  const today = new Date('2026-11-23T09:00:00Z');
  const a = [buildMember(seededFaker(1, 'k'), 'x'), buildDieselOrder(seededFaker(1, 'k'), today)];
  const b = [buildMember(seededFaker(1, 'k'), 'x'), buildDieselOrder(seededFaker(1, 'k'), today)];
  expect(a).toEqual(b);
  expect(buildMember(seededFaker(1, 'other'), 'x')).not.toEqual(a[0]);
  expect(buildMember(seededFaker(2, 'k'), 'x')).not.toEqual(a[0]);
});

test('members are German and valid for the portal', () => {
  for (let i = 0; i < 50; i += 1) {
    const member = buildMember(seededFaker(7, `m${i}`), `w0-${i}`);
    expect(member.postcode).toMatch(/^\d{5}$/);
    expect(member.postcode).not.toBe('00000');
    expect(member.email).toMatch(new RegExp(`^[a-z0-9.]+\\.w0-${i}@mitglieder\\.test$`));
    expect(member.password.length).toBeGreaterThanOrEqual(12);
  }
  const postcodes = Array.from({ length: 60 }, (_, i) => buildMember(seededFaker(7, `p${i}`), 'x').postcode);
  expect(
    postcodes.some((postcode) => postcode.startsWith('0')),
    'leading-zero postcodes occur',
  ).toBe(true);
});

test('orders fall on working days inside the delivery window, in whole hundreds of litres', () => {
  const today = new Date('2026-11-20T10:00:00Z'); // a Friday
  expect(workingDayAfter(today, 1)).toBe('2026-11-23');
  expect(berlinDate(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
  for (let i = 0; i < 50; i += 1) {
    const order = buildDieselOrder(seededFaker(3, `o${i}`), today);
    expect(order.quantityLitres % 100).toBe(0);
    expect(order.quantityLitres).toBeGreaterThanOrEqual(500);
    expect(order.quantityLitres).toBeLessThanOrEqual(30_000);
    expect([1, 2, 3, 4, 5]).toContain(new Date(`${order.deliveryDate}T12:00:00Z`).getUTCDay());
    expect(order.deliveryDate > '2026-11-21' && order.deliveryDate <= '2026-12-20').toBe(true);
  }
});

const prices: PriceList = {
  currency: 'EUR',
  vatRate: 0.19,
  memberDiscountRate: 0.03,
  largeOrderDiscountRate: 0.05,
  largeOrderFromLitres: 10_000,
  deliveryFee: 49,
  freeDeliveryFromLitres: 2_000,
  products: { diesel: { name: 'Diesel', pricePerLitre: 1.459 }, heizoel: { name: 'Heizöl', pricePerLitre: 1.089 } },
};

test("the price oracle follows the cooperative's rules, worked by hand", () => {
  // 1.500 l × 1,459 € = 2.188,50; 3 % = 65,655 → 65,66; fee 49,00; net 2.171,84; VAT 412,6496 → 412,65
  expect(expectedQuote(pricePerLitre(prices, 'diesel'), 1_500)).toEqual({
    pricePerLitre: 1.459,
    subtotal: 2188.5,
    discount: 65.66,
    deliveryFee: 49,
    vat: 412.65,
    total: 2584.49,
  });
  // 12.000 l × 1,089 € = 13.068,00; 5 % = 653,40; no fee; net 12.414,60; VAT 2.358,774 → 2.358,77
  expect(expectedQuote(pricePerLitre(prices, 'heizoel'), 12_000)).toEqual({
    pricePerLitre: 1.089,
    subtotal: 13068,
    discount: 653.4,
    deliveryFee: 0,
    vat: 2358.77,
    total: 14773.37,
  });
  expect(() => pricePerLitre(prices, 'adblue')).toThrow(/no product "adblue"/);
});

test('the oracle keeps its own rules: a price list stating other rules changes no quote and is named', () => {
  const bent: PriceList = { ...prices, memberDiscountRate: 0.05, freeDeliveryFromLitres: 1_000 };
  expect(expectedQuote(pricePerLitre(bent, 'diesel'), 1_500)).toEqual(expectedQuote(pricePerLitre(prices, 'diesel'), 1_500));
  expect(ruleDifferences(prices)).toEqual([]);
  expect(ruleDifferences(bent)).toEqual(['memberDiscountRate: stated 0.05, rule 0.03', 'freeDeliveryFromLitres: stated 1000, rule 2000']);
});

test('the bands cover both sides of every threshold', () => {
  // 1.999 l pays the fee, 2.000 l does not; 9.999 l gets 3 %, 10.000 l gets 5 %.
  const diesel = pricePerLitre(prices, 'diesel');
  expect(BAND_QUANTITIES).toEqual([500, 1_999, 2_000, 9_999, 10_000, 30_000]);
  expect(expectedQuote(diesel, 1_999).deliveryFee).toBe(49);
  expect(expectedQuote(diesel, 2_000).deliveryFee).toBe(0);
  expect(expectedQuote(diesel, 9_999).discount).toBe(437.66);
  expect(expectedQuote(diesel, 10_000).discount).toBe(729.5);
  expect(OUT_OF_RANGE_QUANTITIES).toEqual([499, 30_001]);
});

test('seeding a production target is refused with a clear message', () => {
  expect(() => SeedClient.forTarget({ baseURL: 'https://p.example.org', targetEnv: 'production', seedToken: 't' })).toThrow(
    SeedingForbiddenError,
  );
  expect(() => SeedClient.forTarget({ baseURL: 'https://p.example.org', targetEnv: 'production', seedToken: 't' })).toThrow(
    /TARGET_ENV=production/,
  );
  expect(() => SeedClient.forTarget({ baseURL: 'https://s.example.org', targetEnv: 'staging' })).toThrow(/SEED_TOKEN is not set/);
});
