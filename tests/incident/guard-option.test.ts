import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readIncident, readSummary } from '../../incident/files';

const CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');

test('the guard fails a test on a 5xx its checks let pass, unless the test switches it off with guardEnabled: false', async () => {
  const reportsDir = await mkdtemp(path.join(os.tmpdir(), 'firewatch-guard-'));
  try {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TEST_|PW_|PLAYWRIGHT_)/.test(name)));
    const run = spawnSync(process.execPath, [CLI, 'test', '-c', path.join('tests', 'incident', 'planted-guard', 'playwright.config.ts')], {
      env: { ...env, FORCE_COLOR: '0', CI: '', FIREWATCH_REPORTS_DIR: reportsDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
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
