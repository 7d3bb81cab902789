import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { readIncident, readSummary, reportPaths } from '../../contract';
import { processTest } from '../support/process-test';
import { ROOT, runTsx, startPortal, startPortalInProcess } from '../support/processes';

const test = processTest;

test('newcomer: `npm run portal` without SEED_TOKEN prints the one line, and smoke with only BASE_URL passes', async () => {
  // One portal start and one diesel-flow run, on a shared machine.
  test.setTimeout(240_000);
  const portal = await startPortal({ SEED_TOKEN: '' });
  const printed = /Run the suite against it: (BASE_URL=(\S+) npm run smoke)/.exec(portal.output());
  expect(printed?.[2], `the portal prints how to run the suite against it:\n${portal.output()}`).toBe(portal.url);
  const reportsDir = path.join(ROOT, 'reports', 'newcomer');
  await rm(reportsDir, { recursive: true, force: true });
  // Only the variable the printed line names (and a reports folder of its own): no SEED_TOKEN, no TARGET_ENV.
  const run = await runTsx('scripts/smoke.ts', ['--retries=0', '--grep', '@flow-diesel-order'], {
    BASE_URL: portal.url,
    SEED_TOKEN: '',
    TARGET_ENV: '',
    FIREWATCH_REPORTS_DIR: reportsDir,
  });
  expect(run.exitCode, run.output.slice(-3000)).toBe(0);
  expect((await readSummary(reportsDir)).flows.find((flow) => flow.id === 'diesel-order')?.status).toBe('passed');
});

test("a refused seeding token is the suite's error: exit 2, verdict error, ERROR.md, no incident", async () => {
  // One portal start and one short run that stops at seeding.
  test.setTimeout(240_000);
  const portal = await startPortalInProcess({ seedToken: 'the-portal-token' });
  const reportsDir = path.join(ROOT, 'reports', 'refused-token');
  await rm(reportsDir, { recursive: true, force: true });
  // Two checks, one for each way a test gets its member: seeded for the test (login), seeded for the worker (orders).
  const run = await runTsx(
    'scripts/smoke.ts',
    ['--retries=0', '--grep', 'member signs in and reaches member services|member sees their orders'],
    {
      BASE_URL: portal.url,
      SEED_TOKEN: 'not-the-portal-token',
      FIREWATCH_REPORTS_DIR: reportsDir,
    },
  );
  expect(run.exitCode, run.output.slice(-3000)).toBe(2);
  expect(run.output).toContain('not an incident');
  expect(run.output).not.toContain('not-the-portal-token');
  const summary = await readSummary(reportsDir);
  expect(summary.verdict).toBe('error');
  expect(summary.suiteError).toMatchObject({ kind: 'credentials', message: expect.stringContaining('answered 401') });
  expect(
    summary.flows.filter((flow) => flow.status === 'failed'),
    "no flow is blamed for the suite's own error",
  ).toEqual([]);
  expect(await readFile(reportPaths(reportsDir).errorMd, 'utf8')).toContain('SEED_TOKEN');
  expect(await readIncident(reportsDir)).toBeUndefined();
  expect(existsSync(reportPaths(reportsDir).incidentMd)).toBe(false);
});
