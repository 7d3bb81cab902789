import { expect, test } from '@playwright/test';
import { registryWords } from '../support/incident-flow';
import { FLOWS } from '../../flows';
import type { Incident, Summary } from '../../contract';
import { advanceLifecycle, dedupKeyFor, type LifecycleSettings, type RunOutcome } from '../../probe/lifecycle';
import { probeStateSchema, type ProbeState } from '../../probe/schema';

const TARGET = 'https://portal.elbtal-agrar.de';
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

type FlowResult = Partial<Summary['flows'][number]> & { id: string; status: Summary['flows'][number]['status'] };

function summary(flows: FlowResult[], verdict?: Summary['verdict']): Summary {
  const all = FLOWS.map((flow) => flows.find((entry) => entry.id === flow.id) ?? { id: flow.id, status: 'passed' as const });
  return {
    schemaVersion: 2,
    runId: 'run-1',
    startedAt: at(0),
    endedAt: at(1),
    targetUrl: TARGET,
    targetEnv: 'production',
    commit: 'abc1234',
    deployId: null,
    ciRunUrl: null,
    verdict: verdict ?? (all.some((flow) => flow.status === 'failed') ? 'failed' : 'passed'),
    suiteError: null,
    warnings: [],
    flows: all.map((flow) => ({
      durationMs: 1000,
      failingStep: flow.status === 'failed' ? 'Sign in' : null,
      errorClass: flow.status === 'failed' ? 'http-5xx' : null,
      effect: flow.status === 'failed' ? 'down' : null,
      severity: flow.status === 'failed' ? FLOWS.find((entry) => entry.id === flow.id)!.severity : null,
      ...flow,
    })),
  };
}

/** An incident naming roots and their consequences, the way the reporter groups them. */
function incident(s: Summary, roots: Record<string, string[]>): Incident {
  const failed = s.flows.filter((flow) => flow.status !== 'passed');
  const registry = (id: string) => FLOWS.find((flow) => flow.id === id)!;
  return {
    schemaVersion: 2,
    title: 'incident',
    severity: 'SEV-1',
    detectedAt: s.startedAt,
    run: {
      runId: s.runId,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      targetUrl: s.targetUrl,
      targetEnv: s.targetEnv,
      commit: s.commit,
      deployId: null,
      ciRunUrl: null,
    },
    rootCauses: Object.entries(roots).map(([flowId, affected]) => {
      const flow = s.flows.find((entry) => entry.id === flowId);
      return { flowId, severity: flow?.severity ?? registry(flowId).severity, effect: flow?.effect ?? 'down', phrase: 'x', affected };
    }),
    flows: failed.map((flow) => {
      const root = Object.entries(roots).find(([, affected]) => affected.includes(flow.id))?.[0];
      return {
        ...registryWords(flow.id),
        status: flow.status,
        durationMs: flow.durationMs,
        failingStep: flow.failingStep,
        errorClass: flow.errorClass,
        effect: flow.effect,
        errorFirstLine: 'Error: server answered 500',
        attempts: 2,
        ...(root ? { consequenceOf: [root] } : {}),
        tests: [],
      };
    }),
    reproduce: '',
    htmlReport: 'html/index.html',
    roles: { coordinator: [], operations: [], communications: [] },
    statusMessage: '',
    timeline: [],
    warnings: [],
  };
}

const healthy = (): RunOutcome => ({ kind: 'judged', summary: summary([]) });
const loginDown = (overrides: Partial<FlowResult> = {}): RunOutcome => {
  const s = summary([
    { id: 'member-login', status: 'failed', ...overrides },
    { id: 'member-services', status: 'skipped', blockedBy: 'member-login' },
    { id: 'diesel-order', status: 'failed' },
  ]);
  return { kind: 'judged', summary: s, incident: incident(s, { 'member-login': ['member-services', 'diesel-order'] }) };
};
const weatherDegraded = (): RunOutcome => {
  const s = summary([
    { id: 'weather', status: 'failed', effect: 'degraded', severity: 'SEV-3', errorClass: 'stale-data', failingStep: 'Check freshness' },
  ]);
  return { kind: 'judged', summary: s, incident: incident(s, { weather: [] }) };
};
const suiteError = (): RunOutcome => ({ kind: 'suite-error', message: 'credentials: the probe account was refused.' });

