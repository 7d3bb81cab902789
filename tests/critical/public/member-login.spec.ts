import type { APIRequestContext } from '@playwright/test';
import { expect, keepsPromise, test } from '../../../fixtures';

/** How long a member waits for the login page, and for signing in to reach member services, before giving up. */
const BUDGET_MS = 10_000;
/** The portal's documented lockout: this many wrong passwords in a row lock the account. */
const LOCK_AFTER = 5;
/** A session lasts a working day (the portal's documented 8 hours); a minute of margin for the clock. */
const SESSION_MS = 8 * 60 * 60 * 1000 - 60_000;

/** The login form's own submission, with the token of the form it came from, without following the answer. */
async function sendLoginForm(request: APIRequestContext, fields: Record<string, string>, query = '') {
  const form = await request.get(`/anmelden${query}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return request.post('/anmelden', { form: { ...fields, _csrf: csrf }, maxRedirects: 0 });
}

/** Ways back a link to the login page could name that lead off the portal, or into its response headers. */
const ELSEWHERE = ['//elsewhere.example/anmelden', '/\\elsewhere.example/anmelden', '/mitglied\u0001'];

test.describe('member login', { tag: ['@critical', '@flow-member-login'] }, () => {
  test('member signs in and reaches member services', { tag: '@probe' }, async ({ page, loginPage, memberServicesPage, member }) => {
    const opening = performance.now();
    await loginPage.goto();
    const openMs = performance.now() - opening;
    const signingIn = performance.now();
    await loginPage.signIn(member.email, member.password);

    await test.step('Reach member services after sign-in', () =>
      expect(page, 'a signed-in member lands in member services').toHaveURL(/\/mitglied$/));

    const signInMs = performance.now() - signingIn;

    await keepsPromise('member-login/in-time', () => {
      expect(openMs, `the login page took ${Math.round(openMs)} ms (budget ${BUDGET_MS} ms)`).toBeLessThan(BUDGET_MS);
      expect(signInMs, `signing in took ${Math.round(signInMs)} ms to reach member services (budget ${BUDGET_MS} ms)`).toBeLessThan(
        BUDGET_MS,
      );
    });

    await expect(memberServicesPage.welcome, 'member services greet the member by name').toHaveText(
      member.probeAccount ? /^Willkommen, \S+/ : `Willkommen, ${member.firstName} ${member.lastName}`,
    );
    await expect(memberServicesPage.memberNumber, "member services show the member's number").toHaveText(
      member.memberNumber ?? /^EG-\d{6}$/,
    );
  });

  test('wrong password does not sign in', async ({ page, loginPage, member }) => {
    await loginPage.goto();
    await loginPage.signIn(member.email, `${member.password}-falsch`);

    await expect(page, 'a wrong password keeps the member on the login page').toHaveURL(/\/anmelden/);
    await page.goto('/mitglied');
    await expect(page, 'member services must stay closed after a refused sign-in').toHaveURL(/\/anmelden/);
  });

  test(
    'an e-mail nobody registered is refused with the same message as a wrong password',
    { tag: '@degraded' },
    async ({ page, loginPage, member }) => {
      await loginPage.goto();
      await loginPage.signIn(`niemand.${member.email}`, member.password);

      await expect(loginPage.error, 'the portal says no more than for a wrong password').toHaveText('E-Mail oder Passwort ist falsch.');
      await expect(page, 'an unknown e-mail keeps the visitor on the login page').toHaveURL(/\/anmelden/);
    },
  );

  test('a member whose phone capitalised their e-mail and added a space signs in', async ({ page, loginPage, member }) => {
    await loginPage.goto();
    const typed = `${member.email.charAt(0).toUpperCase()}${member.email.slice(1)} `;
    await loginPage.signIn(typed, member.password);

    await expect(page, `"${typed}" is the member's e-mail as a phone keyboard types it: it signs in`).toHaveURL(/\/mitglied$/);
  });

  test("a sign-in sent without the login form's token opens no session", async ({ playwright, config, member }) => {
    // What a page of another site could send: the right credentials, but not the token of the portal's own form.
    const elsewhere = await playwright.request.newContext({ baseURL: config.baseURL, storageState: { cookies: [], origins: [] } });
    try {
      await elsewhere.get('/anmelden');
      const sent = await elsewhere.post('/anmelden', { form: { email: member.email, password: member.password }, maxRedirects: 0 });
      expect(sent.status(), 'a sign-in without the form token is refused').toBe(403);
      const services = await elsewhere.get('/mitglied', { maxRedirects: 0 });
      expect(services.headers().location ?? `HTTP ${services.status()}`, 'no session was opened: member services send to sign-in').toMatch(
        /\/anmelden/,
      );
    } finally {
      await elsewhere.dispose();
    }
  });

  test('wrong password is refused with a clear message', { tag: '@degraded' }, async ({ loginPage, member }) => {
    await loginPage.goto();
    await loginPage.signIn(member.email, `${member.password}-falsch`);

    await expect(loginPage.error, 'the member is told that e-mail or password is wrong').toHaveText('E-Mail oder Passwort ist falsch.');
  });

  test(
    'after signing out the old session no longer opens member services',
    { tag: '@probe' },
    async ({ page, loginPage, memberServicesPage, member }) => {
      await loginPage.goto();
      await expect(loginPage.notice, 'the login page says "signed out" only to a member who just did').toBeHidden();
      await loginPage.signIn(member.email, member.password);
      await expect(memberServicesPage.welcome, 'the member is signed in before signing out').toBeVisible();
      const sessionCookies = await page.context().cookies();

      await loginPage.signOut();
      await expect(loginPage.notice, 'the member is told they signed out').toHaveText('Sie wurden abgemeldet.');

      await page.context().addCookies(sessionCookies);
      await memberServicesPage.goto();
      await expect(page, 'the signed-out session cookie must not open member services').toHaveURL(/\/anmelden/);
      await expect(memberServicesPage.welcome, 'no member is greeted after signing out').toBeHidden();
    },
  );

  test(
    'a member sent to sign in from the diesel order form is back on it after signing in',
    { tag: '@degraded' },
    async ({ page, loginPage, dieselOrderPage, member }) => {
      await page.goto('/diesel');
      await expect(page, 'without a session the order form sends to sign-in, remembering where the member was going').toHaveURL(
        /\/anmelden\?weiter=%2Fdiesel$/,
      );
      // A mistyped password on the way must not lose where the member was going.
      await loginPage.signIn(member.email, member.password.slice(0, -1));
      await expect(page, 'the mistyped password keeps the member on the login page').toHaveURL(/\/anmelden/);
      await loginPage.signIn(member.email, member.password);
      await expect(page, 'signed in, the member is back on the order form, not in member services').toHaveURL(/\/diesel$/);
      await expect(dieselOrderPage.deliveryDate, 'the order form is there to fill in').toBeVisible();
    },
  );

  test('a sign-in link naming another site as the way back leaves the member on the portal', async ({ request, member, config }) => {
    for (const elsewhere of ELSEWHERE) {
      const answer = await sendLoginForm(
        request,
        { email: member.email, password: member.password, weiter: elsewhere },
        `?weiter=${encodeURIComponent(elsewhere)}`,
      );
      expect(
        `${answer.status()} ${new URL(answer.headers().location ?? '', config.baseURL).href}`,
        `signed in from a link back to ${JSON.stringify(elsewhere)}, the member lands on member services`,
      ).toBe(`303 ${new URL('/mitglied', config.baseURL).href}`);
    }
  });

  test('a member who mistyped their password signs in with the right one', async ({ page, loginPage, memberServicesPage, member }) => {
    await loginPage.goto();
    await loginPage.signIn(member.email, member.password.slice(0, -1));
    await expect(page, 'the mistyped password keeps the member on the login page').toHaveURL(/\/anmelden/);
    await loginPage.signIn(member.email, member.password);
    await expect(page, 'the right password, typed next, signs the member in').toHaveURL(/\/mitglied$/);
    await expect(memberServicesPage.welcome, 'member services greet the member').toBeVisible();
  });

  test('five wrong passwords in a row lock the account as documented, four do not', async ({ request, member }) => {
    // The login form's own request, without following it to member services: the lock is decided by this answer alone.
    const attempt = async (password: string) => {
      const answer = await sendLoginForm(request, { email: member.email, password });
      const alert = /role="alert"[^>]*>([^<]*)</.exec(await answer.text())?.[1] ?? '';
      return `${answer.status()} ${answer.headers().location ?? ''}${alert}`;
    };
    const wrong = async (count: number) => {
      const answers: string[] = [];
      for (let i = 0; i < count; i += 1) answers.push(await attempt(`${member.password}-falsch-${i}`));
      return answers;
    };

    expect(await wrong(LOCK_AFTER - 1), `${LOCK_AFTER - 1} wrong passwords are each refused as wrong`).toEqual(
      Array.from({ length: LOCK_AFTER - 1 }, () => expect.stringMatching(/^401 /)),
    );
    expect(await attempt(member.password), `after ${LOCK_AFTER - 1} wrong passwords the right one still signs in`).toMatch(
      /^303 .*\/mitglied$/,
    );

    await wrong(LOCK_AFTER);
    expect(
      await attempt(member.password),
      `after ${LOCK_AFTER} wrong passwords in a row the account is locked, and the member is told so`,
    ).toMatch(/^423 .*gesperrt/);
  });

  test(
    'a session lasts a working day and is out of reach of page scripts',
    { tag: '@degraded' },
    async ({ page, loginPage, memberServicesPage, member }) => {
      await loginPage.goto();
      const before = new Map((await page.context().cookies()).map((cookie) => [cookie.name, cookie.value]));
      await loginPage.signIn(member.email, member.password);
      await expect(memberServicesPage.welcome, 'the member is signed in').toBeVisible();
      const signedInAt = Date.now();
      const issued = (await page.context().cookies()).filter((cookie) => before.get(cookie.name) !== cookie.value);

      expect(
        issued.map((cookie) => cookie.name),
        'signing in issues a new session cookie (the anonymous one is not kept)',
      ).not.toEqual([]);
      for (const cookie of issued) {
        expect(cookie.httpOnly, `the session cookie "${cookie.name}" is out of reach of page scripts (HttpOnly)`).toBe(true);
      }
      // A cookie without an expiry lasts as long as the browser: long enough. One with an expiry must last the day.
      for (const cookie of issued.filter((candidate) => candidate.expires !== -1)) {
        expect(
          cookie.expires * 1000 - signedInAt,
          `the session cookie "${cookie.name}" lasts a working day (8 hours), not ${Math.round((cookie.expires * 1000 - signedInAt) / 60_000)} minutes`,
        ).toBeGreaterThanOrEqual(SESSION_MS);
      }
      expect(await page.evaluate(() => document.cookie), 'page scripts see no session cookie').not.toContain(issued[0]?.value ?? '\u0000');
    },
  );
});
