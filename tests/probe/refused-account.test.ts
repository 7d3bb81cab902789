import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { readSummary, reportPaths } from '../../contract';
import { processTest } from '../support/process-test';
import { ROOT, runTsx, startPortalInProcess } from '../support/processes';
import { startReceiver } from '../support/receiver';

const test = processTest;
const PROBE = { email: 'probe@elbtal-agrar.de', password: 'Current-Probe-Secret-2026' };

test("a rotated PROBE_PASSWORD makes exactly one sign-in attempt, exits 2 with the portal's words, sends the probe-broken notice and leaves the account unlocked", async () => {
  // One probe run of every @probe check against a portal in this process: 20 s alone, several minutes on two cores
  // shared with the fault matrix and the other probe tests.
  test.setTimeout(360_000);
  const dir = path.join(ROOT, 'reports', 'refused-account');
  await rm(dir, { recursive: true, force: true });
  const portal = await startPortalInProcess({ probeAccount: PROBE });
  const webhook = await startReceiver();
  try {
    const run = await runTsx('probe/main.ts', [], {
      BASE_URL: portal.url,
      TARGET_ENV: 'production',
      PROBE_EMAIL: PROBE.email,
      PROBE_PASSWORD: 'Old-Probe-Secret-2025',
      PROBE_CONFIRM_RUNS: '1',
      PROBE_LOCATION: 'refused-test',
      WEBHOOK_URL: webhook.url,
      SEED_TOKEN: '',
      FIREWATCH_REPORTS_DIR: dir,
    });
    expect(run.exitCode, run.output.slice(-3000)).toBe(2);
    expect(portal.account(PROBE.email), 'one refused sign-in, and the account is not locked').toEqual({ failedLogins: 1, locked: false });

    const summary = await readSummary(dir);
    expect(summary.verdict).toBe('error');
    expect(summary.suiteError).toMatchObject({
      kind: 'credentials',
      message: expect.stringContaining('"E-Mail oder Passwort ist falsch."'),
    });
    expect(
      summary.flows.filter((flow) => flow.status === 'failed'),
      'no flow is blamed for the refused account',
    ).toEqual([]);

    const events = webhook.accepted().map((request) => (request.json as { type: string }).type);
    expect(events, 'the probe-broken notice, never a product incident').toEqual(['probe.broken']);
    const history = (await readFile(reportPaths(dir).probe.history, 'utf8')).trim().split('\n');
    expect(JSON.parse(history.at(-1) ?? '{}')).toMatchObject({ verdict: 'error' });
    expect(run.output).not.toContain('Old-Probe-Secret-2025');
  } finally {
    await webhook.close();
    await portal.stop();
  }
});
