import { readFile } from 'node:fs/promises';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { FLOWS } from '../../flows';
import { formatDuration, formatPercent, formatTime } from '../../probe/status/format';
import { RECENT_RUNS } from '../../probe/status/model';
import type { HistoryLine, ProbeState } from '../../probe/schema';

const DAY = 86_400_000;

/**
 * What the page must show, worked out from the history lines directly (a second, deliberately plain computation,
 * not the page's own model): availability per window, the newest runs, incident counts, detect and resolve times.
 */
export function expectedFromHistory(lines: readonly HistoryLine[], state: ProbeState | null, now: Date) {
  const judged = lines.filter((line) => line.verdict !== 'error');
  const flows = FLOWS.map((flow) => {
    const entries = judged.map((line) => ({ line, entry: line.flows.find((candidate) => candidate.id === flow.id) }));
    const window = (days: number) => {
      const inWindow = entries.filter(({ line, entry }) => entry && now.getTime() - Date.parse(line.startedAt) <= days * DAY);
      const counted = inWindow.filter(({ entry }) => entry && (entry.status !== 'skipped' || entry.rootCause));
      const up = counted.filter(
        ({ entry }) =>
          entry && (entry.status === 'passed' || entry.status === 'flaky' || (entry.status === 'failed' && entry.effect === 'degraded')),
      );
      return formatPercent(counted.length ? (100 * up.length) / counted.length : null);
    };
    const recent = lines.slice(-RECENT_RUNS).map((line) => {
      const entry = line.flows.find((candidate) => candidate.id === flow.id);
      return {
        time: formatTime(line.startedAt),
        errorClass: line.verdict === 'error' ? null : (entry?.errorClass ?? null),
        status: line.verdict === 'error' ? 'error' : entry?.status,
      };
    });
    // Time to detect: from the first failed run of the streak to when the run decided to send the trigger (its
    // decidedAt, the time the alert and the incident register carry; older lines: the run's end).
    const detect: number[] = [];
    const resolve: number[] = [];
    let openAt: string | null = null;
    lines.forEach((line, index) => {
      const decidedAt = line.decidedAt ?? line.endedAt;
      for (const action of line.actions.filter((candidate) => candidate.flowId === flow.id)) {
        if (action.type === 'triggered' && !openAt) {
          let first = index;
          const failing = (at: number) => {
            const entry = lines[at]?.flows.find((candidate) => candidate.id === flow.id);
            return (
              lines[at]?.verdict === 'error' || (entry && (entry.status === 'failed' || (entry.status === 'skipped' && entry.rootCause)))
            );
          };
          while (first > 0 && failing(first - 1)) first--;
          while (lines[first]?.verdict === 'error') first++;
          detect.push(Date.parse(decidedAt) - Date.parse(lines[first]?.startedAt ?? line.startedAt));
          openAt = decidedAt;
        } else if (action.type === 'resolved' && openAt) {
          resolve.push(Date.parse(decidedAt) - Date.parse(openAt));
          openAt = null;
        }
      }
    });
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    return {
      id: flow.id,
      title: flow.capability,
      availability: { '24h': window(1), '7d': window(7), '90d': window(90) },
      recent,
      incidents: detect.length,
      detect: detect.length ? `time to detect: mean ${formatDuration(mean(detect))}, longest ${formatDuration(Math.max(...detect))}` : null,
      resolve: resolve.length
        ? `time to resolve: mean ${formatDuration(mean(resolve))}, longest ${formatDuration(Math.max(...resolve))}`
        : null,
    };
  });
  const triggers = lines.flatMap((line) => line.actions.filter((action) => action.type === 'triggered').map(() => line.endedAt));
  const openFlows = state
    ? Object.entries(state.flows)
        .filter(([, flow]) => flow.state === 'open')
        .map(([id]) => id)
    : FLOWS.map((flow) => flow.id).filter((id) => {
        const actions = lines.flatMap((line) =>
          line.actions.filter((action) => action.flowId === id && (action.type === 'triggered' || action.type === 'resolved')),
        );
        return actions.at(-1)?.type === 'triggered';
      });
  return {
    flows,
    incidents90d: triggers.filter((at) => now.getTime() - Date.parse(at) <= 90 * DAY).length,
    openFlows,
  };
}

/** Reads history.jsonl as parsed lines. */
export async function readHistoryLines(file: string): Promise<HistoryLine[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as HistoryLine);
}

