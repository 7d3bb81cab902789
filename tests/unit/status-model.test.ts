import { expect, test } from '@playwright/test';
import { FLOWS } from '../../flows';
import { buildStatusModel, RECENT_RUNS, TREND_POINTS } from '../../probe/status/model';
import { describeRun, formatDuration, formatPercent } from '../../probe/status/format';
import type { HistoryFlow, HistoryLine, ProbeAction, ProbeState } from '../../probe/schema';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

type Kind = 'up' | 'down' | 'degraded';

/** One history line `agoMs` before NOW; `availability` as given, every dependant blocked when it is down. */
function line(
  agoMs: number,
  kinds: Partial<Record<string, Kind>>,
  actions: ProbeAction[] = [],
  verdict?: HistoryLine['verdict'],
): HistoryLine {
  const started = NOW.getTime() - agoMs;
  const flows: HistoryFlow[] = FLOWS.map((flow) => {
    const kind = kinds[flow.id] ?? 'up';
    const blockedBy = flow.dependsOn.find((id) => kinds[id] === 'down' || (id === 'member-login' && kinds.availability === 'down'));
    if (blockedBy && kind === 'up') {
      return {
        id: flow.id,
        status: 'skipped',
        durationMs: 0,
        errorClass: null,
        failingStep: null,
        effect: null,
        severity: null,
        state: 'healthy',
        rootCause: kinds.availability === 'down' ? 'availability' : blockedBy,
      };
    }
    if (kind === 'up')
      return {
        id: flow.id,
        status: 'passed',
        durationMs: 1000,
        errorClass: null,
        failingStep: null,
        effect: null,
        severity: null,
        state: 'healthy',
      };
    return {
      id: flow.id,
      status: 'failed',
      durationMs: 5000,
      errorClass: 'http-5xx',
      failingStep: 'Open the home page',
      effect: kind,
      severity: flow.severity,
      state: 'failing',
    };
  });
  return {
    v: 1,
    runId: `run-${agoMs}`,
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(started + 5000).toISOString(),
    durationMs: 5000,
    target: 'http://127.0.0.1:3000',
    targetEnv: 'local',
    location: 'test-rack',
    verdict: verdict ?? (Object.values(kinds).some((kind) => kind !== 'up') ? 'failed' : 'passed'),
    suiteError: verdict === 'error' ? 'PROBE_PASSWORD was refused' : null,
    maintenance: false,
    flows,
    actions,
  };
}

const flowOf = (model: ReturnType<typeof buildStatusModel>, id: string) => {
  const flow = model.flows.find((candidate) => candidate.id === id);
  if (!flow) throw new Error(`no flow ${id} in the model`);
  return flow;
};

/** An availability outage: down 30 and 20 minutes ago (trigger on the second run), healthy again 10 minutes ago (resolve). */
const HISTORY: HistoryLine[] = [
  line(100 * DAY, {}),
  line(95 * DAY, { weather: 'down' }, [{ type: 'triggered', flowId: 'weather' }]),
  line(95 * DAY - 10 * MIN, {}, [{ type: 'resolved', flowId: 'weather' }]),
  line(30 * DAY, {}),
  line(2 * DAY, {}),
  line(30 * MIN, { availability: 'down' }),
  line(25 * MIN, {}, [], 'error'),
  line(20 * MIN, { availability: 'down' }, [{ type: 'triggered', flowId: 'availability' }]),
  line(10 * MIN, {}, [{ type: 'resolved', flowId: 'availability' }]),
];

test('availability counts judged runs per window; a dependant blocked by the root counts as down; probe errors count nowhere', () => {
  const model = buildStatusModel(HISTORY, null, NOW, FLOWS);
  // 24 h: down, down, up (the error run is not judged) · 7 d: + 2 days ago · 90 d: + 30 days ago (95 and 100 days are out).
  for (const id of ['availability', 'member-login', 'diesel-order']) {
    expect(flowOf(model, id).availability, id).toEqual({
      '24h': { up: 1, judged: 3, percent: 100 / 3 },
      '7d': { up: 2, judged: 4, percent: 50 },
      '90d': { up: 3, judged: 5, percent: 60 },
    });
  }
  expect(flowOf(model, 'weather').availability['24h']).toEqual({ up: 1, judged: 3, percent: 100 / 3 });
  expect(formatPercent(100 / 3)).toBe('33.33 %');
  expect(formatPercent(99.999)).toBe('99.99 %');
  expect(formatPercent(null)).toBe('no data');
  expect(model.runs).toEqual({
    total: 9,
    first: HISTORY[0]?.startedAt,
    last: HISTORY[8]?.startedAt,
    suiteErrors: 1,
    maintenance: 0,
    unreadable: 0,
    // The median gap between these nine runs (23 h 50 min): what "overdue" is measured in.
    intervalMs: 85_800_000,
  });
});

