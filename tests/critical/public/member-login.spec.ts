import { expect, test } from '../../../fixtures';

test.describe('member login', { tag: ['@critical', '@flow-member-login'] }, () => {
  test('member signs in and reaches member services', { tag: '@probe' }, async ({ page, loginPage, memberServicesPage, member }) => {
    await loginPage.goto();
    await loginPage.signIn(member.email, member.password);

    await test.step('Reach member services after sign-in', () => expect(page).toHaveURL(/\/mitglied$/));
    await expect(memberServicesPage.welcome).toHaveText(
      member.probeAccount ? /^Willkommen, \S+/ : `Willkommen, ${member.firstName} ${member.lastName}`,
    );
    await expect(memberServicesPage.memberNumber).toHaveText(member.memberNumber ?? /^EG-\d{6}$/);
  });

  test('wrong password is refused with a clear message and does not sign in', async ({ page, loginPage, member }) => {
    await loginPage.goto();
    await loginPage.signIn(member.email, `${member.password}-falsch`);

    await expect(loginPage.error).toHaveText('E-Mail oder Passwort ist falsch.');
    await page.goto('/mitglied');
    await expect(page, 'member services must stay closed after a refused sign-in').toHaveURL(/\/anmelden/);
  });

  test('after signing out the old session no longer opens member services', { tag: '@probe' }, async ({ page, loginPage, memberServicesPage, member }) => {
    await loginPage.goto();
    await loginPage.signIn(member.email, member.password);
    await expect(memberServicesPage.welcome).toBeVisible();
    const sessionCookies = await page.context().cookies();

    await loginPage.signOut();
    await expect(loginPage.notice).toHaveText('Sie wurden abgemeldet.');

    await page.context().addCookies(sessionCookies);
    await memberServicesPage.goto();
    await expect(page, 'the signed-out session cookie must not open member services').toHaveURL(/\/anmelden/);
    await expect(memberServicesPage.welcome).toBeHidden();
  });
});
