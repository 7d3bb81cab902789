import { stat, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { reportPaths } from '../../contract';
import { FLOWS } from '../../flows';
import { renderStatusPage } from '../../probe/status';
import { renderStatusHtml } from '../../probe/status/render';
import { buildStatusModel } from '../../probe/status/model';
import { syntheticHistory, writeHistory } from '../support/history';
import { ROOT } from '../support/processes';
import { attachScreenshot, expectedFromHistory, expectKeyboardUsable, expectPageShows, openStatusPage, readHistoryLines } from './page';

const INTERVAL = 10 * 60_000;
/** A year at the probe's 10-minute interval. */
const YEAR_OF_RUNS = 52_560;

test('a year of history renders fast into a small page that shows the history, on a phone too', async ({ page }, testInfo) => {
  // Writing 50 MB of history and reading it back for the cross-check takes a few seconds on a busy machine.
  test.setTimeout(120_000);
  const dir = path.join(ROOT, 'reports', 'status-year');
  const paths = reportPaths(dir).probe;
  await rm(dir, { recursive: true, force: true });
  const end = new Date('2026-11-23T12:00:00.000Z');
  await writeHistory(
    paths.history,
    syntheticHistory({
      runs: YEAR_OF_RUNS,
      intervalMs: INTERVAL,
      end,
      outages: [
        { flowId: 'availability', fromRun: 4_000, runs: 5 },
        { flowId: 'weather', fromRun: 45_000, runs: 9, effect: 'degraded' },
        { flowId: 'member-login', fromRun: 49_000, runs: 4 },
        { flowId: 'diesel-order', fromRun: YEAR_OF_RUNS - 7, runs: 7 },
      ],
    }),
  );

  const rendered = await renderStatusPage(reportPaths(dir), end);
  const figures = {
    runs: rendered.model.runs.total,
    historyBytes: (await stat(paths.history)).size,
    renderMs: Math.round(rendered.elapsedMs),
    htmlBytes: rendered.bytes,
  };
  await writeFile(path.join(dir, 'figures.json'), JSON.stringify(figures, null, 2));
  await testInfo.attach('figures', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
  testInfo.annotations.push({
    type: 'measured',
    description: `${figures.runs} runs: ${figures.renderMs} ms, ${(figures.htmlBytes / 1024).toFixed(0)} KiB`,
  });
  expect(figures.runs).toBe(YEAR_OF_RUNS);
  expect(figures.htmlBytes, 'the page stays small with a year of history').toBeLessThan(150 * 1024);
  // About a second on an idle 2-core machine; the bound leaves room for a machine shared with other suites.
  expect(figures.renderMs, 'render time for a year of history').toBeLessThan(45_000);

  await page.setViewportSize({ width: 1280, height: 900 });
  const { problems } = await openStatusPage(page, paths.status);
  await expectPageShows(page, expectedFromHistory(await readHistoryLines(paths.history), null, end));
  await expectKeyboardUsable(page);
  await attachScreenshot(page, testInfo, path.join(paths.dir, 'status.png'));

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling on a phone').toBeLessThanOrEqual(390);
  await attachScreenshot(page, testInfo, path.join(paths.dir, 'status-phone.png'));
  expect(problems).toEqual([]);
});

test('the page says how old its last run is, and warns once that is more than two probe intervals', async ({ page }) => {
  for (const { minutesAgo, overdue } of [
    { minutesAgo: 0, overdue: false },
    { minutesAgo: 35, overdue: true },
  ]) {
    const end = new Date(Date.now() - minutesAgo * 60_000);
    const model = buildStatusModel(syntheticHistory({ runs: 30, intervalMs: INTERVAL, end, outages: [] }), null, end, FLOWS);
    expect(model.runs.intervalMs).toBe(INTERVAL);
    const lastMinutesAgo = Math.round((Date.now() - Date.parse(model.runs.last ?? '')) / 60_000);
    await page.setContent(renderStatusHtml(model));
    const freshness = page.locator('#freshness');
    // A minute may turn while the page opens.
    await expect(freshness).toContainText(new RegExp(`, (${lastMinutesAgo}|${lastMinutesAgo + 1}) min ago`));
    if (overdue) {
      await expect(freshness).toContainText('over two probe intervals; the probe may have stopped');
      await expect(freshness).toHaveClass(/overdue/);
    } else {
      await expect(freshness).not.toHaveClass(/overdue/);
    }
  }
});
