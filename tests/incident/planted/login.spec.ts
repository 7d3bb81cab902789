import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from '@playwright/test';
import { test } from '../../../fixtures/allure';

const secret = process.env.PROBE_PASSWORD ?? '';
const LOGIN_PAGE = `<!doctype html><html lang="de"><body>
<h1>Anmelden</h1>
<form method="get" action="/login">
  <label>E-Mail <input name="email" type="email"></label>
  <label>Passwort <input name="password" type="password"></label>
  <label>Notiz <input name="note" type="text"></label>
  <button type="submit">Anmelden</button>
</form>
<script>console.error('login failed for ' + new URLSearchParams(location.search).get('password'));</script>
</body></html>`;

let server: http.Server;
let baseURL = '';

test.beforeAll(async () => {
  server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(LOGIN_PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('probe member can sign in', { tag: ['@critical', '@flow-member-login'] }, async ({ page }, testInfo) => {
  await page.goto(`${baseURL}/`);

  await test.step('Sign in', async () => {
    await page.getByLabel('E-Mail').fill('probe@example.org');
    await page.getByLabel('Passwort').fill(secret);
    await page.getByLabel('Notiz').fill(secret);
    // eslint-disable-next-line playwright/no-conditional-in-test -- planted-secret.test.ts runs this planted check both healthy and failing
    if (process.env.PLANTED_HEALTHY) return;
    process.stdout.write(`signing in with ${secret}\n`);
    await testInfo.attach('guard-report', {
      contentType: 'application/json',
      body: JSON.stringify({
        pageErrors: [],
        consoleErrors: [{ text: `login failed for ${secret}`, url: baseURL }],
        serverErrors: [],
        failedRequests: [],
      }),
    });
    // A failing check on a field holding the secret puts it into the error message ("Received: …").
    await expect.soft(page.getByLabel('Notiz')).toHaveValue('', { timeout: 500 });
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByRole('heading', { name: 'Mitgliederbereich' })).toBeVisible({ timeout: 1_000 });
  });
});
