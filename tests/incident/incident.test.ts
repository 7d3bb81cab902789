import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FLOWS } from '../../flows';
import { recordsForUnreachableTarget } from '../../incident/aborted';
import { buildIncident, buildSummary, reproduceCommand } from '../../incident/build';
import { writeText } from '../../incident/files';
import { readIncident, readSummary, reportPaths } from '../../contract';
import { blameBlockingFlows, groupByRootCause, summarizeFlows } from '../../incident/group';
import { renderIncidentMarkdown } from '../../incident/render';
import { incidentSchema, summarySchema } from '../../contract';
import { META, attempt, failed, passed, skipped, testOf } from './records';

const loginBroken = () => [
  passed('availability'),
  passed('weather'),
  failed('member-login', {
    failingStep: 'Sign in',
    errorClass: 'http-5xx',
    guard: {
      pageErrors: [],
      consoleErrors: [],
      failedRequests: [],
      clientErrors: [],
      serverErrors: [{ method: 'POST', url: 'http://127.0.0.1:3000/login', status: 503 }],
    },
  }),
  skipped('member-services'),
  skipped('diesel-order'),
  skipped('diesel-order'),
];

test.describe('flow status and root causes', () => {
  test('login down: login failed, its dependants skipped and blocked by it, one root cause', () => {
    const flows = summarizeFlows(loginBroken(), FLOWS);
    expect(flows.map((f) => [f.id, f.status, f.blockedBy])).toEqual([
      ['availability', 'passed', undefined],
      ['member-login', 'failed', undefined],
      ['member-services', 'skipped', 'member-login'],
      ['diesel-order', 'skipped', 'member-login'],
      ['weather', 'passed', undefined],
    ]);
    expect(groupByRootCause(flows, FLOWS)).toEqual([{ root: 'member-login', affected: ['member-services', 'diesel-order'] }]);
  });

  test('instance down: one availability root cause covering every flow', () => {
    const tests = [
      failed('availability', { errorClass: 'target-unreachable' }),
      failed('weather', { errorClass: 'target-unreachable' }),
      failed('member-login', { errorClass: 'target-unreachable' }),
      skipped('member-services'),
      skipped('diesel-order'),
    ];
    const flows = summarizeFlows(tests, FLOWS);
    expect(groupByRootCause(flows, FLOWS)).toEqual([
      { root: 'availability', affected: ['member-login', 'member-services', 'diesel-order', 'weather'] },
    ]);
  });

  test('two unrelated roots: login and weather under a slow backend', () => {
    const tests = [
      passed('availability'),
      failed('member-login', { errorClass: 'slow-timeout' }),
      skipped('diesel-order'),
      failed('weather', { errorClass: 'slow-timeout' }),
    ];
    const groups = groupByRootCause(summarizeFlows(tests, FLOWS), FLOWS);
    expect(groups.map((g) => g.root)).toEqual(['member-login', 'weather']);
  });

  test('a run that died because the portal never came up is one availability incident, not a green run', () => {
    const notRun = ['availability', 'member-login', 'member-services', 'diesel-order', 'weather'].map(skipped);
    const extra = recordsForUnreachableTarget(
      ['Error: Timed out waiting 30000ms from config.webServer.'],
      notRun,
      FLOWS,
      new Date('2026-11-23T10:16:00Z'),
    );
    expect(extra?.map((t) => t.flowId)).toEqual(['availability']);
    const tests = [...notRun, ...(extra ?? [])];
    const summary = buildSummary(tests, META, FLOWS);
    expect(summary.verdict).toBe('failed');
    expect(summary.flows.map((f) => [f.id, f.status, f.errorClass ?? f.blockedBy])).toEqual([
      ['availability', 'failed', 'target-unreachable'],
      ['member-login', 'skipped', 'availability'],
      ['member-services', 'skipped', 'availability'],
      ['diesel-order', 'skipped', 'availability'],
      ['weather', 'skipped', 'availability'],
    ]);
    expect(buildIncident(tests, summary, META, FLOWS)?.title).toBe(
      '[SEV-1] Member portal is down: the portal does not answer (connection failed)',
    );
    const beforeLoading =
      recordsForUnreachableTarget(['Error: Timed out waiting 30000ms from config.webServer.'], [], FLOWS, new Date()) ?? [];
    expect(buildSummary(beforeLoading, META, FLOWS).flows.map((f) => f.status)).toEqual([
      'failed',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(
      recordsForUnreachableTarget(['SyntaxError: Unexpected token in tests/critical/x.spec.ts'], notRun, FLOWS, new Date()),
    ).toBeUndefined();
    expect(
      recordsForUnreachableTarget(['Error: Timed out waiting 30000ms from config.webServer.'], [passed('weather')], FLOWS, new Date()),
    ).toBeUndefined();
  });

  test("checks blocked by a failed sign-in stay skipped under a failed member login; without one, the sign-in failure is member login's", () => {
    const reason = 'Sign-in for the signed-in flows failed: POST http://127.0.0.1:3000/anmelden answered 500, expected 303 → /mitglied.';
    const blocked = (flowId: string) =>
      testOf(flowId, 'skipped', [attempt('skipped', { blockedBy: { flowId: 'member-login', reason } })], `${flowId} check`);

    // Member login's own check failed: the blocked checks are its consequences, nothing is added.
    const withRoot = [
      passed('availability'),
      failed('member-login', { errorClass: 'http-5xx' }),
      blocked('member-services'),
      blocked('diesel-order'),
      passed('weather'),
      blocked('weather'),
    ];
    expect(blameBlockingFlows(withRoot, FLOWS)).toEqual(withRoot);
    // The instance is down: member login's checks are blocked by availability, and the sign-in failure is explained.
    const instanceDown = [
      failed('availability', { errorClass: 'http-5xx' }),
      blocked('member-services'),
      testOf('member-login', 'skipped', [attempt('skipped', { blockedBy: { flowId: 'availability', reason: 'down' } })]),
    ];
    expect(blameBlockingFlows(instanceDown, FLOWS)).toEqual(instanceDown);
    expect(summarizeFlows(instanceDown, FLOWS).map((f) => [f.id, f.status, f.blockedBy])).toEqual([
      ['availability', 'failed', undefined],
      ['member-login', 'skipped', 'availability'],
      ['member-services', 'skipped', 'availability'],
    ]);

    // No member-login check in the run (or all of them passed): the skip must not pass unnoticed.
    const tests = blameBlockingFlows(
      [passed('availability'), passed('member-login'), blocked('member-services'), blocked('diesel-order'), blocked('weather')],
      FLOWS,
    );
    const summary = buildSummary(tests, META, FLOWS);
    expect(summary.verdict).toBe('failed');
    expect(summary.flows.map((f) => [f.id, f.status, f.errorClass ?? f.blockedBy ?? null])).toEqual([
      ['availability', 'passed', null],
      ['member-login', 'failed', 'http-5xx'],
      ['member-services', 'skipped', 'member-login'],
      ['diesel-order', 'skipped', 'member-login'],
      ['weather', 'skipped', 'member-login'],
    ]);
    expect(groupByRootCause(summary.flows, FLOWS)).toEqual([
      { root: 'member-login', affected: ['member-services', 'diesel-order', 'weather'] },
    ]);
    const incident = buildIncident(tests, summary, META, FLOWS);
    expect(incident?.title).toMatch(/^\[SEV-1\] Member login is down: /);
    expect(renderIncidentMarkdown(incident!, { reportsFromIncident: '..', reportsFromCwd: 'reports' })).toContain(reason);
  });

  test('a flaky flow is a warning, never an incident', () => {
    const flaky = testOf('weather', 'flaky', [attempt('failed'), attempt('passed', { retry: 1 })]);
    const summary = buildSummary([passed('availability'), flaky], META, FLOWS);
    expect(summary.verdict).toBe('passed');
    expect(summary.flows.find((f) => f.id === 'weather')?.status).toBe('flaky');
    expect(summary.warnings.map((w) => [w.code, w.flowId])).toEqual([['flaky', 'weather']]);
    expect(buildIncident([flaky], summary, META, FLOWS)).toBeUndefined();
  });

  test('a flow without tests in the run is not in the summary; a failed untagged test is a warning', () => {
    const summary = buildSummary([passed('weather'), testOf(undefined, 'unexpected', [attempt('failed')], 'orphan')], META, FLOWS);
    expect(summary.flows.map((f) => f.id)).toEqual(['weather']);
    expect(summary.verdict).toBe('passed');
    expect(summary.warnings[0]?.code).toBe('untagged-test');
  });
});

test.describe('incident', () => {
  test('login down: one SEV-1 incident titled by capability, with the affected flows', () => {
    const tests = loginBroken();
    const summary = buildSummary(tests, META, FLOWS);
    expect(summarySchema.parse(summary).verdict).toBe('failed');
    const incident = buildIncident(tests, summary, META, FLOWS, '2026-11-23T10:16:01.000Z');
    expect(incident).toBeDefined();
    if (!incident) return;
    expect(incidentSchema.safeParse(incident).success).toBe(true);
    expect(incident.title).toBe('[SEV-1] Member login is down: server error 503 on POST /login at “Sign in”');
    expect(incident.rootCauses.map((r) => r.flowId)).toEqual(['member-login']);
    expect(incident.flows.map((f) => [f.id, f.status])).toEqual([
      ['member-login', 'failed'],
      ['member-services', 'skipped'],
      ['diesel-order', 'skipped'],
    ]);
    expect(incident.reproduce).toBe('TARGET_ENV=local PORTAL_FAULTS=login-broken npm run smoke -- --grep @flow-member-login');
  });

  test('two roots: the top severity is the highest, both named', () => {
    const tests = [
      passed('availability'),
      failed('weather', { errorClass: 'stale-data', failingStep: 'Read forecast' }),
      failed('member-services', { errorClass: 'element-missing' }),
      passed('member-login'),
    ];
    const summary = buildSummary(tests, META, FLOWS);
    const incident = buildIncident(tests, summary, META, FLOWS);
    expect(incident?.severity).toBe('SEV-2');
    expect(incident?.rootCauses.map((r) => r.flowId).sort()).toEqual(['member-services', 'weather']);
    expect(incident?.title).toMatch(/^\[SEV-2\] .+ and .+ are down: .+\(2 root causes\)$/);
  });

  test('reproduce command names BASE_URL for a deployed target and quotes several flows', () => {
    const meta = { ...META, bundledPortal: false, targetUrl: 'https://staging.portal.example', targetEnv: 'staging', portalFaults: [] };
    expect(reproduceCommand(['member-login', 'weather'], meta)).toBe(
      "BASE_URL=https://staging.portal.example TARGET_ENV=staging npm run smoke -- --grep '@flow-member-login|@flow-weather'",
    );
  });

  test('INCIDENT.md holds title, table, evidence, reproduce command, roles and post-mortem', () => {
    const tests = loginBroken();
    const incident = buildIncident(tests, buildSummary(tests, META, FLOWS), META, FLOWS);
    if (!incident) throw new Error('expected an incident');
    const md = renderIncidentMarkdown(incident);
    expect(md).toContain(`# ${incident.title}`);
    expect(md).toContain('| Flow | Status | Failing step | Failure class | Error | Duration | Attempts |');
    expect(md).toMatch(
      /\| member-login: Member login \| failed \| Sign in \| http-5xx \| expect\(locator\)\.toBeVisible\(\) failed \| 1\.2 s \| 1 \|/,
    );
    expect(md).toContain('| diesel-order: Diesel ordering | skipped (blocked by member-login) |');
    expect(md).toContain('![screenshot member-login](../test-results/login-chromium/test-failed-1.png)');
    expect(md).toContain('npx playwright show-trace reports/test-results/login-chromium/trace.zip');
    expect(md).toContain('POST http://127.0.0.1:3000/login → 503');
    expect(md).toContain('[reports/html/index.html](../html/index.html)');
    expect(md).toContain(incident.reproduce);
    for (const heading of [
      '## Impact',
      '## Roles and first actions',
      '**Coordinator**',
      '**Operations**',
      '**Communications**',
      '## Draft status message',
      '## Timeline (UTC)',
      '## Post-mortem (draft)',
      '### Follow-ups',
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('Members currently cannot sign in to the member portal.');
    expect(md).toContain('- [ ] Test data:');
  });

  test('readIncident and readSummary validate what is on disk', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'firewatch-read-'));
    try {
      expect(await readIncident(dir)).toBeUndefined();
      const tests = loginBroken();
      const summary = buildSummary(tests, META, FLOWS);
      const incident = buildIncident(tests, summary, META, FLOWS);
      if (!incident) throw new Error('expected an incident');
      await writeText(reportPaths(dir).summary, JSON.stringify(summary));
      await writeText(reportPaths(dir).incidentJson, JSON.stringify(incident));
      await writeText(reportPaths(dir).incidentMd, renderIncidentMarkdown(incident));
      expect((await readSummary(dir)).verdict).toBe('failed');
      expect((await readIncident(dir))?.incident.title).toBe(incident.title);
      await writeText(reportPaths(dir).incidentJson, JSON.stringify({ ...incident, schemaVersion: 99 }));
      await expect(readIncident(dir)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
