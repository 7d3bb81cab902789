import type { Faker } from '@faker-js/faker';
import {
  berlinDate,
  buildDieselOrder,
  buildMember,
  PRODUCT_NAMES,
  PRODUCTS,
  type Address,
  type DieselOrderData,
  type MemberData,
  type MemberIdentity,
} from './builders';
import { seededFaker } from './faker';
import { GERMAN_POSTCODES } from './postcodes';
import { BAND_QUANTITIES, BUSINESS_RULES } from './pricing';

/** An order the suite seeds: what is ordered, and where it goes. */
export interface OrderPlan extends DieselOrderData, Address {}

/** The data a run seeds for one signed-in member: the member and every order seeded for them. */
export interface DataSet {
  member: MemberData;
  orders: OrderPlan[];
}

/**
 * The edge-case member's name: ä, ö, ü and ß, a capital umlaut and a double-barrelled surname, the names naive
 * encodings, case mappings and slug functions break on. Fixed, so every seed has it.
 */
export const EDGE_CASE_NAME = Object.freeze({ firstName: 'Jürgen', lastName: 'Weißgärber-Öztürk' });

/** Streets named the German way: each a compound "…straße" with an umlaut. */
const EDGE_CASE_STREETS = ['Lößnitzstraße', 'Mühlenstraße', 'Gärtnerstraße', 'Brückenstraße'] as const;

/** Real places whose postcode has a leading zero and whose town has an umlaut or ß (from seed/postcodes.ts). */
const EDGE_CASE_PLACES = GERMAN_POSTCODES.filter(({ postcode, town }) => postcode.startsWith('0') && /[äöüß]/i.test(town));

/** Random orders seeded next to the edge-case ones. */
const RANDOM_ORDERS = 2;

/** Where the one-digit delivery day is looked for, in days from today: well inside the window (tomorrow to 30 days). */
const FIRST_DAY = 2;
const LAST_DAY = 28;

const isWorkingDay = (iso: string) => ![0, 6].includes(new Date(`${iso}T12:00:00Z`).getUTCDay());
const litres = new Intl.NumberFormat('de-DE');

/** Why each band quantity is a boundary, from the cooperative's rules. */
const BOUNDARY_REASONS = new Map<number, string>([
  [BUSINESS_RULES.minLitres, 'the smallest order'],
  [BUSINESS_RULES.freeDeliveryFromLitres - 1, 'the largest order with the delivery fee'],
  [BUSINESS_RULES.freeDeliveryFromLitres, 'the smallest order delivered free'],
  [BUSINESS_RULES.largeOrderFromLitres - 1, 'the largest order with the member discount'],
  [BUSINESS_RULES.largeOrderFromLitres, 'the smallest order with the large-order discount'],
  [BUSINESS_RULES.maxLitres, 'the largest order'],
]);

/** The edge-case member: the fixed name, a "…straße" street and a real leading-zero postcode; the rest from `faker`. */
function buildEdgeCaseMember(faker: Faker, uniqueKey: string): MemberData {
  const identity: MemberIdentity = {
    ...EDGE_CASE_NAME,
    street: `${faker.helpers.arrayElement(EDGE_CASE_STREETS)} ${faker.number.int({ min: 1, max: 120 })}`,
    ...faker.helpers.arrayElement(EDGE_CASE_PLACES),
  };
  return buildMember(faker, uniqueKey, identity);
}

/**
 * The edge-case orders: every band quantity (both sides of every boundary of the rules), the products taken in turn so
 * every product is ordered, each on a working day in the delivery window; the first on a day of the month below 10, so
 * the German date shows its leading zero ("05.12.2026"). Which product meets which quantity, the dates and the notes
 * come from `faker`; what is covered does not.
 */
function buildEdgeCaseOrders(faker: Faker, today: Date): DieselOrderData[] {
  const count = Math.max(BAND_QUANTITIES.length, PRODUCTS.length);
  const firstProduct = faker.number.int({ min: 0, max: PRODUCTS.length - 1 });
  return Array.from({ length: count }, (_, index) => {
    const random = buildDieselOrder(faker, today);
    return {
      ...random,
      product: PRODUCTS[(firstProduct + index) % PRODUCTS.length] ?? random.product,
      quantityLitres: BAND_QUANTITIES[index % BAND_QUANTITIES.length] ?? random.quantityLitres,
      deliveryDate: index === 0 ? oneDigitDayAfter(faker, today) : random.deliveryDate,
    };
  });
}

