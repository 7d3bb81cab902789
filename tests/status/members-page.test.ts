import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FAILURE_CLASSES, incidentId, reportPaths, type Effect, type FailureClass } from '../../contract';
import { FLOWS, getFlow } from '../../flows';
import type { RegisterEntry } from '../../probe/incidents/schema';
import { ProbeMetrics } from '../../probe/metrics';
import { publishProbeReports } from '../../probe/publish';
import type { HistoryFlow, HistoryLine, ProbeAction, ProbeState } from '../../probe/schema';
import { buildMembersModel } from '../../probe/status/members';
import { renderMembersHtml } from '../../probe/status/members-render';
import { buildStatusModel } from '../../probe/status/model';
import { ROOT } from '../support/processes';
import { openStatusPage } from './page';

const NOW = new Date('2026-11-23T15:00:00.000Z');
const MINUTE = 60_000;

/** Internal detail planted into every probe file: none of it may reach the members' page. */
const INTERNAL = {
  target: 'https://portal-intern.elbtal-agrar.example/cluster-7',
  location: 'fra-rack7-SECRETLOC',
  runId: 'run-INTERNAL-RUNID-8842',
  dieselStep: 'Submit diesel order (POST /api/orders) STEP-MARKER',
  loginStep: 'Sign in as probe account STEP-LOGIN-MARKER',
  weatherStep: 'Read the forecast STEP-WEATHER-MARKER',
  detail: 'PagerDuty answered 202 DETAIL-MARKER',
  suiteError: 'connect ECONNREFUSED 10.20.30.40:5432 SUITE-MARKER',
  brokenMessage: 'Playwright crashed PROBE-BROKEN-MARKER',
  dedupKey: 'firewatch:portal-intern.elbtal-agrar.example:diesel-order',
};

/** Everything that must never show on the members' page, in its text or its HTML. */
const FORBIDDEN: readonly string[] = [
  ...Object.values(INTERNAL),
  'portal-intern',
  'SECRETLOC',
  'MARKER',
  '10.20.30.40',
  ...FLOWS.flatMap((flow) => [flow.id, flow.title, flow.capability, flow.owner, flow.runbook, flow.impact, flow.statusMessage]),
  ...FAILURE_CLASSES,
  'SEV-',
  'http',
  '://',
  'elbtal',
  'probe',
  'incident',
];

function flowEntry(id: string, status: HistoryFlow['status'], failure?: Partial<HistoryFlow>): HistoryFlow {
  return {
    id,
    status,
    durationMs: status === 'skipped' ? 0 : 900,
    errorClass: null,
    failingStep: null,
    effect: null,
    severity: null,
    state: 'healthy',
    ...failure,
  };
}

/**
 * One probe run at `at`: every flow passed except `root` (failed with `failure`), whose dependants are skipped because
 * of it; `actions` for the root.
 */
function run(
  at: string,
  root?: { id: string; step: string; errorClass: FailureClass; effect: Effect; state: HistoryFlow['state'] },
  actions: ProbeAction['type'][] = [],
): HistoryLine {
  const started = Date.parse(at);
  const dependants = root ? FLOWS.filter((flow) => flow.dependsOn.includes(root.id)).map((flow) => flow.id) : [];
  return {
    v: 1,
    runId: INTERNAL.runId,
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(started + 20_000).toISOString(),
    durationMs: 20_000,
    target: INTERNAL.target,
    targetEnv: 'production',
    location: INTERNAL.location,
    verdict: root ? 'failed' : 'passed',
    suiteError: null,
    maintenance: false,
    flows: FLOWS.map((flow) =>
      flow.id === root?.id
        ? flowEntry(flow.id, 'failed', {
            errorClass: root.errorClass,
            failingStep: root.step,
            effect: root.effect,
            severity: getFlow(root.id).severity,
            state: root.state,
          })
        : dependants.includes(flow.id)
          ? flowEntry(flow.id, 'skipped', { rootCause: root?.id })
          : flowEntry(flow.id, 'passed'),
    ),
    actions: actions.map((type) => ({ type, flowId: root?.id ?? 'diesel-order', channel: 'pagerduty', detail: INTERNAL.detail })),
  };
}

const at = (iso: string, minutes = 0) => new Date(Date.parse(iso) + minutes * MINUTE).toISOString();

/**
 * The probe's files for a portal whose diesel ordering is down now (since 13:49 UTC), after a login outage in September
 * (summer time) that took member services and diesel ordering with it, a weather outage in August (older than 90 days),
 * a probe error, and a weather incident the register knows of (wrong values, in November).
 */
