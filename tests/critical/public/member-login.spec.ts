import { expect, test } from '../../../fixtures';

test.describe('member login', { tag: ['@critical', '@flow-member-login'] }, () => {
  test('member signs in and reaches member services', { tag: '@probe' }, async ({ page, loginPage, memberServicesPage, member }) => {
    await loginPage.goto();
    await loginPage.signIn(member.email, member.password);

    await test.step('Reach member services after sign-in', () =>
      expect(page, 'a signed-in member lands in member services').toHaveURL(/\/mitglied$/));

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
});