test('time to detect runs from the first failed run to the trigger, time to resolve from trigger to resolve', () => {
  const model = buildStatusModel(HISTORY, null, NOW, FLOWS);
  const availability = flowOf(model, 'availability');
  // First failure started 30 min ago; the trigger run started 20 min ago and ended 5 s later; the error run in between
  // neither resets nor extends the streak.
  expect(availability.detect).toEqual({ count: 1, meanMs: 10 * MIN + 5000, maxMs: 10 * MIN + 5000 });
  expect(availability.resolve).toEqual({ count: 1, meanMs: 10 * MIN, maxMs: 10 * MIN });
  expect(availability.incidents).toBe(1);
  expect(flowOf(model, 'member-login').incidents, 'dependants have no incident of their own').toBe(0);
  expect(flowOf(model, 'weather').detect).toEqual({ count: 1, meanMs: 5000, maxMs: 5000 });
  expect(model.pastIncidents.map((incident) => [incident.flowId, incident.affected])).toEqual([
    ['availability', ['member-login', 'member-services', 'diesel-order', 'weather']],
    ['weather', []],
  ]);
  expect(formatDuration(10 * MIN + 5000)).toBe('10 min');
  expect(formatDuration(90 * MIN)).toBe('1 h 30 min');
  expect(formatDuration(26 * 60 * MIN)).toBe('1 d 2 h');
});

test('incidents in the last 90 days are held against the target of one per three months', () => {
  expect(buildStatusModel(HISTORY, null, NOW, FLOWS).incidents90d).toEqual({ count: 1, target: 1, met: true });
  const more = [
    ...HISTORY,
    line(5 * MIN, { 'diesel-order': 'down' }),
    line(0, { 'diesel-order': 'down' }, [{ type: 'triggered', flowId: 'diesel-order' }]),
  ];
  const model = buildStatusModel(more, null, NOW, FLOWS);
  expect(model.incidents90d).toEqual({ count: 2, target: 1, met: false });
  expect(model.openIncidents.map((incident) => [incident.flowId, incident.title, incident.openForMs, incident.detectMs])).toEqual([
    ['diesel-order', 'Diesel ordering is down', -5000, 5 * MIN + 5000],
  ]);
  expect(flowOf(model, 'diesel-order').consecutiveFailures).toBe(2);
  expect(flowOf(model, 'diesel-order').current?.kind).toBe('down');
});

test('state.json decides what is open now, with its root cause and how long it has been open', () => {
  const openedAt = new Date(NOW.getTime() - 45 * MIN).toISOString();
  const state: ProbeState = {
    v: 1,
    target: 'https://portal.example.org',
    updatedAt: NOW.toISOString(),
    probeBroken: { open: false, since: null, dedupKey: 'k', message: null },
    flows: {
      'member-login': {
        state: 'open',
        consecutiveFailures: 7,
        failingSince: new Date(NOW.getTime() - 65 * MIN).toISOString(),
        openedAt,
        lastNotifiedAt: openedAt,
        resolvedAt: null,
        dedupKey: 'firewatch/portal.example.org/member-login',
        severity: 'SEV-1',
        effect: 'down',
        errorClass: 'http-5xx',
        failingStep: 'Sign in',
        affected: ['member-services', 'diesel-order'],
        lastRunAt: NOW.toISOString(),
        lastStatus: 'failed',
        lastDurationMs: 4000,
      },
    },
  };
  const model = buildStatusModel(HISTORY, state, NOW, FLOWS);
  expect(model.target).toBe('https://portal.example.org');
  expect(model.openIncidents).toEqual([
    expect.objectContaining({
      flowId: 'member-login',
      title: 'Member login is down',
      severity: 'SEV-1',
      errorClass: 'http-5xx',
      failingStep: 'Sign in',
      affected: ['member-services', 'diesel-order'],
      openForMs: 45 * MIN,
      detectMs: 20 * MIN,
    }),
  ]);
  expect(flowOf(model, 'member-login').consecutiveFailures).toBe(7);
  expect(flowOf(model, 'member-login').lifecycle).toBe('open');
});

test('the strip keeps the newest runs oldest first, each with its time and failure class; the trend is downsampled', () => {
  const many = Array.from({ length: 500 }, (_, index) => line((500 - index) * 10 * MIN, index === 499 ? { weather: 'degraded' } : {}));
  const model = buildStatusModel(many, null, NOW, FLOWS);
  const weather = flowOf(model, 'weather');
  expect(weather.recent).toHaveLength(RECENT_RUNS);
  expect(weather.recent[0]?.at).toBe(many[500 - RECENT_RUNS]?.startedAt);
  expect(weather.recent.at(-1)).toEqual({
    at: many[499]?.startedAt,
    kind: 'degraded',
    durationMs: 5000,
    errorClass: 'http-5xx',
    failingStep: 'Open the home page',
    rootCause: null,
  });
  expect(describeRun(weather.recent.at(-1)!)).toBe(
    `${many[499]?.startedAt.slice(0, 10)} ${many[499]?.startedAt.slice(11, 16)} UTC · degraded · http-5xx · step "Open the home page" · 5.0 s`,
  );
  expect(weather.trend).toHaveLength(TREND_POINTS);
  expect(
    weather.trend.reduce((sum, point) => sum + point.runs, 0),
    'every completed run lands in one bucket',
  ).toBe(500);
  expect(weather.trend.at(-1)?.maxMs, 'degraded runs still completed').toBe(5000);
  expect(flowOf(model, 'availability').trend.every((point) => point.medianMs === 1000)).toBe(true);
});

test('unreadable history lines are counted and skipped, not fatal', () => {
  const text = [JSON.stringify(HISTORY[8]), '{not json', JSON.stringify({ v: 1, runId: 'x' }), '', JSON.stringify(HISTORY[8])];
  const model = buildStatusModel(text, null, NOW, FLOWS);
  expect(model.runs.total).toBe(2);
  expect(model.runs.unreadable).toBe(2);
});
