import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { reportPaths } from '../../contract';
import { readIncident, readSummary } from '../../contract';
import type { Summary } from '../../contract';
import { PLAYWRIGHT_CLI } from '../../scripts/suite';
import { ROOT, runTsx, startPortalInProcess } from '../support/processes';

const SEED_TOKEN = 'sharding-seed-token';
const FAULT = 'login-broken' as const;
/**
 * One check of each compared flow: a broken root (member login), its dependent (member services) and a healthy flow
 * (availability). Enough to show grouping and verdicts survive the split; every further check would only add runs
 * that fail the same way (and each failed check costs a new worker and browser).
 */
const FLOWS = ['--grep', 'home page answers|member signs in and reaches member services|member sees their name'];

/** What must not depend on how the suite was split: the verdict and each flow's outcome (not timings or run ids). */
function outcome(summary: Summary) {
  return {
    verdict: summary.verdict,
    suiteError: summary.suiteError,
    flows: summary.flows.map(({ id, status, failingStep, errorClass, effect, severity, blockedBy }) => ({
      id,
      status,
      failingStep,
      errorClass,
      effect,
      severity,
      blockedBy,
    })),
  };
}

test('two shards merged with the incident reporter give the same summary as one run, and one incident', async () => {
  // The suite's run and its two shards side by side against a broken login.
  test.setTimeout(300_000);
  const dir = path.join(ROOT, 'reports', 'sharding');
  await rm(dir, { recursive: true, force: true });
  const portal = await startPortalInProcess({ seedToken: SEED_TOKEN, faults: [FAULT] });
  const env = (name: string) => ({ BASE_URL: portal.url, TARGET_ENV: 'local', SEED_TOKEN, FIREWATCH_REPORTS_DIR: path.join(dir, name) });
  try {
    const [single, ...shards] = await Promise.all([
      runTsx('scripts/smoke.ts', ['--retries=0', '--workers=1', ...FLOWS], env('single')),
      runTsx('scripts/smoke.ts', ['--retries=0', '--workers=1', '--shard=1/2', ...FLOWS], env('shard-1')),
      runTsx('scripts/smoke.ts', ['--retries=0', '--workers=1', '--shard=2/2', ...FLOWS], env('shard-2')),
    ]);
    expect(single.exitCode, single.output.slice(-3000)).toBe(1);
    const singleDir = path.join(dir, 'single');

    const blobs = path.join(dir, 'all-blobs');
    await mkdir(blobs, { recursive: true });
    for (const [index, shard] of shards.entries()) {
      const name = `shard-${index + 1}`;
      expect(shard.output, `${name} says where its verdict comes from`).toContain('no summary here');
      const files = await readdir(path.join(dir, name));
      expect(files, `${name} writes no verdict of its own`).not.toContain('summary.json');
      expect(files, `${name} writes no incident of its own`).not.toContain('incident');
      const blob = reportPaths(path.join(dir, name)).blob;
      const zips = (await readdir(blob)).filter((file) => file.endsWith('.zip'));
      // Playwright names a filtered run's blob with a hash of its filters: report-<hash>-<shard>.zip.
      expect(zips, `${name} blob report`).toEqual([expect.stringMatching(new RegExp(`^report-([0-9a-f]+-)?${index + 1}\\.zip$`))]);
      await copyFile(path.join(blob, zips[0] ?? ''), path.join(blobs, zips[0] ?? ''));
    }

    const merged = await runTsx(PLAYWRIGHT_CLI, ['merge-reports', '--reporter', './incident/reporter.ts', blobs], env('merged'));
    expect(merged.exitCode, merged.output).toBe(0);
    const mergedDir = path.join(dir, 'merged');
    const [one, both] = [await readSummary(singleDir), await readSummary(mergedDir)];
    expect(outcome(both)).toEqual(outcome(one));
    // Not a vacuous match: the fault broke login and what depends on it, and left the rest green.
    expect(outcome(both).flows.map((flow) => [flow.id, flow.status === 'passed'])).toEqual([
      ['availability', true],
      ['member-login', false],
      ['member-services', false],
    ]);
    const incident = await readIncident(mergedDir);
    expect(incident?.incident.rootCauses.map((cause) => [cause.flowId, [...cause.affected].sort()])).toEqual([
      ['member-login', ['member-services']],
    ]);
  } finally {
    await portal.stop();
  }
});
