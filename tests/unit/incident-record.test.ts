import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { registryWords } from '../support/incident-flow';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { incidentFolder, incidentId, reportPaths, type Incident, type Summary } from '../../contract';
import { FLOWS } from '../../flows';
import { renderIncidentMarkdown } from '../../incident/render';
import { appendHistory, readHistory } from '../../probe/history';
import { eventsFromRuns, recordDeliveries, recordIncidents } from '../../probe/incidents/record';
import { appendEvents, readEvents, readRegister, summarizeIncident, upsertRegister } from '../../probe/incidents/register';
import { registerEntrySchema, type IncidentEvent } from '../../probe/incidents/schema';
import { advanceLifecycle, type RunOutcome } from '../../probe/lifecycle';
import { HISTORY_VERSION, type ProbeState } from '../../probe/schema';
import { rebuildStateFromHistory } from '../../probe/state';

const TARGET = 'https://portal.elbtal-agrar.de';
const SECRET = 'Probe-Passw0rd-Never-Shown';
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * 60_000 + seconds * 1000).toISOString();

type Failure = { errorClass: 'http-5xx' | 'stale-data'; failingStep: string; error: string };

function summary(minute: number, failure?: Failure): Summary {
  return {
    schemaVersion: 2,
    runId: `run-${minute}`,
    startedAt: at(minute),
    endedAt: at(minute, 30),
    targetUrl: TARGET,
    targetEnv: 'production',
    commit: 'abc1234',
    deployId: null,
    ciRunUrl: null,
    verdict: failure ? 'failed' : 'passed',
    suiteError: null,
    warnings: [],
    flows: FLOWS.map((flow) => ({
      id: flow.id,
      status: failure && flow.id === 'weather' ? ('failed' as const) : ('passed' as const),
      durationMs: 1000,
      failingStep: failure && flow.id === 'weather' ? failure.failingStep : null,
      errorClass: failure && flow.id === 'weather' ? failure.errorClass : null,
      effect: failure && flow.id === 'weather' ? ('down' as const) : null,
      severity: failure && flow.id === 'weather' ? flow.severity : null,
    })),
  };
}

function incident(s: Summary, failure: Failure, shot: string): Incident {
  const flow = FLOWS.find((entry) => entry.id === 'weather')!;
  return {
    schemaVersion: 2,
    title: '[SEV-2] Weather is down',
    severity: flow.severity,
    detectedAt: s.startedAt,
    run: {
      runId: s.runId,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      targetUrl: TARGET,
      targetEnv: 'production',
      commit: 'abc1234',
      deployId: null,
      ciRunUrl: null,
    },
    rootCauses: [
      {
        flowId: 'weather',
        severity: flow.severity,
        effect: 'down',
        phrase: `${failure.errorClass} at “${failure.failingStep}”`,
        affected: [],
      },
    ],
    flows: [
      {
        ...registryWords('weather'),
        status: 'failed',
        durationMs: 1000,
        failingStep: failure.failingStep,
        errorClass: failure.errorClass,
        effect: 'down',
        brokenPromise: { id: 'weather-fresh', promise: 'The weather a member sees is at most an hour old' },
        errorFirstLine: failure.error,
        attempts: 2,
        tests: [
          {
            title: 'weather is fresh',
            project: 'critical',
            location: 'tests/critical/public/weather.spec.ts:7',
            outcome: 'unexpected',
            failingStep: failure.failingStep,
            errorClass: failure.errorClass,
            error: failure.error,
            errorFirstLine: failure.error,
            attempts: [],
            screenshots: [shot],
            traces: [],
            pageErrors: [],
            consoleErrors: [],
            serverErrors: [],
            failedRequests: [],
          },
        ],
      },
    ],
    reproduce: 'npx playwright test --grep @flow-weather',
    htmlReport: 'html/index.html',
    roles: { coordinator: [], operations: [], communications: [] },
    statusMessage: 'Weather is unavailable.',
    timeline: [],
    warnings: [],
  };
}

