import type { Faker } from '@faker-js/faker';
// The German entry alone (the main entry would load every locale): the same instance as the main entry's fakerDE.
import { faker as fakerDE } from '@faker-js/faker/locale/de';
import { addDays, berlinDate } from './dates';
import { computeQuote, PRODUCT_KEYS, type ProductKey, type Quote } from './pricing';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

/** A cooperative member. `passwordHash` is null for members without online access. */
export interface Member {
  id: string;
  memberNumber: string;
  email: string;
  passwordHash: string | null;
  firstName: string;
  lastName: string;
  street: string;
  postcode: string;
  town: string;
  failedLogins: number;
  lockedUntil: number | null;
}

export type OrderStatus = 'open' | 'cancelled';

/** A product order with its price calculation at the time it was placed. */
export interface Order {
  orderNumber: string;
  memberId: string;
  product: ProductKey;
  quantityLitres: number;
  deliveryDate: string;
  street: string;
  postcode: string;
  town: string;
  notes: string;
  quote: Quote;
  status: OrderStatus;
  synthetic: boolean;
  createdAt: string;
  sequence: number;
}

export interface NewMember {
  email: string;
  /** From `hashPassword`; null for a member without online access. */
  passwordHash: string | null;
  firstName: string;
  lastName: string;
  street: string;
  postcode: string;
  town: string;
}

export type NewOrder = Omit<Order, 'orderNumber' | 'memberId' | 'status' | 'createdAt' | 'sequence'> & {
  status?: OrderStatus;
  createdAt?: string;
};

// Stryker disable all: start-up demo data (see seed below); the suite seeds its own members
const SEED_ADDRESSES: readonly (readonly [string, string])[] = [
  ['01067', 'Dresden'],
  ['01445', 'Radebeul'],
  ['01662', 'Meißen'],
  ['01796', 'Pirna'],
  ['01877', 'Bischofswerda'],
  ['02625', 'Bautzen'],
  ['04109', 'Leipzig'],
  ['04808', 'Wurzen'],
  ['09111', 'Chemnitz'],
  ['09599', 'Freiberg'],
  ['06108', 'Halle (Saale)'],
  ['39104', 'Magdeburg'],
  ['14467', 'Potsdam'],
  ['99084', 'Erfurt'],
  ['07743', 'Jena'],
  ['08056', 'Zwickau'],
  ['03046', 'Cottbus'],
  ['15230', 'Frankfurt (Oder)'],
];

// Stryker restore all
/** In-memory members and orders of the portal. */
export class Store {
  private readonly members = new Map<string, Member>();
  private readonly orders = new Map<string, Order>();
  private nextMember = 104201;
  private nextOrder = 100001;

  /** Number of members (for /healthz). */
  memberCount(): number {
    return this.members.size;
  }

  /** Looks a member up by id. */
  member(id: string): Member | undefined {
    return this.members.get(id);
  }

  /** Looks a member up by e-mail, case-insensitively. */
  memberByEmail(email: string): Member | undefined {
    const wanted = email.trim().toLowerCase();
    for (const member of this.members.values()) if (member.email === wanted) return member;
    return undefined;
  }

  /** Creates a member with the next member number. */
  createMember(input: NewMember): Member {
    const member: Member = {
      id: `m${this.nextMember}`,
      memberNumber: `EG-${this.nextMember}`,
      email: input.email.trim().toLowerCase(),
      passwordHash: input.passwordHash,
      firstName: input.firstName,
      lastName: input.lastName,
      street: input.street,
      postcode: input.postcode,
      town: input.town,
      failedLogins: 0,
      lockedUntil: null,
    };
    this.nextMember += 1;
    this.members.set(member.id, member);
    return member;
  }

  /** Creates the member, or updates password and clears the lock when the e-mail exists. */
  upsertMember(input: NewMember & { passwordHash: string }): { member: Member; created: boolean } {
    const existing = this.memberByEmail(input.email);
    if (!existing) return { member: this.createMember(input), created: true };
    existing.passwordHash = input.passwordHash;
    existing.failedLogins = 0;
    existing.lockedUntil = null;
    return { member: existing, created: false };
  }

  /** Removes a member and its orders; returns false when unknown. */
  deleteMember(id: string): boolean {
    if (!this.members.delete(id)) return false;
    for (const order of this.orders.values()) if (order.memberId === id) this.orders.delete(order.orderNumber);
    return true;
  }

  /** A member's orders, newest first. */
  ordersOf(memberId: string): Order[] {
    return [...this.orders.values()].filter((order) => order.memberId === memberId).sort((a, b) => b.sequence - a.sequence);
  }

  /** Every member's orders, newest first: only the `orders-unscoped` fault lists them to a member. */
  // Stryker disable all: fault injection only (orders-unscoped); the critical suite runs without faults
  allOrders(): Order[] {
    return [...this.orders.values()].sort((a, b) => b.sequence - a.sequence);
  }
  // Stryker restore all

  /** Looks an order up by number. */
  order(orderNumber: string): Order | undefined {
    return this.orders.get(orderNumber);
  }

  /** Creates an order for a member with the next order number. */
  createOrder(memberId: string, input: NewOrder): Order {
    const createdAt = input.createdAt ?? new Date().toISOString();
    const year = createdAt.slice(0, 4);
    const order: Order = {
      ...input,
      orderNumber: `D-${year}-${String(this.nextOrder).padStart(6, '0')}`,
      memberId,
      status: input.status ?? 'open',
      createdAt,
      sequence: this.nextOrder,
    };
    this.nextOrder += 1;
    this.orders.set(order.orderNumber, order);
    return order;
  }

  /** Removes an order; returns false when unknown. */
  deleteOrder(orderNumber: string): boolean {
    return this.orders.delete(orderNumber);
  }

  /** Fills the store with deterministic members and orders (faker, German locale, fixed seed). */
  // Stryker disable all: start-up demo data of the reference portal; the suite seeds its own members and orders
  seed(seed: number, now: Date = new Date()): void {
    const faker: Faker = fakerDE;
    faker.seed(seed);
    const today = berlinDate(now);
    for (let i = 0; i < 25; i += 1) {
      const [postcode, town] = SEED_ADDRESSES[i % SEED_ADDRESSES.length] ?? ['01067', 'Dresden'];
      const firstName = faker.person.firstName();
      const lastName = faker.person.lastName();
      const member = this.createMember({
        email: faker.internet.email({ firstName, lastName, provider: 'beispiel-agrar.de' }),
        passwordHash: null,
        firstName,
        lastName,
        street: `${faker.location.street()} ${faker.number.int({ min: 1, max: 120 })}`,
        postcode,
        town,
      });
      const count = faker.number.int({ min: 1, max: 3 });
      for (let j = 0; j < count; j += 1) {
        const product = faker.helpers.arrayElement(PRODUCT_KEYS);
        const quantityLitres = faker.number.int({ min: 5, max: 120 }) * 100;
        const createdAt = new Date(now.getTime() - faker.number.int({ min: 1, max: 60 }) * 86_400_000);
        this.createOrder(member.id, {
          product,
          quantityLitres,
          deliveryDate: addDays(today, faker.number.int({ min: -40, max: 25 })),
          street: member.street,
          postcode: member.postcode,
          town: member.town,
          notes: '',
          quote: computeQuote(product, quantityLitres),
          status: faker.number.int({ min: 0, max: 4 }) === 0 ? 'cancelled' : 'open',
          synthetic: false,
          createdAt: createdAt.toISOString(),
        });
      }
    }
  }
}
