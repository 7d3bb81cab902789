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

/** The parts of a member that say who they are and where they live (everything but the sign-in). */
export type MemberIdentity = Pick<MemberData, 'firstName' | 'lastName'> & Address;

/**
 * A member with a German name and address, or with the `identity` given (the edge-case member). `uniqueKey` keeps the
 * e-mail unique per worker and run, so parallel tests and repeated runs never collide on the target; the e-mail is
 * ASCII whatever the name (ä → ae, ß → ss).
 */
export function buildMember(faker: Faker, uniqueKey: string, identity?: MemberIdentity): MemberData {
  // Drawn in this order (name, password, address) so a seed gives the members it always gave.
  const { firstName, lastName } = identity ?? { firstName: faker.person.firstName(), lastName: faker.person.lastName() };
  const password = `${faker.internet.password({ length: 14, memorable: false })}Aa1!`;
  const { street, postcode, town } = identity ?? buildAddress(faker);
  return {
    email: `${slug(firstName)}.${slug(lastName)}.${uniqueKey}@mitglieder.test`,
    password,
    firstName,
    lastName,
    street,
    postcode,
    town,
  };
}

/** YYYY-MM-DD in Berlin; made once (building a formatter costs a millisecond, formatting with it next to nothing). */
const berlinCalendar = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

const germanTime = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A time as German members read it on the portal: "03.12.2026, 09:40 Uhr", Europe/Berlin. */
export function germanDateTime(at: Date): string {
  return `${germanTime.format(at)} Uhr`;
}

/** The calendar date `days` after `from`, as YYYY-MM-DD in the Europe/Berlin calendar. */
export function berlinDate(from: Date, days = 0): string {
  return berlinCalendar.format(new Date(from.getTime() + days * 86_400_000));
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