const DOWN: Failure = { errorClass: 'http-5xx', failingStep: 'Open the weather page', error: `weather answered 503 | password=${SECRET}` };
const STALE: Failure = { errorClass: 'stale-data', failingStep: 'Expect "toBeFreshWeather"', error: 'weather is 5 hours old' };

/**
 * One probe run as probe/run.ts makes it, without a browser: the suite's reports written (incident, screenshot),
 * the lifecycle advanced, the incident record written before delivery, the history line, then the deliveries.
 */
async function probeRun(dir: string, state: ProbeState | undefined, minute: number, failure?: Failure) {
  const paths = reportPaths(dir);
  const s = summary(minute, failure);
  let outcome: RunOutcome = { kind: 'judged', summary: s };
  await rm(paths.incidentDir, { recursive: true, force: true });
  if (failure) {
    const shot = `test-results/weather-fresh-critical-run${minute}/test-failed-1.png`;
    await mkdir(path.dirname(path.join(dir, shot)), { recursive: true });
    await writeFile(path.join(dir, shot), `png of run ${minute}`);
    const found = incident(s, failure, shot);
    await mkdir(paths.incidentDir, { recursive: true });
    await writeFile(paths.incidentJson, JSON.stringify(found));
    await writeFile(paths.incidentMd, renderIncidentMarkdown(found));
    outcome = { kind: 'judged', summary: s, incident: found };
  }
  const decidedAt = at(minute, 40);
  const result = advanceLifecycle({
    previous: state,
    outcome,
    registry: FLOWS,
    settings: { target: TARGET, location: 'fra-1', confirmRuns: 2, now: decidedAt },
  });
  const recorded = await recordIncidents({
    paths,
    target: TARGET,
    location: 'fra-1',
    runId: s.runId,
    startedAt: s.startedAt,
    decidedAt,
    confirmRuns: 2,
    timeZone: 'Europe/Berlin',
    secrets: [SECRET],
    registry: FLOWS,
    result,
  });
  await appendHistory(paths.probe.history, {
    v: HISTORY_VERSION,
    runId: s.runId,
    startedAt: s.startedAt,
    endedAt: at(minute, 45),
    decidedAt,
    durationMs: 45_000,
    target: TARGET,
    targetEnv: 'production',
    location: 'fra-1',
    verdict: s.verdict,
    suiteError: null,
    maintenance: false,
    flows: [...result.flows],
    actions: [...result.actions],
  });
  // The webhook refused nothing; Slack's resolve waits in the spool.
  await recordDeliveries({
    paths,
    location: 'fra-1',
    runId: s.runId,
    at: at(minute, 42),
    alerts: recorded.alerts,
    channels: ['slack', 'webhook'],
    actions: recorded.alerts.some((alert) => alert.kind === 'resolve')
      ? [{ type: 'spooled', channel: 'slack', flowId: 'weather', detail: 'resolve: receiver answered 503' }]
      : [],
    touched: recorded.touched,
  });
  return { result, recorded };
}