function scenario() {
  const login = { id: 'member-login', step: INTERNAL.loginStep, errorClass: 'http-5xx' as const, effect: 'down' as const };
  const diesel = { id: 'diesel-order', step: INTERNAL.dieselStep, errorClass: 'http-5xx' as const, effect: 'down' as const };
  const weather = { id: 'weather', step: INTERNAL.weatherStep, errorClass: 'stale-data' as const, effect: 'down' as const };
  const history: HistoryLine[] = [
    run('2026-08-10T10:00:00Z', { ...weather, state: 'failing' }),
    run('2026-08-10T10:10:00Z', { ...weather, state: 'open' }, ['triggered']),
    run('2026-08-10T10:20:00Z', undefined, []),
    { ...run('2026-08-10T10:20:00Z'), actions: [{ type: 'resolved', flowId: 'weather', detail: INTERNAL.detail }] },
    run('2026-09-10T08:05:00Z', { ...login, state: 'failing' }),
    run('2026-09-10T08:15:00Z', { ...login, state: 'open' }, ['triggered']),
    run('2026-09-10T08:25:00Z', { ...login, state: 'open' }),
    { ...run('2026-09-10T09:15:00Z'), actions: [{ type: 'resolved', flowId: 'member-login', detail: INTERNAL.detail }] },
    { ...run('2026-11-20T12:00:00Z'), verdict: 'error', suiteError: INTERNAL.suiteError },
    run('2026-11-23T13:39:00Z'),
    run('2026-11-23T13:49:00Z', { ...diesel, state: 'failing' }),
    run('2026-11-23T13:59:00Z', { ...diesel, state: 'open' }, ['triggered']),
    ...[10, 20, 30, 40, 50, 60].map((minutes) => run(at('2026-11-23T13:59:00Z', minutes), { ...diesel, state: 'open' })),
  ];
  const flowState = (id: string, open: boolean): ProbeState['flows'][string] => ({
    state: open ? 'open' : 'healthy',
    consecutiveFailures: open ? 8 : 0,
    failingSince: open ? '2026-11-23T13:49:00.000Z' : null,
    openedAt: open ? '2026-11-23T13:59:20.000Z' : null,
    lastNotifiedAt: open ? '2026-11-23T13:59:20.000Z' : null,
    resolvedAt: null,
    dedupKey: open ? INTERNAL.dedupKey : `firewatch:portal-intern:${id}`,
    severity: open ? 'SEV-1' : null,
    effect: open ? 'down' : null,
    errorClass: open ? 'http-5xx' : null,
    failingStep: open ? INTERNAL.dieselStep : null,
    affected: [],
    lastRunAt: '2026-11-23T14:59:00.000Z',
    lastStatus: open ? 'failed' : 'passed',
    lastDurationMs: 900,
  });
  const state: ProbeState = {
    v: 1,
    target: INTERNAL.target,
    updatedAt: '2026-11-23T14:59:20.000Z',
    flows: Object.fromEntries(FLOWS.map((flow) => [flow.id, flowState(flow.id, flow.id === 'diesel-order')])),
    probeBroken: { open: true, since: '2026-11-23T14:00:00.000Z', dedupKey: 'firewatch:probe:fra', message: INTERNAL.brokenMessage },
  };
  const entry = (
    flowId: string,
    times: { first: string; alerted: string; resolved: string | null },
    effect: Effect,
    affected: string[],
    step: string,
  ): RegisterEntry => ({
    v: 1,
    id: incidentId(flowId, times.first),
    target: INTERNAL.target,
    flowId,
    capability: getFlow(flowId).capability,
    dedupKey: INTERNAL.dedupKey,
    affected,
    severity: 'SEV-1',
    effect,
    failureClasses: ['http-5xx'],
    failingSteps: [step],
    firstFailureAt: times.first,
    confirmedAt: times.alerted,
    alertedAt: times.alerted,
    resolvedAt: times.resolved,
    lastFailureAt: times.first,
    timeToDetectMs: 0,
    timeToResolveMs: null,
    locations: [INTERNAL.location],
    failedRuns: 3,
    renotifications: 0,
    folder: `incidents/${incidentId(flowId, times.first)}`,
  });
  const register: RegisterEntry[] = [
    entry(
      'member-login',
      { first: '2026-09-10T08:05:00.000Z', alerted: '2026-09-10T08:15:20.000Z', resolved: '2026-09-10T09:15:20.000Z' },
      'down',
      ['member-services', 'diesel-order'],
      INTERNAL.loginStep,
    ),
    entry(
      'weather',
      { first: '2026-11-03T06:30:00.000Z', alerted: '2026-11-03T06:50:00.000Z', resolved: '2026-11-03T09:00:00.000Z' },
      'wrong',
      [],
      INTERNAL.weatherStep,
    ),
    // Seen by the probe, never alerted (muted or unconfirmed): not an incident for members.
    entry('availability', { first: '2026-11-10T02:00:00.000Z', alerted: '', resolved: '2026-11-10T02:10:00.000Z' }, 'down', [], 'x'),
    entry(
      'diesel-order',
      { first: '2026-11-23T13:49:00.000Z', alerted: '2026-11-23T13:59:20.000Z', resolved: null },
      'down',
      [],
      INTERNAL.dieselStep,
    ),
  ].map((line) => (line.alertedAt ? line : { ...line, alertedAt: null, confirmedAt: null }));
  return { history, state, register };
}

