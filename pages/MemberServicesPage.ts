import type { Locator, Page } from '@playwright/test';
import { PRODUCT_NAMES } from '../seed/builders';
import { open, parseGermanNumber, send, step } from './step';

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

/** One row of the member's order list, each cell's text as the member reads it. */
export interface OrderRow {
  orderNumber: string;
  product: string;
  quantity: string;
  deliveryDate: string;
  total: string;
  status: string;
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

  /** Follows the link to one of the member's services, as a member choosing it does. */
  async openService(name: string): Promise<void> {
    await step(`Open service "${name}"`, async () => {
      await send(this.page, this.service(name), `the service "${name}"`);
    });
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

  /** Cancels one of the member's orders with its button, as a member does, and waits for member services to return. */
  async cancelOrder(orderNumber: string): Promise<void> {
    await step(`Cancel order ${orderNumber}`, async () => {
      await send(this.page, this.cancelButton(orderNumber), `cancelling order ${orderNumber}`);
      await this.page.waitForURL(/\/mitglied$/);
    });
  }

  /**
   * Every row of the member's order list, each cell's text as the member reads it ("12.000 l", "05.12.2026"), white
   * space collapsed as a browser shows it.
   */
  async readOrderRows(): Promise<OrderRow[]> {
    return step('Read order list', () => this.orderRows());
  }

  /** Every order in the member's list as the member sees it, parsed (production has no other view of a member's orders). */
  async readOrders(): Promise<ListedOrder[]> {
    return step('Read order list', async () => {
      const byName = new Map(Object.entries(PRODUCT_NAMES).map(([key, name]) => [name, key]));
      return (await this.orderRows()).map((row) => ({
        orderNumber: row.orderNumber,
        product: byName.get(row.product) ?? row.product,
        quantityLitres: parseGermanNumber(row.quantity),
        deliveryDate: row.deliveryDate.split('.').reverse().join('-'),
        total: parseGermanNumber(row.total),
        status: row.status === 'Offen' ? 'open' : 'cancelled',
      }));
    });
  }

  /**
   * The order list's rows as cell texts. One round trip reads the whole table, whose rows are in the page once it has
   * loaded; no table (the "no orders yet" text) is an empty list.
   */
  private async orderRows(): Promise<OrderRow[]> {
    const rows = await this.orders
      .locator('tbody')
      .getByRole('row')
      .evaluateAll((elements) =>
        elements.map((row) =>
          Array.from(row.querySelectorAll('td'), (cell) => (cell as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
        ),
      );
    return rows.map(([orderNumber = '', product = '', quantity = '', deliveryDate = '', total = '', status = '']) => ({
      orderNumber,
      product,
      quantity,
      deliveryDate,
      total,
      status,
    }));
  }
}