test.describe('incident record', () => {
  let dir = '';

  test.beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'firewatch-incident-record-'));
  });

  test.afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('an incident gets its folder on the trigger, its events, a last failure, a register line and a post-mortem on the resolve', async () => {
    const paths = reportPaths(dir);
    const r1 = await probeRun(dir, undefined, 0, DOWN);
    const id = incidentId('weather', at(0, 40));
    expect(r1.result.state.flows.weather).toMatchObject({ state: 'failing', incidentId: id });
    // Not yet confirmed: no folder, no register.
    await expect(readdir(paths.probe.incidents)).rejects.toThrow();

    const r2 = await probeRun(dir, r1.result.state, 10, DOWN);
    expect(r2.recorded.alerts.map((alert) => alert.kind)).toEqual(['trigger']);
    const folder = incidentFolder(paths, id);
    const files = await readdir(folder);
    expect(files.sort()).toEqual(['INCIDENT.md', 'events.jsonl', 'incident.json', 'weather-fresh-critical-run10-test-failed-1.png']);
    const markdown = await readFile(path.join(folder, 'INCIDENT.md'), 'utf8');
    expect(markdown).toContain('](weather-fresh-critical-run10-test-failed-1.png)');
    expect(markdown).not.toContain('../test-results');
    expect(markdown + (await readFile(path.join(folder, 'incident.json'), 'utf8'))).not.toContain(SECRET);

    const r3 = await probeRun(dir, r2.result.state, 20, STALE);
    expect(r3.recorded.alerts.map((alert) => alert.kind)).toEqual(['trigger']);
    // The paging run's evidence stays; the later run's is the last failure.
    expect(await readFile(path.join(folder, 'incident.json'), 'utf8')).toContain('run-10');
    expect(await readFile(path.join(folder, 'last-failure', 'incident.json'), 'utf8')).toContain('run-20');
    expect(await readdir(path.join(folder, 'last-failure'))).toContain('weather-fresh-critical-run20-test-failed-1.png');

    const r4 = await probeRun(dir, r3.result.state, 30);
    const resolve = r4.recorded.alerts[0];
    if (resolve?.kind !== 'resolve') throw new Error('expected a resolve');
    expect(resolve.incidentId).toBe(id);
    expect(r4.result.state.flows.weather).toMatchObject({ state: 'resolved', incidentId: id });

    const events = await readEvents(folder);
    expect(events.map((event) => `${event.type}${event.channel ? `:${event.channel}` : ''}`)).toEqual([
      'first-failure',
      'failed-run',
      'confirmed',
      'triggered',
      'delivered:slack',
      'delivered:webhook',
      'failed-run',
      'renotified',
      'delivered:slack',
      'delivered:webhook',
      'resolved',
      'spooled:slack',
      'delivered:webhook',
    ]);
    expect(events.every((event) => event.location === 'fra-1')).toBe(true);
    expect(events.find((event) => event.type === 'renotified')?.detail).toMatch(/http-5xx to stale-data/);

    const [entry, ...more] = await readRegister(paths.probe.register);
    expect(more).toEqual([]);
    expect(entry).toEqual(
      registerEntrySchema.parse({
        v: 1,
        id,
        target: TARGET,
        flowId: 'weather',
        capability: FLOWS.find((flow) => flow.id === 'weather')!.capability,
        dedupKey: 'firewatch:portal.elbtal-agrar.de:weather',
        affected: [],
        severity: FLOWS.find((flow) => flow.id === 'weather')!.severity,
        effect: 'down',
        failureClasses: ['http-5xx', 'stale-data'],
        failingSteps: ['Open the weather page', 'Expect "toBeFreshWeather"'],
        firstFailureAt: at(0),
        confirmedAt: at(10, 40),
        alertedAt: at(10, 40),
        resolvedAt: at(30, 40),
        lastFailureAt: at(20),
        timeToDetectMs: 10 * 60_000 + 40_000,
        timeToResolveMs: 20 * 60_000,
        locations: ['fra-1'],
        failedRuns: 3,
        renotifications: 1,
        folder: `incidents/${id}`,
      }),
    );

    const postmortem = await readFile(path.join(folder, 'POSTMORTEM.md'), 'utf8');
    expect(resolve.postmortem?.markdown).toBe(postmortem);
    expect(resolve.postmortem).toMatchObject({
      incidentId: id,
      timeToDetectMs: entry!.timeToDetectMs,
      timeToResolveMs: entry!.timeToResolveMs,
    });
    expect(resolve.postmortem?.followUps.map((item) => item.state)).toEqual(['open', 'open', 'open', 'open']);
    expect(postmortem).toContain('| 2026-11-23 10:00:00 UTC | 2026-11-23 11:00:00 CET | First failed run at fra-1 (run run-0): http-5xx');
    expect(postmortem).toContain(
      '| 2026-11-23 10:20:00 UTC | 2026-11-23 11:20:00 CET | Failure changed at fra-1: failure class http-5xx → stale-data',
    );
    expect(postmortem).toContain('Time to detect (first failed run → trigger): 10 min 40 s');
    expect(postmortem).toContain('Time to resolve (trigger → resolve): 20 min');
    expect(postmortem).toContain('The weather a member sees is at most an hour old');
    expect(postmortem).toContain('[last-failure/INCIDENT.md](last-failure/INCIDENT.md)');
    expect(postmortem).not.toContain(SECRET);
    // The pipe of the target's error is escaped, so it cannot open a table cell.
    expect(postmortem).toContain('weather answered 503 \\| password=[REDACTED]');

    // Later runs never rewrite what people edit.
    await writeFile(path.join(folder, 'POSTMORTEM.md'), postmortem.replace('- [ ] (open) Test data', '- [x] (fixed) Test data'));
    await probeRun(dir, r4.result.state, 40);
    expect(await readFile(path.join(folder, 'POSTMORTEM.md'), 'utf8')).toContain('- [x] (fixed) Test data');

    // The timeline's times are the history's: the first failed run's start, the trigger's and resolve's decision.
    const lines = await readHistory(paths.probe.history);
    expect(lines.map((line) => line.decidedAt)).toEqual([at(0, 40), at(10, 40), at(20, 40), at(30, 40), at(40, 40)]);
    expect(lines[0]!.startedAt).toBe(entry!.firstFailureAt);
  });

  test('a failure that never reaches PROBE_CONFIRM_RUNS is no incident: no folder, no register line, its id dropped', async () => {
    const r1 = await probeRun(dir, undefined, 0, DOWN);
    const r2 = await probeRun(dir, r1.result.state, 10);
    expect(r2.result.state.flows.weather?.incidentId).toBeUndefined();
    expect(await readRegister(reportPaths(dir).probe.register)).toEqual([]);
  });
});