/** Runs outcomes one after another, a minute apart, returning every step's result. */
function sequence(outcomes: RunOutcome[], settings: Partial<LifecycleSettings> = {}, start?: ProbeState) {
  let state = start;
  return outcomes.map((outcome, index) => {
    const result = advanceLifecycle({
      previous: state,
      outcome,
      registry: FLOWS,
      settings: { target: TARGET, location: 'fra-1', confirmRuns: 2, now: at(index), ...settings },
    });
    probeStateSchema.parse(result.state);
    state = result.state;
    return result;
  });
}
const kinds = (result: { alerts: readonly { kind: string }[] }) => result.alerts.map((alert) => alert.kind);

test('healthy runs send nothing and exit 0', () => {
  for (const step of sequence([healthy(), healthy()])) {
    expect(step.alerts).toEqual([]);
    expect(step.exitCode).toBe(0);
  }
});

test('a failure alerts only after PROBE_CONFIRM_RUNS consecutive failed runs, then once per outage, then resolves', () => {
  const steps = sequence([loginDown(), loginDown(), loginDown(), loginDown(), healthy(), healthy()]);
  expect(steps.map(kinds)).toEqual([[], ['trigger'], [], [], ['resolve'], []]);
  expect(steps.map((step) => step.exitCode)).toEqual([1, 1, 1, 1, 0, 0]);
  expect(steps.map((step) => step.state.flows['member-login']?.state)).toEqual(['failing', 'open', 'open', 'open', 'resolved', 'healthy']);
  const [trigger] = steps[1]!.alerts;
  const [resolve] = steps[4]!.alerts;
  expect(trigger?.dedupKey).toBe('firewatch:portal.elbtal-agrar.de:member-login');
  expect(resolve?.dedupKey).toBe(trigger?.dedupKey);
  if (resolve?.kind !== 'resolve') throw new Error('expected a resolve');
  expect(resolve.durationMs).toBe(4 * 60_000);
});

test('PROBE_CONFIRM_RUNS=1 alerts on the first failed run; a single failed run then a pass sends nothing', () => {
  expect(sequence([loginDown()], { confirmRuns: 1 }).map(kinds)).toEqual([['trigger']]);
  expect(sequence([loginDown(), healthy(), loginDown(), healthy()]).map(kinds)).toEqual([[], [], [], []]);
});

test('a dependent flow raises no alert of its own; the root lists it', () => {
  const [, confirmed] = sequence([loginDown(), loginDown()]);
  expect(confirmed!.alerts).toHaveLength(1);
  const trigger = confirmed!.alerts[0]!;
  if (trigger.kind !== 'trigger') throw new Error('expected a trigger');
  expect(trigger.details.flowId).toBe('member-login');
  expect(trigger.details.affected).toEqual(['member-services', 'diesel-order']);
  expect(confirmed!.actions.filter((action) => action.type === 'suppressed-dependent').map((action) => action.flowId)).toEqual([
    'member-services',
    'diesel-order',
  ]);
  expect(confirmed!.flows.find((flow) => flow.id === 'diesel-order')).toMatchObject({ status: 'failed', rootCause: 'member-login' });
});

test('suppression never holds back a resolve: an open dependent-turned flow resolves when it passes', () => {
  const dieselAlone = (): RunOutcome => {
    const s = summary([{ id: 'diesel-order', status: 'failed' }]);
    return { kind: 'judged', summary: s, incident: incident(s, { 'diesel-order': [] }) };
  };
  const steps = sequence([dieselAlone(), dieselAlone(), loginDown(), healthy()]);
  expect(steps.map(kinds)).toEqual([[], ['trigger'], [], ['resolve']]);
  expect(steps[2]!.state.flows['diesel-order']?.state).toBe('open');
  expect(steps[3]!.alerts[0]?.dedupKey).toBe(dedupKeyFor(TARGET, 'diesel-order'));
});

test('a degraded flow alerts at its lower severity', () => {
  const [, confirmed] = sequence([weatherDegraded(), weatherDegraded()]);
  const trigger = confirmed!.alerts[0]!;
  if (trigger.kind !== 'trigger') throw new Error('expected a trigger');
  expect(trigger.details).toMatchObject({ flowId: 'weather', severity: 'SEV-3', effect: 'degraded' });
});

