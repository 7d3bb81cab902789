import { expect } from '@playwright/test';
import { readIncident, readSummary } from '../../contract';
import { runPlanted, test } from './planted-run';

// Each runs a nested suite with its own portal: on two cores shared with the fault matrix that takes more than 30 s.
test.describe.configure({ timeout: 120_000 });

test('a worker clean-up that keeps failing is retried, then a cleanup-failed warning naming the member, not a failed flow', async ({
  reportsDir,
}) => {
  const run = runPlanted('planted-cleanup', { FIREWATCH_REPORTS_DIR: reportsDir });
  expect(run.status, `nested run output:\n${run.stdout}\n${run.stderr}`).toBe(0);
  const summary = await readSummary(reportsDir);
  expect(summary.verdict).toBe('passed');
  expect(summary.flows.map((flow) => [flow.id, flow.status])).toEqual([['member-services', 'passed']]);
  const warnings = summary.warnings.filter((warning) => warning.code === 'cleanup-failed');
  expect(warnings, 'one loud warning naming what was left').toHaveLength(1);
  expect(warnings[0]?.message).toMatch(/m-planted-1 was left on the target after 3 attempts/);
  expect(await readIncident(reportsDir), 'no incident for a failed clean-up').toBeUndefined();
});

test('an order the target will not cancel after a passing check is retried three times, then a cleanup-failed warning naming it', async ({
  reportsDir,
}) => {
  const run = runPlanted('planted-order-cleanup', {
    FIREWATCH_REPORTS_DIR: reportsDir,
    BASE_URL: 'http://portal.invalid',
    TARGET_ENV: 'local',
    SEED_TOKEN: 'planted-seed-token',
  });
  expect(run.status, `nested run output:\n${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stderr, 'every attempt reached the target').toContain('planted: 3 cancellation attempt(s)');
  const summary = await readSummary(reportsDir);
  expect(summary.verdict).toBe('passed');
  expect(summary.flows.map((flow) => [flow.id, flow.status])).toEqual([['diesel-order', 'passed']]);
  const warnings = summary.warnings.filter((warning) => warning.code === 'cleanup-failed');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]?.message).toMatch(
    /Order\(s\) D-2026-000123 of member anna\.planted@mitglieder\.test could not be cancelled after 3 attempts .*cancel it by hand/,
  );
  expect(await readIncident(reportsDir), 'no incident for a failed clean-up').toBeUndefined();
});
