import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { FLOWS } from '../../flows';
import { readIncident, readSummary } from '../../incident';
import { FAULTS } from '../../portal/faults';
import { processTest } from '../support/process-test';
import { runTsx, startPortalInProcess } from '../support/processes';
import { EXPECTED_BROKEN, MATRIX_DIR, type Scenario } from './expected';

const SEED_TOKEN = 'matrix-seed-token';

const test = processTest;

/** The incidents the issue names: one root cause each, with its consequences listed, not repeated. */
const EXPECTED_INCIDENT: Partial<Record<Scenario, { root: string; affected: string[]; title: RegExp; errorClass: string; effect?: 'down' | 'degraded' }>> = {
  'login-error-message-missing': {
    root: 'member-login',
    affected: [],
    title: /^\[SEV-2\] Member login is degraded: /,
    errorClass: 'element-missing',
    effect: 'degraded',
  },
  'diesel-server-accepts-invalid': { root: 'diesel-order', affected: [], title: /^\[SEV-2\] Diesel ordering is degraded: /, errorClass: 'wrong-content', effect: 'degraded' },
  'diesel-double-order': { root: 'diesel-order', affected: [], title: /^\[SEV-1\] Diesel ordering is down: .*exactly one new order/, errorClass: 'wrong-content', effect: 'down' },
  'login-broken': { root: 'member-login', affected: ['member-services', 'diesel-order'], title: /^\[SEV-1\] Member login is down/, errorClass: 'http-5xx' },
  'weather-stale': { root: 'weather', affected: [], title: /^\[SEV-2\] Weather service .*stale/, errorClass: 'stale-data' },
  'instance-down': {
    root: 'availability',
    affected: ['member-login', 'member-services', 'diesel-order', 'weather'],
    title: /^\[SEV-1\] Member portal is down/,
    errorClass: 'http-5xx',
  },
};

/**
 * Scenarios whose failures are waits (page budgets running out), not work: more workers let the waits overlap. They
 * start first, so the long waits overlap with the other scenarios instead of trailing after them.
 */
const WAITING: Partial<Record<Scenario, number>> = { 'slow-backend': 4, 'session-lost': 2 };
/** Then the scenarios where most tests fail (each failure restarts its worker), then the rest. */
const FIRST: Scenario[] = [...(Object.keys(WAITING) as Scenario[]), 'instance-down', 'login-broken'];
const SCENARIOS: Scenario[] = [...FIRST, ...(['healthy', ...FAULTS] as Scenario[]).filter((scenario) => !FIRST.includes(scenario))];

// Each scenario has its own portal on its own port and its own reports folder, so scenarios run side by side.
test.describe.configure({ mode: 'parallel' });

for (const scenario of SCENARIOS) {
  test(`${scenario}: the suite goes red on exactly the flows it breaks`, async () => {
    // A slow backend makes every affected test wait out its page budget, and side-by-side scenarios share the cores.
    test.setTimeout(360_000);
    const portal = await startPortalInProcess({ seedToken: SEED_TOKEN, faults: scenario === 'healthy' ? [] : [scenario] });
    const reportsDir = path.join(MATRIX_DIR, scenario);
    await rm(reportsDir, { recursive: true, force: true });
    let run;
    try {
      // One worker: on a loopback portal one browser is as fast as two for half the CPU, and scenarios run side by side.
      run = await runTsx('scripts/smoke.ts', ['--retries=0', `--workers=${WAITING[scenario] ?? 1}`], {
        BASE_URL: portal.url,
        TARGET_ENV: 'local',
        SEED_TOKEN,
        FIREWATCH_REPORTS_DIR: reportsDir,
      });
    } finally {
      await portal.stop();
    }

    const summary = await readSummary(reportsDir);
    const status = new Map(summary.flows.map((flow) => [flow.id, flow]));
    const row = Object.fromEntries(FLOWS.map((flow) => [flow.id, status.get(flow.id) ?? { id: flow.id, status: 'missing' }]));
    await mkdir(MATRIX_DIR, { recursive: true });
    await writeFile(path.join(MATRIX_DIR, `${scenario}.row.json`), JSON.stringify({ scenario, exitCode: run.exitCode, flows: row }));

    const broken = FLOWS.map((flow) => flow.id).filter((id) => status.get(id)?.status !== 'passed');
    expect(broken, `flows red under "${scenario}"; suite output:\n${run.output.slice(-4000)}`).toEqual(EXPECTED_BROKEN[scenario]);
    expect(run.exitCode, 'smoke exit code').toBe(EXPECTED_BROKEN[scenario].length ? 1 : 0);
    expect(summary.verdict).toBe(EXPECTED_BROKEN[scenario].length ? 'failed' : 'passed');
    const report = await readIncident(reportsDir);
    if (!EXPECTED_BROKEN[scenario].length) {
      expect(report, 'a healthy run writes no incident').toBeUndefined();
      return;
    }
    if (!report) throw new Error(`"${scenario}" broke flows but wrote no incident report in ${reportsDir}/incident`);
    const { incident, markdown } = report;
    const expected = EXPECTED_INCIDENT[scenario];
    if (!expected) return;
    expect(incident.rootCauses.map((cause) => cause.flowId), 'root causes').toEqual([expected.root]);
    expect(incident.rootCauses[0]?.affected.sort()).toEqual([...expected.affected].sort());
    expect(incident.title).toMatch(expected.title);
    expect(summary.flows.find((flow) => flow.id === expected.root)?.errorClass).toBe(expected.errorClass);
    if (expected.effect) expect(incident.rootCauses[0]?.effect, 'the effect the failing test declared').toBe(expected.effect);
    expect(markdown).toContain(incident.title);
    expect(markdown).toContain(`npm run smoke -- --grep @flow-${expected.root}`);
  });
}
