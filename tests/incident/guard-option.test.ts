import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readIncident, readSummary } from '../../incident/files';
import { runPlanted } from './planted-run';

test('the guard fails a test on a 5xx its checks let pass, unless the test switches it off with guardEnabled: false', async () => {
  const reportsDir = await mkdtemp(path.join(os.tmpdir(), 'firewatch-guard-'));
  try {
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
  } finally {
    await rm(reportsDir, { recursive: true, force: true });
  }
});
