import type { Locator, Page, Response } from '@playwright/test';
import { step } from './step';

/** The portal's landing page: the first thing a member sees, and the availability check's target. */
export class HomePage {
  readonly heading: Locator;
  readonly navigation: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
  }

  /** Opens the home page and returns the document response with how long it took. */
  async goto(): Promise<{ response: Response | null; elapsedMs: number }> {
    return step('Open home page', async () => {
      const started = performance.now();
      const response = await this.page.goto('/', { waitUntil: 'domcontentloaded' });
      return { response, elapsedMs: performance.now() - started };
    });
  }
}