test('a state rebuilt from the history of an open incident keeps its incident id', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'firewatch-incident-rebuild-'));
  try {
    const r1 = await probeRun(dir, undefined, 0, DOWN);
    await probeRun(dir, r1.result.state, 10, DOWN);
    const rebuilt = await rebuildStateFromHistory(reportPaths(dir).probe.history, { ...r1.result.state, flows: {} });
    expect(rebuilt?.flows.weather).toMatchObject({ state: 'open', incidentId: incidentId('weather', at(0, 40)) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const event = (type: IncidentEvent['type'], minute: number, extra: Partial<IncidentEvent> = {}): IncidentEvent => ({
  v: 1,
  type,
  at: at(minute, 30),
  location: 'fra-1',
  runId: `run-${minute}`,
  ...extra,
});
const failed = (minute: number, location: string, errorClass: 'http-5xx' | 'slow-timeout', severity: 'SEV-1' | 'SEV-2' = 'SEV-2') =>
  event(minute === 0 ? 'first-failure' : 'failed-run', minute, {
    location,
    run: { startedAt: at(minute), errorClass, failingStep: 'Sign in', effect: 'down', severity, affected: minute ? ['diesel-order'] : [] },
  });

test('the register line follows the events: detect from the first failed run’s start to the trigger, resolve from trigger to resolve', () => {
  const identity = { id: 'member-login-x', target: TARGET, flowId: 'member-login', capability: 'Member login', dedupKey: 'k' };
  const entry = summarizeIncident(identity, [
    failed(0, 'fra-1', 'http-5xx', 'SEV-2'),
    failed(5, 'ber-1', 'slow-timeout', 'SEV-1'),
    event('confirmed', 5),
    event('triggered', 5),
    event('renotified', 6),
    failed(10, 'fra-1', 'http-5xx'),
  ]);
  expect(entry).toMatchObject({
    severity: 'SEV-1',
    affected: ['diesel-order'],
    failureClasses: ['http-5xx', 'slow-timeout'],
    firstFailureAt: at(0),
    alertedAt: at(5, 30),
    resolvedAt: null,
    timeToDetectMs: 5 * 60_000 + 30_000,
    timeToResolveMs: null,
    locations: ['ber-1', 'fra-1'],
    failedRuns: 3,
    renotifications: 1,
    lastFailureAt: at(10),
  });
  const resolved = summarizeIncident(identity, [failed(0, 'fra-1', 'http-5xx'), event('triggered', 0), event('resolved', 7)]);
  expect(resolved).toMatchObject({ timeToDetectMs: 30_000, timeToResolveMs: 7 * 60_000 });
});

test('the register is rewritten whole and in order, one line per incident; events are not recorded twice', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'firewatch-register-'));
  try {
    const file = path.join(dir, 'incidents.jsonl');
    const identity = (id: string) => ({ id, target: TARGET, flowId: 'weather', capability: 'Weather', dedupKey: 'k' });
    await upsertRegister(file, summarizeIncident(identity('b'), [failed(10, 'fra-1', 'http-5xx')]));
    await upsertRegister(file, summarizeIncident(identity('a'), [failed(0, 'fra-1', 'http-5xx')]));
    await upsertRegister(file, summarizeIncident(identity('b'), [failed(10, 'fra-1', 'http-5xx'), event('triggered', 10)]));
    const text = await readFile(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(2);
    expect((await readRegister(file)).map((entry) => [entry.id, entry.alertedAt])).toEqual([
      ['a', null],
      ['b', at(10, 30)],
    ]);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const folder = path.join(dir, 'incident');
    await appendEvents(folder, [failed(0, 'fra-1', 'http-5xx'), event('triggered', 0)]);
    // A run replayed after a crash decides the same trigger again: once only.
    await appendEvents(folder, [event('triggered', 1), event('delivered', 1, { channel: 'slack' })]);
    await appendEvents(folder, [event('delivered', 1, { channel: 'slack' })]);
    expect((await readEvents(folder)).map((entry) => entry.type)).toEqual(['first-failure', 'triggered', 'delivered']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an incident confirmed during maintenance and paged after it: confirmed, muted and paged each at their own run', () => {
  const flow = (state: 'failing' | 'open') => ({
    id: 'weather',
    status: 'failed' as const,
    durationMs: 1,
    errorClass: 'http-5xx' as const,
    failingStep: 'Open the weather page',
    effect: 'down' as const,
    severity: 'SEV-2' as const,
    state,
  });
  const line = (minute: number, state: 'failing' | 'open', actions: { type: 'muted' | 'triggered'; detail: string }[]) => ({
    runId: `run-${minute}`,
    startedAt: at(minute),
    endedAt: at(minute, 45),
    decidedAt: at(minute, 40),
    location: 'fra-1',
    verdict: 'failed' as const,
    flows: [flow(state)],
    actions: actions.map((action) => ({ ...action, flowId: 'weather' })),
  });
  const events = eventsFromRuns(
    [
      line(0, 'failing', []),
      line(10, 'failing', [{ type: 'muted', detail: 'confirmed failure muted: maintenance until 10:15' }]),
      line(20, 'open', [{ type: 'triggered', detail: 'SEV-2 down' }]),
    ],
    'weather',
    2,
  );
  expect(events.map((event) => [event.type, event.at])).toEqual([
    ['first-failure', at(0, 40)],
    ['failed-run', at(10, 40)],
    ['confirmed', at(10, 40)],
    ['muted', at(10, 40)],
    ['failed-run', at(20, 40)],
    ['triggered', at(20, 40)],
  ]);
  const entry = summarizeIncident({ id: 'w', target: TARGET, flowId: 'weather', capability: 'Weather service', dedupKey: 'k' }, events);
  expect(entry).toMatchObject({ confirmedAt: at(10, 40), alertedAt: at(20, 40), timeToDetectMs: 20 * 60_000 + 40_000, failedRuns: 3 });
});
