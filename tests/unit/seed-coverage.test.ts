import { expect, test } from '@playwright/test';
import { validateOrder } from '../../portal/validation';
import { berlinDate, buildDieselOrder, buildMember } from '../../seed/builders';
import { buildDataSet, EDGE_CASE_NAME, edgeCaseCoverage } from '../../seed/edge-cases';
import { seededFaker } from '../../seed/faker';
import { GERMAN_POSTCODES } from '../../seed/postcodes';
import { BUSINESS_RULES } from '../../seed/pricing';

const SEEDS = [1, 2, 42, 1_234, 20_261_123, 99_999_999];
const KEYS = ['session member 0', 'session member 1', 'session member 7'];
const TODAY = new Date('2026-11-23T09:00:00Z');
const dataSet = (seed: number, key = KEYS[0] ?? '', today = TODAY) => buildDataSet(seed, { key, uniqueKey: 'session-w0-0a1b2c3d', today });

test('every seed gives every worker a data set that covers every edge case', () => {
  for (const seed of SEEDS) {
    for (const key of KEYS) {
      const { covered, missing } = edgeCaseCoverage(dataSet(seed, key));
      expect(missing, `SEED=${seed}, ${key}: edge cases the seeded data misses`).toEqual([]);
      expect(covered, `SEED=${seed}, ${key}: edge cases covered`).toContain('a real postcode with a leading zero');
    }
  }
});

test('the edge-case member is Jürgen Weißgärber-Öztürk at a real leading-zero postcode, with an ASCII e-mail', () => {
  for (const seed of SEEDS) {
    const { member, orders } = dataSet(seed);
    expect({ firstName: member.firstName, lastName: member.lastName }).toEqual(EDGE_CASE_NAME);
    expect(member.email).toMatch(/^juergen\.weissgaerberoeztuerk\.session-w0-0a1b2c3d@mitglieder\.test$/);
    expect(member.street).toMatch(/^\p{L}+straße \d+$/u);
    expect(GERMAN_POSTCODES).toContainEqual({ postcode: member.postcode, town: member.town });
    expect(member.postcode).toMatch(/^0\d{4}$/);
    for (const order of orders) {
      expect(order, "every order goes to the member's address").toMatchObject({
        street: member.street,
        postcode: member.postcode,
        town: member.town,
      });
    }
  }
});

test('the same seed, key and day give the same data set; other seeds and keys vary the random parts only', () => {
  expect(dataSet(42)).toEqual(dataSet(42));
  const variants = [...SEEDS.map((seed) => dataSet(seed)), ...KEYS.slice(1).map((key) => dataSet(42, key))];
  expect(new Set(variants.map((data) => JSON.stringify(data))).size, 'every seed and key gives its own data').toBe(variants.length);
  expect(new Set(variants.map((data) => `${data.member.firstName} ${data.member.lastName}`))).toEqual(
    new Set(['Jürgen Weißgärber-Öztürk']),
  );
});

test('the data set is valid for the portal on every day of a year, at any hour', () => {
  // Plain checks gathered into one assertion: an expect per order and day would cost more than building the data.
  const problems: string[] = [];
  for (let day = 0; day < 366; day += 1) {
    // Morning, late evening and around midnight in Berlin, in summer and winter time.
    const hour = [9, 21.5, 22.5, 23.5][day % 4] ?? 9;
    const today = new Date(Date.UTC(2026, 0, 1 + day) + hour * 3_600_000);
    const seed = SEEDS[day % SEEDS.length] ?? 1;
    const data = dataSet(seed, KEYS[day % KEYS.length], today);
    const [min, max] = [berlinDate(today, 1), berlinDate(today, 30)];
    const where = `SEED=${seed} on ${today.toISOString()}`;
    const report = (what: string, failed: boolean) => failed && problems.push(`${where}: ${what}`);
    report(`misses ${edgeCaseCoverage(data).missing.join(', ')}`, edgeCaseCoverage(data).missing.length > 0);
    report(`postcode ${data.member.postcode}`, !/^\d{5}$/.test(data.member.postcode) || data.member.postcode === '00000');
    for (const order of data.orders) {
      const what = `${order.quantityLitres} l ${order.product} for ${order.deliveryDate}`;
      const { minLitres, maxLitres } = BUSINESS_RULES;
      report(
        `${what}: quantity`,
        !Number.isInteger(order.quantityLitres) || order.quantityLitres < minLitres || order.quantityLitres > maxLitres,
      );
      report(`${what}: not a working day`, [0, 6].includes(new Date(`${order.deliveryDate}T12:00:00Z`).getUTCDay()));
      report(`${what}: outside ${min} … ${max}`, order.deliveryDate < min || order.deliveryDate > max);
      const verdict = validateOrder({ ...order, quantity: order.quantityLitres }, { now: today });
      report(`${what}: the portal refuses it (${JSON.stringify(verdict.ok || verdict.errors)})`, !verdict.ok);
    }
  }
  expect(problems, 'seeded data the portal would refuse').toEqual([]);
});

test('the coverage names each case a data set misses', () => {
  const complete = dataSet(20_261_123);
  const without1999 = { ...complete, orders: complete.orders.filter((order) => order.quantityLitres !== 1_999) };
  expect(edgeCaseCoverage(without1999).missing).toEqual(['an order of 1.999 l (the largest order with the delivery fee)']);

  const faker = seededFaker(20_261_123, 'plain');
  const address = { street: 'Hauptweg 1', postcode: '14467', town: 'Potsdam' };
  const { missing } = edgeCaseCoverage({
    member: { ...buildMember(faker, 'x'), firstName: 'Anna', lastName: 'Schmidt', ...address },
    orders: [{ ...buildDieselOrder(faker, TODAY), product: 'diesel', quantityLitres: 1_500, deliveryDate: '2026-12-14', ...address }],
  });
  expect(missing).toEqual([
    'a member name with "ä"',
    'a member name with "ö"',
    'a member name with "ü"',
    'a member name with "ß"',
    'a member name with a capital umlaut (Ä, Ö or Ü)',
    'a double-barrelled surname',
    'a street with an umlaut, named "…straße"',
    'a real postcode with a leading zero',
    'a town with an umlaut or ß',
    'a member with several orders (at least 3)',
    'an order of Heizöl',
    'an order of AdBlue',
    'an order of 500 l (the smallest order)',
    'an order of 1.999 l (the largest order with the delivery fee)',
    'an order of 2.000 l (the smallest order delivered free)',
    'an order of 9.999 l (the largest order with the member discount)',
    'an order of 10.000 l (the smallest order with the large-order discount)',
    'an order of 30.000 l (the largest order)',
    'a delivery date on a day of the month below 10 (its leading zero shown)',
  ]);
});
