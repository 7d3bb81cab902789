import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { reportPaths } from '../../contract';
import { readProbeState } from '../../probe/state';
import { freePort, ROOT, runTsx, startPortalInProcess, startTsx } from '../support/processes';
import { attachScreenshot, expectedFromHistory, expectKeyboardUsable, expectPageShows, openStatusPage, readHistoryLines } from './page';

const SEED_TOKEN = 'status-admin-token';
const PROBE = { email: 'probe@elbtal-agrar.de', password: 'Status-Probe-Secret-2026' };

/**
 * One @probe check of each flow, on one worker: the page and the metrics show flows, and a loopback portal needs no
 * second browser.
 */
const PROBE_ARGS = [
  '--workers=1',
  '--grep',
  'home page answers|member signs in and reaches|member sees their name|orders diesel once|weather for a member region',
];

/**
 * Faults active during each probe run: a diesel outage raised and resolved, then a login outage left open. Each
 * failure is confirmed by its first run here (PROBE_CONFIRM_RUNS=1): the confirmation itself is the probe tests' part.
 */
const RUNS: { faults: string[]; exitCode: number }[] = [
  { faults: [], exitCode: 0 },
  { faults: ['diesel-submit-500'], exitCode: 1 },
  { faults: [], exitCode: 0 },
  { faults: ['login-broken'], exitCode: 1 },
];

test('status page and metrics written by real probe runs against the portal with faults switched on and off', async ({
  page,
}, testInfo) => {
  // Four probe runs of one check per flow, failed checks rechecked within each run.
  test.setTimeout(900_000);
  const dir = path.join(ROOT, 'reports', 'status-probe');
  const paths = reportPaths(dir).probe;
  await rm(dir, { recursive: true, force: true });
  const portal = await startPortalInProcess({ seedToken: SEED_TOKEN, probeAccount: PROBE });
  const env = {
    BASE_URL: portal.url,
    TARGET_ENV: 'production',
    PROBE_EMAIL: PROBE.email,
    PROBE_PASSWORD: PROBE.password,
    PROBE_CONFIRM_RUNS: '1',
    PROBE_LOCATION: 'self-test',
    SEED_TOKEN: '',
    FIREWATCH_REPORTS_DIR: dir,
  };
  let scraped = '';
  try {
    for (const [index, run] of RUNS.entries()) {
      const switched = await fetch(`${portal.url}/api/admin/faults`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${SEED_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ active: run.faults }),
      });
      expect(switched.status, await switched.text()).toBe(200);
      const name = `probe run ${index + 1} (${run.faults.join(',') || 'healthy'})`;
      if (index < RUNS.length - 1) {
        const probe = await runTsx('probe/main.ts', PROBE_ARGS, env);
        expect(probe.exitCode, `${name}:\n${probe.output.slice(-3000)}`).toBe(run.exitCode);
        continue;
      }
      // The last run repeats with a /metrics endpoint: scrape it after the run, then stop it as a service manager would.
      const port = await freePort();
      const probe = startTsx('probe/main.ts', ['--every', '3600', '--metrics-port', String(port), ...PROBE_ARGS], env);
      try {
        await expect
          .poll(async () => (await readHistoryLines(paths.history).catch(() => [])).length, {
            message: `${name} recorded`,
            timeout: 300_000,
          })
          .toBe(RUNS.length);
        // The page and metrics are published right after the history line; give that a moment.
        await expect
          .poll(
            async () =>
              (await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => response.text())).includes(
                'firewatch_flow_open_incident{flow="member-login"} 1',
              ),
            { timeout: 30_000 },
          )
          .toBe(true);
        scraped = await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => response.text());
      } finally {
        probe.child.kill('SIGTERM');
      }
      expect(await probe.exited, `${name} ends with its run's code on SIGTERM:\n${probe.output().slice(-3000)}`).toBe(run.exitCode);
    }
  } finally {
    await portal.stop();
  }

  const lines = await readHistoryLines(paths.history);
  expect(lines).toHaveLength(RUNS.length);
  const actions = lines.flatMap((line) =>
    line.actions
      .filter((action) => action.type === 'triggered' || action.type === 'resolved')
      .map((action) => `${action.type} ${action.flowId}`),
  );
  expect(actions).toEqual(['triggered diesel-order', 'resolved diesel-order', 'triggered member-login']);

  // The probe itself rendered the page and wrote the metrics after its last run.
  const state = (await readProbeState(paths.state)) ?? null;
  const { problems } = await openStatusPage(page, paths.status);
  const generatedAt = new Date((await page.locator('header time').getAttribute('datetime')) ?? '');
  const expected = expectedFromHistory(lines, state, generatedAt);
  expect(expected.openFlows).toEqual(['member-login']);
  await expectPageShows(page, expected);
  const open = page.locator('li.incident[data-flow="member-login"]');
  await expect(open.getByRole('heading')).toHaveText('[SEV-1] Member login is down');
  await expect(open).toContainText('Member services, Diesel ordering');
  await expectKeyboardUsable(page);
  await attachScreenshot(page, testInfo, path.join(paths.dir, 'status.png'));
  const shared = reportPaths(path.join(ROOT, 'reports')).probe.dir;
  await mkdir(shared, { recursive: true });
  await attachScreenshot(page, testInfo, path.join(shared, 'status.png'));
  expect(problems).toEqual([]);

  const metrics = parsePrometheusTextFormat(await readFile(paths.metrics, 'utf8'));
  expect(parsePrometheusTextFormat(scraped), 'the /metrics endpoint serves what metrics.prom holds').toEqual(metrics);
  const value = (name: string, flow: string) =>
    Number(metrics.find((family) => family.name === name)?.metrics.find((metric) => metric.labels?.flow === flow)?.value);
  expect(
    ['availability', 'member-login', 'member-services', 'diesel-order', 'weather'].map((flow) => value('firewatch_flow_up', flow)),
  ).toEqual([1, 0, 0, 0, 1]);
  expect(value('firewatch_flow_open_incident', 'member-login')).toBe(1);
  expect(value('firewatch_flow_open_incident', 'diesel-order')).toBe(0);
  expect(value('firewatch_flow_consecutive_failures', 'member-login')).toBe(1);
  expect(value('firewatch_flow_last_run_timestamp_seconds', 'weather')).toBe(Date.parse(lines.at(-1)?.startedAt ?? '') / 1000);
  expect(await readFile(paths.status, 'utf8'), 'no secret on the page').not.toContain(PROBE.password);
});
