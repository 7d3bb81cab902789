import { expect, skipAsBlockedIf, test } from '../../../fixtures';

test.use({ signedIn: true });

test.describe('weather for the signed-in member', { tag: ['@critical', '@flow-weather'] }, () => {
  test(
    "the weather page opens on the member's own region, the same as the weather API",
    { tag: ['@probe', '@degraded'] },
    async ({ weatherPage, loginPage, weatherJudge, sessionMember }) => {
      await weatherPage.goto();
      // A session the portal no longer knows is the member-login flow's finding; this check needs the member's view.
      skipAsBlockedIf(
        test.info(),
        !(await loginPage.signOutButton.isVisible()),
        'member-login',
        'The portal does not recognise the signed-in member.',
      );
      await expect(weatherPage.regionHeading, 'the weather page shows a region without asking the member').toBeVisible();
      const postcode = sessionMember.postcode || (await weatherPage.read()).postcode;
      await weatherJudge.expectPageMatchesApi(
        postcode,
        { load: () => weatherPage.goto(), read: () => weatherPage.read() },
        "signed-in member's weather page",
      );
    },
  );
});
