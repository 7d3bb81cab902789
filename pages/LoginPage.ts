import type { Locator, Page, Route } from '@playwright/test';
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

  /** The origin the login page was asked of: credentials go there and nowhere else. */
  private home: string | undefined;

  /** Opens the login page; one that a redirect moved to another origin fails here, before anything is filled in. */
  async goto(): Promise<void> {
    await step('Open login page', async () => {
      const response = await open(this.page, '/anmelden', 'the login page');
      let asked = response?.request();
      while (asked?.redirectedFrom()) asked = asked.redirectedFrom() ?? undefined;
      this.home = new URL(asked?.url() ?? this.page.url()).origin;
      this.expectHome('the login page');
    });
  }

  /**
   * Fills in the credentials and submits; the spec checks where the member ends up. The submission cannot leave the
   * login page's origin: a redirect of it elsewhere is blocked (nothing is sent there) and fails the sign-in.
   */
  async signIn(email: string, password: string): Promise<void> {
    await step('Sign in with e-mail and password', async () => {
      this.expectHome('the login form');
      const home = this.home ?? new URL(this.page.url()).origin;
      const blocked: string[] = [];
      // The browser follows a redirect of the form's POST by itself, body included (307, 308), where no route sees
      // it: the submission is sent here without following, and a redirect to another origin is stopped.
      const form = new URL(this.page.url()).pathname;
      const submission = (url: URL) => url.origin === home && url.pathname === form;
      const guard = async (route: Route) => {
        if (route.request().method() !== 'POST') return route.fallback();
        const response = await route.fetch({ maxRedirects: 0 });
        const location = response.headers()['location'];
        const target = location ? new URL(location, route.request().url()).origin : home;
        if (target === home) return route.fulfill({ response });
        blocked.push(target);
        return route.abort('blockedbyclient');
      };
      await this.page.route(submission, guard);
      try {
        await this.email.fill(email);
        await this.password.fill(password);
        await send(this.page, this.submitButton, 'the sign-in').catch((error: Error) => {
          throw blocked.length ? this.leftHome(blocked[0] ?? '', home) : error;
        });
        if (blocked.length) throw this.leftHome(blocked[0] ?? '', home);
      } finally {
        await this.page.unroute(submission, guard);
      }
    });
  }

  private expectHome(what: string): void {
    const origin = new URL(this.page.url()).origin;
    if (this.home && origin !== this.home) {
      throw new Error(
        `Sign-in left the portal: ${what} was redirected to another origin (${origin}); nothing was filled in or sent there.`,
      );
    }
  }

  private leftHome(origin: string, home: string): Error {
    return new Error(
      `Sign-in left the portal: the sign-in was redirected to another origin (${origin}, not ${home}); it was blocked, nothing was sent there.`,
    );
  }

  /** Signs out through the navigation's button and waits for the sign-out notice. */
  async signOut(): Promise<void> {
    await step('Sign out', async () => {
      await send(this.page, this.signOutButton, 'the sign-out');
      await this.page.waitForURL(/\/anmelden/);
    });
  }
}