/** A working day in the seeding window whose day of the month has one digit (any 27 days hold at least three). */
function oneDigitDayAfter(faker: Faker, today: Date): string {
  const days = Array.from({ length: LAST_DAY - FIRST_DAY + 1 }, (_, index) => berlinDate(today, FIRST_DAY + index));
  const candidates = days.filter((iso) => isWorkingDay(iso) && Number(iso.slice(8)) < 10);
  if (candidates.length === 0) throw new Error(`No working day with a one-digit day between ${days[0]} and ${days.at(-1)}.`);
  return faker.helpers.arrayElement(candidates);
}

/**
 * The run's seeded data for a seed and a key (the worker's session member): the edge-case member with every edge-case
 * order and, next to them, random orders, all delivered to the member's address. The same seed, key and day give the
 * same data; the edge cases are there for every seed (`edgeCaseCoverage` lists them).
 */
export function buildDataSet(seed: number, options: { key: string; uniqueKey: string; today?: Date }): DataSet {
  const faker = seededFaker(seed, options.key);
  const today = options.today ?? new Date();
  const member = buildEdgeCaseMember(faker, options.uniqueKey);
  const address: Address = { street: member.street, postcode: member.postcode, town: member.town };
  const orders = [...buildEdgeCaseOrders(faker, today), ...Array.from({ length: RANDOM_ORDERS }, () => buildDieselOrder(faker, today))].map(
    (order) => ({ ...order, ...address }),
  );
  return { member, orders };
}

/** One case that breaks real portals, and whether a data set has it. */
interface EdgeCase {
  name: string;
  covered(data: DataSet): boolean;
}

const fullName = ({ member }: DataSet) => `${member.firstName} ${member.lastName}`;
const nameWith = (letter: string): EdgeCase => ({
  name: `a member name with "${letter}"`,
  covered: (data) => fullName(data).toLowerCase().includes(letter),
});

/** Every edge case the seeded data must cover, named as a failure message would name it. */
const EDGE_CASES: readonly EdgeCase[] = [
  ...['ä', 'ö', 'ü', 'ß'].map(nameWith),
  { name: 'a member name with a capital umlaut (Ä, Ö or Ü)', covered: (data) => /[ÄÖÜ]/.test(fullName(data)) },
  { name: 'a double-barrelled surname', covered: ({ member }) => /\p{L}-\p{L}/u.test(member.lastName) },
  {
    name: 'a street with an umlaut, named "…straße"',
    covered: ({ member }) => /straße/.test(member.street) && /[äöü]/i.test(member.street),
  },
  {
    name: 'a real postcode with a leading zero',
    covered: ({ member }) =>
      member.postcode.startsWith('0') &&
      GERMAN_POSTCODES.some(({ postcode, town }) => postcode === member.postcode && town === member.town),
  },
  { name: 'a town with an umlaut or ß', covered: ({ member }) => /[äöüß]/i.test(member.town) },
  { name: 'a member with several orders (at least 3)', covered: ({ orders }) => orders.length >= 3 },
  ...PRODUCTS.map((product) => ({
    name: `an order of ${PRODUCT_NAMES[product]}`,
    covered: ({ orders }: DataSet) => orders.some((order) => order.product === product),
  })),
  ...BAND_QUANTITIES.map((quantity) => ({
    name: `an order of ${litres.format(quantity)} l (${BOUNDARY_REASONS.get(quantity) ?? 'a band boundary'})`,
    covered: ({ orders }: DataSet) => orders.some((order) => order.quantityLitres === quantity),
  })),
  {
    name: 'a delivery date on a day of the month below 10 (its leading zero shown)',
    covered: ({ orders }) => orders.some((order) => Number(order.deliveryDate.slice(8)) < 10),
  },
];

/** Which edge cases a data set covers and which it misses, each by name (a missing one names itself in a failure). */
export function edgeCaseCoverage(data: DataSet): { covered: string[]; missing: string[] } {
  const covered = EDGE_CASES.filter((edgeCase) => edgeCase.covered(data)).map((edgeCase) => edgeCase.name);
  return { covered, missing: EDGE_CASES.map((edgeCase) => edgeCase.name).filter((name) => !covered.includes(name)) };
}
