import type { Locator, Page } from '@playwright/test';
import { PRODUCT_NAMES } from '../seed/builders';
import { open, parseGermanNumber, step } from './step';

/** One row of the member's order list, parsed. */
export interface ListedOrder {
  orderNumber: string;
  /** The product's id (a `Product`) when the page shows a known product's name, else the name as shown. */
  product: string;
  quantityLitres: number;
  /** ISO date (YYYY-MM-DD). */
  deliveryDate: string;
  total: number;
  status: 'open' | 'cancelled';
}

/** The services a member must find on the member page, by the name the member sees. */
export const MEMBER_SERVICES = ['Wetter', 'Diesel bestellen', 'Maschinenleasing', 'Mitgliederrabatte'] as const;

/** Member services (`/mitglied`): who is signed in, their services and their orders. */
export class MemberServicesPage {
  readonly welcome: Locator;
  readonly memberNumber: Locator;
  readonly services: Locator;
  readonly orders: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.welcome = page.getByRole('heading', { level: 1, name: /^Willkommen,/ });
    this.memberNumber = page.getByTestId('member-number');
    this.services = page.getByRole('region', { name: 'Ihre Leistungen' });
    this.orders = page.getByRole('table', { name: 'Ihre Bestellungen' });
    this.notice = page.getByRole('status');
  }

  /** The link to one of the member's services. */
  service(name: string): Locator {
    return this.services.getByRole('link', { name, exact: true });
  }

  /** The row of one order in the member's order list. */
  order(orderNumber: string): Locator {
    return this.orders.getByRole('row').filter({ has: this.page.getByRole('cell', { name: orderNumber, exact: true }) });
  }

  async goto(): Promise<void> {
    await step('Open member services', async () => {
      await open(this.page, '/mitglied', 'member services');
    });
  }

  /** The cancel button of one order; only open orders have one. */
  cancelButton(orderNumber: string): Locator {
    return this.page.getByRole('button', { name: `Bestellung ${orderNumber} stornieren` });
  }

  /**
   * Every order in the member's list as the member sees it (production has no other view of a member's orders). One
   * round trip reads the whole table, whose rows are in the page once it has loaded; no table (the "no orders yet"
   * text) is an empty list.
   */
  async readOrders(): Promise<ListedOrder[]> {
    return step('Read order list', async () => {
      const rows = await this.orders
        .locator('tbody')
        .getByRole('row')
        .evaluateAll((elements) =>
          elements.map((row) => Array.from(row.querySelectorAll('td'), (cell) => (cell as HTMLElement).innerText)),
        );
      const byName = new Map(Object.entries(PRODUCT_NAMES).map(([key, name]) => [name, key]));
      return rows.map(([orderNumber = '', product = '', quantity = '', date = '', total = '', status = '']) => ({
        orderNumber: orderNumber.trim(),
        product: byName.get(product.trim()) ?? product.trim(),
        quantityLitres: parseGermanNumber(quantity),
        deliveryDate: date.trim().split('.').reverse().join('-'),
        total: parseGermanNumber(total),
        status: status.trim() === 'Offen' ? 'open' : 'cancelled',
      }));
    });
  }
}
