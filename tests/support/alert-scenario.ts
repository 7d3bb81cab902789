import type { Incident, Summary } from '../../contract';
import { registryWords } from './incident-flow';
import { FLOWS } from '../../flows';
import { advanceLifecycle, type Alert, type RunOutcome } from '../../probe/lifecycle';
import type { ProbeState } from '../../probe/schema';

export const TARGET = 'https://portal.elbtal-agrar.de';
/** The first failed run: 23 Nov 2026, 10:59 in Berlin (CET). */
export const T0 = Date.parse('2026-11-23T09:59:00.000Z');
export const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

type FlowResult = Partial<Summary['flows'][number]> & { id: string; status: Summary['flows'][number]['status'] };

const registry = (id: string) => FLOWS.find((flow) => flow.id === id)!;

function summary(minute: number, flows: FlowResult[]): Summary {
  const all = FLOWS.map((flow) => flows.find((entry) => entry.id === flow.id) ?? { id: flow.id, status: 'passed' as const });
  return {
    schemaVersion: 2,
    runId: `run-${minute}`,
    startedAt: at(minute),
    endedAt: at(minute),
    targetUrl: TARGET,
    targetEnv: 'production',
    commit: null,
    deployId: null,
    ciRunUrl: null,
    verdict: all.some((flow) => flow.status === 'failed') ? 'failed' : 'passed',
    suiteError: null,
    warnings: [],
    flows: all.map((flow) => ({
      durationMs: 1000,
      failingStep: null,
      errorClass: null,
      effect: flow.status === 'failed' ? 'down' : null,
      severity: flow.status === 'failed' ? registry(flow.id).severity : null,
      ...flow,
    })),
  };
}

/** The incident the reporter writes for these roots, with a screenshot per failed flow as Playwright names them. */
function incident(s: Summary, roots: Record<string, { phrase: string; error: string; affected: string[] }>): Incident {
  const failed = s.flows.filter((flow) => flow.status !== 'passed');
  return {
    schemaVersion: 2,
    title: 'incident',
    severity: 'SEV-1',
    detectedAt: s.startedAt,
    run: {
      runId: s.runId,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      targetUrl: TARGET,
      targetEnv: 'production',
      commit: null,
      deployId: null,
      ciRunUrl: null,
    },
    rootCauses: Object.entries(roots).map(([flowId, root]) => ({
      flowId,
      severity: registry(flowId).severity,
      effect: 'down',
      phrase: root.phrase,
      affected: root.affected,
    })),
    flows: failed.map((flow) => {
      return {
        ...registryWords(flow.id),
        status: flow.status,
        durationMs: flow.durationMs,
        failingStep: flow.failingStep,
        errorClass: flow.errorClass,
        effect: flow.effect,
        errorFirstLine: roots[flow.id]?.error ?? null,
        attempts: 2,
        tests: [
          {
            title: `${flow.id} check`,
            project: 'critical',
            location: `tests/critical/${flow.id}.spec.ts:4`,
            outcome: 'unexpected',
            failingStep: flow.failingStep,
            errorClass: flow.errorClass,
            error: roots[flow.id]?.error ?? null,
            errorFirstLine: roots[flow.id]?.error ?? null,
            attempts: [],
            screenshots: [
              `test-results/${flow.id}-critical/test-failed-1.png`,
              `test-results/${flow.id}-critical-retry1/test-failed-1.png`,
            ],
            traces: [`test-results/${flow.id}-critical-retry1/trace.zip`],
            pageErrors: [],
            consoleErrors: [],
            serverErrors: [],
            failedRequests: [],
          },
        ],
      };
    }),
    reproduce: 'npx playwright test --grep @flow-member-login',
    htmlReport: 'html/index.html',
    roles: { coordinator: [], operations: [], communications: [] },
    statusMessage: '',
    timeline: [],
    warnings: [],
  };
}

