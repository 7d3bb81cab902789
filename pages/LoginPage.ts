import type { Locator, Page } from '@playwright/test';
import { open, send, step } from './step';

/** The member login (`/anmelden`). */
export class LoginPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submitButton: Locator;
  /** The error a member sees after a refused sign-in. */
  readonly error: Locator;
  /** The notice after signing out. */
  readonly notice: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Anmelden', level: 1 });
    this.email = page.getByLabel('E-Mail');
    this.password = page.getByLabel('Passwort');
    this.submitButton = page.getByRole('button', { name: 'Anmelden' });
    this.error = page.getByRole('alert');
    this.notice = page.getByRole('status');
    this.signOutButton = page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('button', { name: 'Abmelden' });
  }

  async goto(): Promise<void> {
    await step('Open login page', async () => {
      await open(this.page, '/anmelden', 'the login page');
    });
  }

  /** Fills in the credentials and submits; the spec checks where the member ends up. */
  async signIn(email: string, password: string): Promise<void> {
    await step('Sign in with e-mail and password', async () => {
      await this.email.fill(email);
      await this.password.fill(password);
      await send(this.page, this.submitButton, 'the sign-in');
    });
  }

  /** Signs out through the navigation's button and waits for the sign-out notice. */
  async signOut(): Promise<void> {
    await step('Sign out', async () => {
      await send(this.page, this.signOutButton, 'the sign-out');
      await this.page.waitForURL(/\/anmelden/);
    });
  }
}