/** Writes the probe's files into a reports folder of its own and runs the publishing step the probe runs after each run. */
async function publish(name: string, files: ReturnType<typeof scenario>, maintenance?: string) {
  const dir = path.join(ROOT, 'reports', 'status-members', name);
  await rm(dir, { recursive: true, force: true });
  const paths = reportPaths(dir);
  await mkdir(paths.probe.dir, { recursive: true });
  await writeFile(paths.probe.history, files.history.map((line) => `${JSON.stringify(line)}\n`).join(''));
  await writeFile(paths.probe.state, JSON.stringify(files.state));
  await writeFile(paths.probe.register, files.register.map((line) => `${JSON.stringify(line)}\n`).join(''));
  if (maintenance) await writeFile(paths.probe.maintenance, maintenance);
  const published = await publishProbeReports(paths, new ProbeMetrics(), NOW, { timeZone: 'Europe/Berlin' });
  expect(published.members).toBe(paths.probe.membersStatus);
  return paths;
}

/** The lines of a section's list as members read them, line breaks as spaces. */
function listLines(page: Page, section: string): Promise<string[]> {
  return page
    .getByRole('region', { name: section })
    .getByRole('listitem')
    .evaluateAll((items) => items.map((item) => (item as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
}

/** The capability lines: name and state. */
const capabilities = (page: Page) => listLines(page, 'Dienste');

test('the members page says in German what is down, since when, what members can do, and what happened in 90 days', async ({
  page,
}, testInfo) => {
  const paths = await publish('open-incident', scenario(), '2026-11-25T07:00:00+01:00\n2026-11-25T05:00:00+01:00\n');
  await page.setViewportSize({ width: 1280, height: 900 });
  const { problems } = await openStatusPage(page, paths.probe.membersStatus);

  await expect(page).toHaveTitle('Status des Mitgliederportals');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.locator('#overall')).toHaveText('Zurzeit liegt eine Störung vor.');
  await expect(page.getByText('Zuletzt geprüft: Mo., 23.11.2026, 15:59 Uhr (MEZ)')).toBeVisible();

  const open = page.getByRole('article', { name: 'Störung: Dieselbestellung' });
  await expect(open.getByRole('heading')).toHaveText('Dieselbestellung: Ausfall');
  await expect(open).toContainText(getFlow('diesel-order').members.down);
  await expect(open).toContainText('Seit Mo., 23.11.2026, 14:49 Uhr (MEZ) · bisher 1 Std. 11 Min.');
  await expect(page.getByRole('article')).toHaveCount(1);

  expect(await capabilities(page)).toEqual([
    'Portal Verfügbar',
    'Anmeldung Verfügbar',
    'Mitgliederbereich Verfügbar',
    'Dieselbestellung Nicht verfügbar',
    'Wetter Verfügbar',
  ]);

  await expect(page.locator('#maintenance')).toHaveText(
    'Geplante Wartungsarbeiten von Mi., 25.11.2026, 05:00 Uhr (MEZ) bis Mi., 25.11.2026, 07:00 Uhr (MEZ). In dieser Zeit kann das Mitgliederportal zeitweise nicht oder nur eingeschränkt erreichbar sein.',
  );

  // Newest first; the register's weather incident is there, the August one (older than 90 days) and the never-alerted
  // portal failure are not, and the login outage is listed once though history and register both have it.
  expect(await listLines(page, 'Störungen der letzten 90 Tage')).toEqual([
    'Dieselbestellung: Ausfall Mo., 23.11.2026, 14:49 Uhr (MEZ) · andauernd',
    'Wetter: Fehlerhafte Angaben Di., 03.11.2026, 07:30 Uhr (MEZ) · Dauer 2 Std. 30 Min.',
    'Anmeldung: Ausfall (ebenfalls betroffen: Mitgliederbereich, Dieselbestellung) Do., 10.09.2026, 10:05 Uhr (MESZ) · Dauer 1 Std. 10 Min.',
  ]);

  const html = await readFile(paths.probe.membersStatus, 'utf8');
  const text = await page.locator('body').innerText();
  for (const internal of FORBIDDEN) {
    expect.soft(text.toLowerCase(), `page text shows "${internal}"`).not.toContain(internal.toLowerCase());
    expect.soft(html.toLowerCase(), `page HTML holds "${internal}"`).not.toContain(internal.toLowerCase());
  }
  expect(html, 'self-contained: no script, no link, nothing loaded').not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(/i);

  await page.setViewportSize({ width: 375, height: 812 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling on a phone').toBeLessThanOrEqual(375);
  await expect(open).toBeInViewport({ ratio: 0.3 });
  await testInfo.attach('members page (phone)', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  expect(problems).toEqual([]);
});

test('a running maintenance window shows on the page, and a capability failing inside it reads as maintenance', async ({ page }) => {
  const files = scenario();
  // Weather fails in the last run, inside the window: the probe mutes it, members read maintenance.
  files.history.push(
    run('2026-11-23T14:59:30Z', { id: 'weather', step: INTERNAL.weatherStep, errorClass: 'stale-data', effect: 'down', state: 'failing' }),
  );
  const paths = await publish('maintenance', files, '2026-11-23T17:30:00+01:00\n');
  await openStatusPage(page, paths.probe.membersStatus);
  await expect(page.locator('#maintenance')).toHaveText(
    'Wartungsarbeiten bis Mo., 23.11.2026, 17:30 Uhr (MEZ). In dieser Zeit kann das Mitgliederportal zeitweise nicht oder nur eingeschränkt erreichbar sein.',
  );
  expect(await capabilities(page)).toContain('Wetter Wartungsarbeiten');
  expect(await capabilities(page)).toContain('Dieselbestellung Nicht verfügbar');
});

test('a login outage marks what depends on it, an ended window and a healthy portal read as all available', async ({ page }) => {
  const files = scenario();
  const login = {
    id: 'member-login',
    step: INTERNAL.loginStep,
    errorClass: 'http-5xx' as const,
    effect: 'down' as const,
    state: 'open' as const,
  };
  files.history.push(run('2026-11-23T14:59:40Z', login, ['triggered']));
  files.state.flows['diesel-order'] = { ...files.state.flows['diesel-order']!, state: 'resolved', resolvedAt: '2026-11-23T14:59:40.000Z' };
  files.state.flows['member-login'] = {
    ...files.state.flows['diesel-order'],
    state: 'open',
    failingSince: '2026-11-23T14:59:40.000Z',
    openedAt: '2026-11-23T15:00:00.000Z',
    affected: ['member-services', 'diesel-order'],
  };
  files.register = files.register.filter((entry) => entry.flowId !== 'diesel-order');
  const paths = await publish('login-down', files, '2026-11-23T10:00:00+01:00\n');
  await openStatusPage(page, paths.probe.membersStatus);
  await expect(page.locator('#maintenance'), 'an ended window is not shown').toHaveCount(0);
  const open = page.getByRole('article', { name: 'Störung: Anmeldung' });
  await expect(open).toContainText(getFlow('member-login').members.down);
  await expect(open).toContainText('Ebenfalls betroffen: Mitgliederbereich, Dieselbestellung');
  expect(await capabilities(page)).toEqual([
    'Portal Verfügbar',
    'Anmeldung Nicht verfügbar',
    'Mitgliederbereich Nicht verfügbar wegen der Störung: Anmeldung',
    'Dieselbestellung Nicht verfügbar wegen der Störung: Anmeldung',
    'Wetter Verfügbar',
  ]);

  const healthy = buildStatusModel([run('2026-11-23T14:50:00Z')], null, NOW, FLOWS);
  await page.setContent(
    renderMembersHtml(
      buildMembersModel({ status: healthy, register: [], maintenance: null, registry: FLOWS, timeZone: 'Europe/Berlin', now: NOW }),
    ),
  );
  await expect(page.locator('#overall')).toHaveText('Alle Dienste sind verfügbar.');
  await expect(page.getByText('Keine Störungen in den letzten 90 Tagen.')).toBeVisible();
});

test('names and messages reach the page escaped, whatever they hold', async ({ page }) => {
  const hostile = FLOWS.map((flow) =>
    flow.id === 'weather' ? { ...flow, members: { ...flow.members, name: '<img src=x onerror=alert(1)>Wetter & "Co"' } } : flow,
  );
  const files = scenario();
  const status = buildStatusModel(files.history, files.state, NOW, hostile);
  const model = buildMembersModel({
    status,
    register: files.register,
    maintenance: null,
    registry: hostile,
    timeZone: 'Europe/Berlin',
    now: NOW,
  });
  const html = renderMembersHtml(model);
  expect(html).not.toContain('<img');
  await page.setContent(html);
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Dienste' })).toContainText('<img src=x onerror=alert(1)>Wetter & "Co"');
});
