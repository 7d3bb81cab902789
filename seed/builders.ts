import type { Faker } from '@faker-js/faker';
import { GERMAN_POSTCODES } from './postcodes';

export interface Address {
  street: string;
  postcode: string;
  town: string;
}

export interface MemberData extends Address {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

export const PRODUCTS = ['diesel', 'heizoel', 'adblue'] as const;
export type Product = (typeof PRODUCTS)[number];
export const PRODUCT_NAMES: Record<Product, string> = { diesel: 'Diesel', heizoel: 'Heizöl', adblue: 'AdBlue' };

export interface DieselOrderData {
  product: Product;
  quantityLitres: number;
  /** ISO calendar date (YYYY-MM-DD), a working day within the delivery window. */
  deliveryDate: string;
  notes: string;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '');

/** A real German postcode and town (leading zeros included) with a street from the locale. */
export function buildAddress(faker: Faker): Address {
  const place = faker.helpers.arrayElement(GERMAN_POSTCODES);
  return { street: `${faker.location.street()} ${faker.number.int({ min: 1, max: 120 })}`, ...place };
}

/**
 * A member with a German name and address. `uniqueKey` keeps the e-mail unique per worker and run,
 * so parallel tests and repeated runs never collide on the target.
 */
export function buildMember(faker: Faker, uniqueKey: string): MemberData {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  return {
    email: `${slug(firstName)}.${slug(lastName)}.${uniqueKey}@mitglieder.test`,
    password: `${faker.internet.password({ length: 14, memorable: false })}Aa1!`,
    firstName,
    lastName,
    ...buildAddress(faker),
  };
}

/** The calendar date `days` after `from`, as YYYY-MM-DD in the Europe/Berlin calendar. */
export function berlinDate(from: Date, days = 0): string {
  const shifted = new Date(from.getTime() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(shifted);
}

/** The next working day (Mon–Fri) at least `minDays` calendar days after `from`. */
export function workingDayAfter(from: Date, minDays: number): string {
  for (let days = minDays; ; days += 1) {
    const iso = berlinDate(from, days);
    const weekday = new Date(`${iso}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return iso;
  }
}

/** A realistic order: a product, a quantity in whole hundreds of litres, a working day 2–20 days ahead. */
export function buildDieselOrder(faker: Faker, today = new Date()): DieselOrderData {
  return {
    product: faker.helpers.weightedArrayElement<Product>([
      { weight: 6, value: 'diesel' },
      { weight: 3, value: 'heizoel' },
      { weight: 1, value: 'adblue' },
    ]),
    quantityLitres: faker.number.int({ min: 5, max: 150 }) * 100,
    deliveryDate: workingDayAfter(today, faker.number.int({ min: 2, max: 20 })),
    notes: faker.helpers.arrayElement(['', 'Bitte an der Maschinenhalle abladen.', 'Tank hinter dem Hof, Zufahrt über Feldweg.']),
  };
}
