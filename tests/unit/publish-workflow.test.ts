import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { ROOT } from '../support/processes';

type Step = {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
};

test('the probe workflow publishes the reports folder after every run and links it from the job summary', async () => {
  const flow = parse(await readFile(path.join(ROOT, '.github', 'workflows', 'probe.yml'), 'utf8')) as {
    jobs: { probe: { env: Record<string, string>; steps: Step[] } };
  };
  const { env, steps } = flow.jobs.probe;
  expect(env.REPORT_BASE_URL).toBe('${{ vars.REPORT_BASE_URL }}');
  const probe = steps.findIndex((step) => step.run === 'npm run probe');
  const upload = steps.findIndex(
    (step) => step.uses?.startsWith('actions/upload-artifact@') && step.with?.path?.split('\n')[0] === 'reports/',
  );
  expect(upload, 'the reports folder is uploaded after the probe').toBeGreaterThan(probe);
  const publish = steps[upload]!;
  expect(publish.if, 'a red run is published too: that is when it is needed').toBe('always()');
  expect(publish.id).toBeTruthy();
  // The probe's own bookkeeping stays out of the artifact.
  for (const internal of ['!reports/probe/spool/', '!reports/probe/probe.lock', '!reports/probe/state.json'])
    expect(publish.with?.path?.split('\n')).toContain(internal);
  const summary = steps.slice(upload + 1).find((step) => step.run?.includes('$GITHUB_STEP_SUMMARY'));
  expect(summary?.if).toBe('always()');
  expect(summary?.env?.ARTIFACT_URL).toBe(`\${{ steps.${publish.id}.outputs.artifact-url }}`);
  expect(summary?.run).toContain('($ARTIFACT_URL)');
  expect(summary?.run).toContain('probe/status.html');
});
