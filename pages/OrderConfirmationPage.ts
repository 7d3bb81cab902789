import type { Locator, Page } from '@playwright/test';

/** The confirmation a member sees after ordering (`/diesel/bestaetigung/<nr>`). */
export class OrderConfirmationPage {
  readonly heading: Locator;
  readonly orderNumber: Locator;
  readonly product: Locator;
  readonly quantity: Locator;
  readonly deliveryDate: Locator;
  readonly total: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Bestellung eingegangen', level: 1 });
    this.orderNumber = page.getByTestId('confirmation-order-number');
    this.product = page.getByTestId('confirmation-product');
    this.quantity = page.getByTestId('confirmation-quantity');
    this.deliveryDate = page.getByTestId('confirmation-delivery-date');
    this.total = page.getByTestId('confirmation-total');
  }
}