const DIESEL = {
  phrase: 'server error 500 on POST /diesel/bestellung at “Submit the diesel order”',
  error: 'the diesel order: the portal answered HTTP 500 on POST /diesel/bestellung',
  affected: [],
};
const dieselDown = (minute: number): RunOutcome => {
  const s = summary(minute, [{ id: 'diesel-order', status: 'failed', failingStep: 'Submit the diesel order', errorClass: 'http-5xx' }]);
  return { kind: 'judged', summary: s, incident: incident(s, { 'diesel-order': DIESEL }) };
};
const loginDown = (minute: number, step: string, errorClass: 'http-5xx' | 'slow-timeout'): RunOutcome => {
  const s = summary(minute, [
    { id: 'member-login', status: 'failed', failingStep: step, errorClass },
    { id: 'diesel-order', status: 'failed', failingStep: 'Submit the diesel order', errorClass: 'http-5xx' },
  ]);
  const login =
    errorClass === 'http-5xx'
      ? { phrase: `server error 500 on POST /anmelden at “${step}”`, error: 'the sign-in: the portal answered HTTP 500 on POST /anmelden' }
      : { phrase: `no answer within 10 s at “${step}”`, error: 'Timeout 10000ms exceeded waiting for the member services page' };
  return { kind: 'judged', summary: s, incident: incident(s, { 'member-login': { ...login, affected: ['diesel-order'] } }) };
};
const healthy = (minute: number): RunOutcome => ({ kind: 'judged', summary: summary(minute, []) });

/**
 * A night on call, through the real lifecycle (one alert of each kind): diesel ordering breaks on its own (trigger),
 * then login breaks too, taking diesel ordering with it (a trigger naming diesel ordering's own incident), login's
 * failure changes (update), the probe breaks and recovers, everything recovers (resolves). Runs are 5 minutes apart.
 */
export function onCallNight(): {
  trigger: Alert;
  dependentTrigger: Alert;
  update: Alert;
  resolve: Alert;
  broken: Alert;
  recovered: Alert;
  notice: Alert;
} {
  const outcomes: [number, RunOutcome][] = [
    [0, dieselDown(0)],
    [5, dieselDown(5)],
    [10, loginDown(10, 'Sign in with e-mail and password', 'http-5xx')],
    [15, loginDown(15, 'Sign in with e-mail and password', 'http-5xx')],
    [20, loginDown(20, 'Open member services', 'slow-timeout')],
    [25, { kind: 'suite-error', message: 'credentials: the portal refused the probe account (401): "Passwort falsch".' }],
    [30, loginDown(30, 'Open member services', 'slow-timeout')],
    [47, healthy(47)],
  ];
  let state: ProbeState | undefined;
  const alerts: Alert[] = [];
  for (const [minute, outcome] of outcomes) {
    const result = advanceLifecycle({
      previous: state,
      outcome,
      registry: FLOWS,
      settings: { target: TARGET, location: 'fra-1', confirmRuns: 2, now: at(minute) },
    });
    state = result.state;
    alerts.push(...result.alerts);
  }
  const find = (predicate: (alert: Alert) => boolean) => {
    const found = alerts.find(predicate);
    if (!found) throw new Error(`The scenario did not produce the alert (${alerts.map((alert) => alert.kind).join(', ')}).`);
    return found;
  };
  const triggerOf = (flowId: string, update: boolean) =>
    find((alert) => alert.kind === 'trigger' && alert.details.flowId === flowId && !!alert.details.openedAt === update);
  return {
    trigger: triggerOf('diesel-order', false),
    dependentTrigger: triggerOf('member-login', false),
    update: triggerOf('member-login', true),
    resolve: find((alert) => alert.kind === 'resolve' && alert.flowId === 'member-login'),
    broken: find((alert) => alert.kind === 'probe-broken'),
    recovered: find((alert) => alert.kind === 'probe-broken-resolved'),
    notice: {
      kind: 'notice',
      id: 'notice-1',
      dedupKey: 'firewatch:portal.elbtal-agrar.de:probe-broken:fra-1',
      target: TARGET,
      location: 'fra-1',
      at: at(47),
      runId: 'run-47',
      commit: null,
      message: 'An alert waiting in the spool was damaged and not sent; check the incident by hand. kind trigger, flow diesel-order.',
    },
  };
}
