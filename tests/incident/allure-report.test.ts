import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { ROOT, runCommand } from '../support/processes';

const DIR = path.join(ROOT, 'reports', 'allure-offline');
/** The allure package's command line, as `npm run report` runs it (its exports do not include the file). */
const ALLURE_CLI = path.join(ROOT, 'node_modules', 'allure', 'cli.js');

const PASSED = 'member can order diesel for delivery next week';
const FAILED = 'weather page shows fresh data for the member region';

/** One allure-results file as allure-playwright writes it (the fields the report reads). */
function result(name: string, status: 'passed' | 'failed', start: number) {
  return {
    uuid: randomUUID(),
    historyId: randomUUID(),
    name,
    fullName: `tests/critical/fixture.spec.ts#${name}`,
    status,
    stage: 'finished',
    ...(status === 'failed'
      ? { statusDetails: { message: 'Error: expect(locator).toHaveText(expected) failed', trace: 'at fixture.spec.ts:12' } }
      : {}),
    start,
    stop: start + 1200,
    labels: [
      { name: 'suite', value: 'critical flows' },
      { name: 'severity', value: 'critical' },
    ],
    steps: [],
    attachments: [],
    parameters: [],
  };
}

/**
 * `allure generate` with a config file on fresh fixture results (a passed and a failed test) in `reports/allure-offline/<name>/`
 * (one folder per test: tests run side by side); the report folder.
 */
async function generate(config: string, name: string): Promise<string> {
  const dir = path.join(DIR, name);
  const results = path.join(dir, 'allure-results');
  await rm(dir, { recursive: true, force: true });
  await mkdir(results, { recursive: true });
  const start = Date.parse('2026-11-23T09:00:00Z');
  for (const entry of [result(PASSED, 'passed', start), result(FAILED, 'failed', start + 2000)]) {
    await writeFile(path.join(results, `${entry.uuid}-result.json`), JSON.stringify(entry));
  }
  const output = path.join(dir, 'report');
  const run = await runCommand(process.execPath, [ALLURE_CLI, 'generate', results, '--config', config, '-o', output], process.env);
  expect(run.exitCode, run.output).toBe(0);
  return output;
}

/**
 * Opens a report from disk with every request other than file: and data: blocked, and returns the blocked ones (what
 * the report tried to fetch from the network).
 */
async function openOffline(page: Page, file: string): Promise<string[]> {
  const blocked: string[] = [];
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  await page.goto(pathToFileURL(file).href);
  return blocked;
}

test('the Allure report is one file that opens from disk and requests nothing from anyone', async ({ page }) => {
  // Allure reads, converts and writes the report in a process of its own: a few seconds on a shared machine.
  test.setTimeout(90_000);
  const report = await generate(path.join(ROOT, 'incident', 'allurerc.ts'), 'report');
  const files = await readdir(report, { recursive: true });
  expect(
    files.filter((name) => /\.(js|css|woff2?)$/.test(name)),
    'scripts, styles and fonts are inside index.html',
  ).toEqual([]);
  const html = await readFile(path.join(report, 'index.html'), 'utf8');
  expect(html).not.toMatch(/googletagmanager|gtag\(/);

  const blocked = await openOffline(page, path.join(report, 'index.html'));
  await expect(page.getByText(PASSED).first(), 'the report rendered its tests, not only a spinner').toBeVisible();
  await expect(page.getByText(FAILED).first()).toBeVisible();
  await expect(page.getByRole('status', { name: 'Loading report' })).toHaveCount(0);
  expect(blocked, 'requests to the network').toEqual([]);
});

test("Allure's own default report is what the check above catches: a spinner from disk and a call to Google", async ({ page }) => {
  // The same generation as above with Allure's defaults.
  test.setTimeout(90_000);
  const config = path.join(DIR, 'allurerc-default.json');
  await mkdir(DIR, { recursive: true });
  await writeFile(config, JSON.stringify({ name: 'firewatch critical flows', plugins: { awesome: { options: {} } } }));
  const report = await generate(config, 'default');

  // goto waits for the load event, which async scripts (the analytics loader) hold back until they are fetched.
  const blocked = await openOffline(page, path.join(report, 'index.html'));
  expect(
    blocked.some((url) => url.includes('googletagmanager.com')),
    `blocked: ${blocked.join(', ')}`,
  ).toBe(true);
  await expect(page.getByText(PASSED)).toHaveCount(0);
});
