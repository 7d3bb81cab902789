import { expect, type Locator, type Page } from '@playwright/test';
import type { Address, DieselOrderData } from '../seed/builders';
import type { Quote } from '../seed/pricing';
import { open, parseGermanNumber, send, step } from './step';

/** What a member types into the order form; quantity as text, because members type "1.500". */
export interface DieselOrderInput extends Partial<Address> {
  product?: DieselOrderData['product'];
  quantity?: string;
  deliveryDate?: string;
  notes?: string;
}

/** The diesel order form (`/diesel`): quote, field validation, submission. */
export class DieselOrderPage {
  readonly heading: Locator;
  readonly product: Locator;
  readonly quantity: Locator;
  readonly street: Locator;
  readonly postcode: Locator;
  readonly town: Locator;
  readonly deliveryDate: Locator;
  readonly notes: Locator;
  readonly quoteButton: Locator;
  readonly submitButton: Locator;
  readonly quote: Locator;
  /** The form-level alert shown when any field is refused. */
  readonly formErrors: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Diesel bestellen', level: 1 });
    this.product = page.getByLabel('Produkt');
    this.quantity = page.getByLabel('Menge (Liter)');
    this.street = page.getByLabel('Straße und Hausnummer');
    this.postcode = page.getByLabel('Postleitzahl');
    this.town = page.getByLabel('Ort', { exact: true });
    this.deliveryDate = page.getByLabel('Liefertermin');
    this.notes = page.getByLabel('Anmerkungen');
    this.quoteButton = page.getByRole('button', { name: 'Preis berechnen' });
    this.submitButton = page.getByRole('button', { name: 'Bestellung absenden' });
    this.quote = page.getByRole('region', { name: 'Preisberechnung' });
    this.formErrors = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie die markierten Felder.' });
  }

  async goto(): Promise<void> {
    await step('Open diesel order form', async () => {
      await open(this.page, '/diesel', 'the diesel order form');
      await expect(this.heading, 'members reach the diesel order form').toBeVisible();
    });
  }

  /** Fills the fields given; fields left out keep what the form shows (the member's address is prefilled). */
  async fillOrder(order: DieselOrderInput): Promise<void> {
    await step('Fill in diesel order', async () => {
      if (order.product) await this.product.selectOption(order.product);
      if (order.quantity !== undefined) await this.quantity.fill(order.quantity);
      if (order.street !== undefined) await this.street.fill(order.street);
      if (order.postcode !== undefined) await this.postcode.fill(order.postcode);
      if (order.town !== undefined) await this.town.fill(order.town);
      if (order.deliveryDate !== undefined) await this.deliveryDate.fill(order.deliveryDate);
      if (order.notes !== undefined) await this.notes.fill(order.notes);
    });
  }

  /** Asks for the price and waits until the quote or the field errors are shown. */
  async requestQuote(): Promise<void> {
    await step('Request price quote', async () => {
      await this.quoteButton.click();
      await expect(this.quote.or(this.formErrors), 'the quote (or the field errors) should appear after "Preis berechnen"').toBeVisible();
    });
  }

  /** The quote as the member sees it, parsed into euros. */
  async readQuote(): Promise<Quote> {
    return step('Read price quote', async () => {
      const value = async (testId: string) => parseGermanNumber(await this.quote.getByTestId(testId).innerText());
      return {
        pricePerLitre: await value('quote-price-per-litre'),
        subtotal: await value('quote-subtotal'),
        discount: Math.abs(await value('quote-discount')),
        deliveryFee: await value('quote-delivery-fee'),
        vat: await value('quote-vat'),
        total: await value('quote-total'),
      };
    });
  }

  /** Submits the order and waits for the confirmation page or the field errors. */
  async submit(): Promise<void> {
    await step('Submit diesel order', async () => {
      await send(this.page, this.submitButton, 'the diesel order');
      await expect(
        this.page.getByRole('heading', { name: 'Bestellung eingegangen' }).or(this.formErrors),
        'the confirmation (or the field errors) should appear after "Bestellung absenden"',
      ).toBeVisible();
    });
  }
}
