import { mkdir, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { expect, test as setup, type SessionMember } from '../../fixtures';
import { sessionFiles } from '../../fixtures/paths';
import { buildDieselOrder, buildMember } from '../../seed/builders';
import { seededFaker } from '../../seed/faker';

setup('member signs in once for the signed-in flows', { tag: ['@critical', '@probe', '@flow-member-login'] }, async ({ page, config, seedClient, loginPage, memberServicesPage }) => {
  const files = sessionFiles(config.reportsDir);
  let member: SessionMember;
  let password: string;
  if (seedClient) {
    const faker = seededFaker(config.seed, 'session member');
    const data = buildMember(faker, `session-${randomUUID().slice(0, 8)}`);
    const seeded = await seedClient.createMember(data);
    // Written before signing in, so the cleanup project deletes the member even when sign-in fails.
    await mkdir(files.dir, { recursive: true });
    await writeFile(files.member, JSON.stringify({ ...seeded, probeAccount: false, orders: [] }));
    const orders = [];
    for (let i = 0; i < 2; i += 1) orders.push(await seedClient.createOrder(seeded.id, { ...buildDieselOrder(faker), street: data.street, postcode: data.postcode, town: data.town }));
    member = { ...seeded, probeAccount: false, orders };
    password = data.password;
  } else {
    const probe = config.probeAccount;
    if (!probe) throw new Error('TARGET_ENV=production needs PROBE_EMAIL and PROBE_PASSWORD for the synthetic probe account.');
    member = { email: probe.email, firstName: '', lastName: '', postcode: '', probeAccount: true, orders: [] };
    password = probe.password;
  }

  await loginPage.goto();
  await loginPage.signIn(member.email, password);
  await setup.step('Reach member services after sign-in', async () => {
    await expect(page).toHaveURL(/\/mitglied$/);
    await expect(memberServicesPage.welcome).toBeVisible();
  });

  await mkdir(files.dir, { recursive: true });
  await page.context().storageState({ path: files.state });
  await writeFile(files.member, JSON.stringify(member, null, 2));
});
