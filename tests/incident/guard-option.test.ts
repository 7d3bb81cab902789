import { expect } from '@playwright/test';
import { readIncident, readSummary } from '../../contract';
import { runPlanted, test } from './planted-run';

test('the guard fails a test on a 5xx its checks let pass, unless the test switches it off with guardEnabled: false', async ({
  reportsDir,
}) => {
  const run = runPlanted('planted-guard', { FIREWATCH_REPORTS_DIR: reportsDir });
  expect(run.status, `nested run output:\n${run.stdout}\n${run.stderr}`).toBe(1);
  const summary = await readSummary(reportsDir);
  expect(summary.flows.map((flow) => [flow.id, flow.status, flow.errorClass])).toEqual([
    ['availability', 'failed', 'http-5xx'],
    ['weather', 'passed', null],
  ]);
  const incident = await readIncident(reportsDir);
  const failed = incident?.incident.flows.find((flow) => flow.id === 'availability')?.tests[0];
  expect(failed?.error).toMatch(/^Error: Guard: 1 server error\(s\) \(first: 503 on GET http:\/\/portal\.invalid\/\)/);
});