test('re-notification only when the failure class or failing step changes, or after PROBE_RENOTIFY_MINUTES', () => {
  const changed = sequence([
    loginDown(),
    loginDown(),
    loginDown({ errorClass: 'slow-timeout' }),
    loginDown({ errorClass: 'slow-timeout' }),
  ]);
  expect(changed.map(kinds)).toEqual([[], ['trigger'], ['trigger'], []]);
  expect(changed[2]!.actions.find((action) => action.type === 'renotified')?.detail).toContain(
    'failure class changed from http-5xx to slow-timeout',
  );
  const step = sequence([loginDown(), loginDown(), loginDown({ failingStep: 'Open member services' })]);
  expect(step.map(kinds)).toEqual([[], ['trigger'], ['trigger']]);
  // Runs are a minute apart: with 2 minutes, the run two minutes after the trigger re-notifies, then not again at once.
  const timed = sequence([loginDown(), loginDown(), loginDown(), loginDown(), loginDown()], { renotifyMinutes: 2 });
  expect(timed.map(kinds)).toEqual([[], ['trigger'], [], ['trigger'], []]);
  expect(timed[3]!.alerts[0]?.dedupKey).toBe(timed[1]!.alerts[0]?.dedupKey);
  expect(timed[3]!.alerts[0]?.id).not.toBe(timed[1]!.alerts[0]?.id);
});

test('maintenance mutes triggers, history goes on, and an incident still failing after the window alerts then', () => {
  const steps = sequence([loginDown(), loginDown(), loginDown(), loginDown()], { maintenanceUntil: at(2.5) });
  expect(steps.map(kinds)).toEqual([[], [], [], ['trigger']]);
  expect(steps.map((step) => step.maintenance)).toEqual([true, true, true, false]);
  expect(steps[1]!.actions).toContainEqual(expect.objectContaining({ type: 'muted', flowId: 'member-login' }));
  expect(steps[2]!.state.flows['member-login']?.state).toBe('failing');
});

test('maintenance does not hold back a resolve', () => {
  const [, opened] = sequence([loginDown(), loginDown()]);
  const [during] = sequence([healthy()], { maintenanceUntil: at(30) }, opened!.state);
  expect(kinds(during!)).toEqual(['resolve']);
});

test('a suite error sends one low-urgency notice, changes no incident, and resolves when the probe runs again', () => {
  const steps = sequence([loginDown(), suiteError(), suiteError(), loginDown(), healthy()]);
  expect(steps.map(kinds)).toEqual([[], ['probe-broken'], [], ['probe-broken-resolved', 'trigger'], ['resolve']]);
  expect(steps.map((step) => step.exitCode)).toEqual([1, 2, 2, 1, 0]);
  const notice = steps[1]!.alerts[0]!;
  expect(notice.dedupKey).toBe('firewatch:portal.elbtal-agrar.de:probe-broken:fra-1');
  expect(notice.dedupKey).not.toBe(dedupKeyFor(TARGET, 'member-login'));
  // The suite errors neither counted as failures nor as passes: the login failure still needed its second run.
  expect(steps[2]!.state.flows['member-login']?.consecutiveFailures).toBe(1);
});

test('two probe locations against one target share the dedup_key; the alert names its location', () => {
  const [a] = sequence([loginDown()], { confirmRuns: 1, location: 'fra-1' });
  const [b] = sequence([loginDown()], { confirmRuns: 1, location: 'ams-2' });
  expect(a!.alerts[0]!.dedupKey).toBe(b!.alerts[0]!.dedupKey);
  expect([a!.alerts[0]!.location, b!.alerts[0]!.location]).toEqual(['fra-1', 'ams-2']);
});

test('a dedup_key stays within 255 characters whatever the host', () => {
  expect(dedupKeyFor(`https://${'a'.repeat(300)}.example.org`, 'member-login').length).toBeLessThanOrEqual(255);
});

test('the same decision recomputed after a crash gets the same alert id', () => {
  const first = sequence([loginDown(), loginDown()]);
  const again = sequence([loginDown(), loginDown()]);
  expect(again[1]!.alerts[0]!.id).toBe(first[1]!.alerts[0]!.id);
});

test('a flow the run did not observe keeps its lifecycle', () => {
  const [, opened] = sequence([loginDown(), loginDown()]);
  const s = summary([{ id: 'member-login', status: 'skipped' }]);
  const [next] = sequence([{ kind: 'judged', summary: s }], {}, opened!.state);
  expect(next!.alerts).toEqual([]);
  expect(next!.state.flows['member-login']?.state).toBe('open');
});
