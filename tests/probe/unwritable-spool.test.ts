import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { reportPaths } from '../../contract';
import { processTest } from '../support/process-test';
import { ROOT, runTsx, startPortalInProcess } from '../support/processes';
import { startReceiver } from '../support/receiver';

const test = processTest;
const PROBE = { email: 'probe@elbtal-agrar.de', password: 'Spool-Probe-Secret-2026' };

test('a spool that cannot be written still lets a confirmed outage page, directly, with a notice', async () => {
  // One short probe run (one check) against a portal whose sign-in is broken.
  test.setTimeout(120_000);
  const dir = path.join(ROOT, 'reports', 'unwritable-spool');
  await rm(dir, { recursive: true, force: true });
  // A file where the spool folder belongs: nothing can be spooled (file permissions would not stop root).
  await mkdir(reportPaths(dir).probe.dir, { recursive: true });
  await writeFile(reportPaths(dir).probe.spool, 'not a folder');
  const portal = await startPortalInProcess({ probeAccount: PROBE, faults: ['login-broken'] });
  const webhook = await startReceiver();
  try {
    const run = await runTsx('probe/main.ts', ['--workers=1', '--grep', 'member signs in and reaches'], {
      BASE_URL: portal.url,
      TARGET_ENV: 'production',
      PROBE_EMAIL: PROBE.email,
      PROBE_PASSWORD: PROBE.password,
      PROBE_CONFIRM_RUNS: '1',
      PROBE_LOCATION: 'spool-test',
      WEBHOOK_URL: webhook.url,
      SEED_TOKEN: '',
      FIREWATCH_REPORTS_DIR: dir,
    });
    expect(run.exitCode, run.output.slice(-3000)).toBe(1);
    const events = webhook.accepted().map((request) => request.json as { type: string; flowId?: string; message?: string });
    expect(events.map((event) => event.type)).toEqual(['incident.trigger', 'probe.notice']);
    expect(events[0]?.flowId).toBe('member-login');
    expect(events[1]?.message).toContain('cannot be written');
  } finally {
    await webhook.close();
    await portal.stop();
  }
});