/** Opens the page from disk, failing on any console error, page error or request that leaves the file. */
export async function openStatusPage(page: Page, file: string): Promise<{ problems: string[] }> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith('file://')) problems.push(`network request: ${request.url()}`);
  });
  await page.goto(`file://${file}`);
  return { problems };
}

/** Asserts that the page shows exactly the expected data. */
export async function expectPageShows(page: Page, expected: ReturnType<typeof expectedFromHistory>): Promise<void> {
  await expect(page.getByTestId('incidents-90d')).toHaveText(String(expected.incidents90d));
  await expect(page.locator('#incident-target .target')).toHaveText(expected.incidents90d <= 1 ? 'target met' : 'target missed');
  await expect(page.locator('li.incident')).toHaveCount(expected.openFlows.length);
  for (const id of expected.openFlows) await expect(page.locator(`li.incident[data-flow="${id}"]`)).toBeVisible();
  await expect(page.locator('#overall')).toHaveText(
    expected.openFlows.length ? new RegExp(`^${expected.openFlows.length} open incidents?$`) : /operational|not yet confirmed/,
  );

  for (const flow of expected.flows) {
    const card = page.getByRole('article', { name: flow.title });
    for (const [window, text] of Object.entries(flow.availability)) {
      await expect(card.locator(`td[data-window="${window}"]`), `${flow.id} ${window}`).toHaveText(text);
    }
    const cells = card.getByRole('group').getByRole('img');
    await expect(cells, `${flow.id} strip`).toHaveCount(flow.recent.length);
    const labels = await cells.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
    expect(
      labels.map((label) => label.split(' · ')[0]),
      `${flow.id} strip times`,
    ).toEqual(flow.recent.map((run) => run.time));
    expect(
      labels.map((label, index) => (flow.recent[index]?.errorClass ? label.includes(` · ${flow.recent[index]?.errorClass}`) : true)),
      `${flow.id} strip failure classes`,
    ).toEqual(flow.recent.map(() => true));
    const classes = await cells.evaluateAll((elements) => elements.map((element) => element.className));
    expect(
      classes.map((name, index) => {
        const status = flow.recent[index]?.status;
        return status === 'passed' ? name.includes('k-passed') : status === 'error' ? name.includes('k-error') : !name.includes('k-passed');
      }),
      `${flow.id} strip colours`,
    ).toEqual(flow.recent.map(() => true));
    const ttd = card.locator('.ttd');
    if (!flow.incidents) await expect(ttd).toHaveText('No incidents in the history.');
    else {
      await expect(ttd).toContainText(`${flow.incidents} incident`);
      if (flow.detect) await expect(ttd).toContainText(flow.detect);
      if (flow.resolve) await expect(ttd).toContainText(flow.resolve);
    }
  }
}

/** Tab reaches a run cell; the tooltip shows its description on focus and on hover; arrows move; Escape hides. */
export async function expectKeyboardUsable(page: Page): Promise<void> {
  const tip = page.getByRole('tooltip');
  await expect(tip).toBeHidden();
  let presses = 0;
  // The first strip's newest cell is the first Tab stop on the page (there are no links before it).
  while (!(await page.evaluate(() => document.activeElement?.classList.contains('run'))) && presses < 20) {
    await page.keyboard.press('Tab');
    presses++;
  }
  const focused = page.locator('.run:focus');
  await expect(focused).toHaveCount(1);
  const label = await focused.getAttribute('aria-label');
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText(label ?? '');
  await page.keyboard.press('ArrowLeft');
  await expect(focused, 'ArrowLeft moves the focus to another run').not.toHaveAttribute('aria-label', label ?? '');
  const previous = await focused.getAttribute('aria-label');
  await expect(tip).toHaveText(previous ?? '');
  await page.keyboard.press('Tab');
  expect(
    await page.evaluate(() => document.activeElement?.closest('[role=group]')?.getAttribute('aria-label')),
    'Tab moves to the next strip, not the next cell',
  ).toMatch(/^Member login: last/);
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
  const hovered = page.locator('.run').nth(3);
  await hovered.hover();
  await expect(tip).toHaveText((await hovered.getAttribute('aria-label')) ?? '');
}

/** Screenshot of the whole page, attached to the test report and saved beside the page. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, file: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true, path: file });
  await testInfo.attach('status page', { body, contentType: 'image/png' });
}
