import { rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { reportPaths } from '../../contract';
import { readHistory } from '../../probe/history';
import { pagerDutyEventSchema } from '../../probe/notify/pagerduty';
import { startHostileProxy } from '../support/hostile-proxy';
import { processTest } from '../support/process-test';
import { ROOT, runTsx, startPortalInProcess } from '../support/processes';
import { PAGERDUTY_ACCEPTED, startReceiver } from '../support/receiver';

const test = processTest;
const PROBE = { email: 'probe@elbtal-agrar.de', password: 'Proxy-Outage-Secret-2026' };
const ROUTING_KEY = 'Pr0xyR0ut1ngK3yPr0xyR0ut1ngK3y32';
// The availability check of the home page alone: the flow the outage shapes hit first, in one worker.
const HOME_PAGE_ONLY = ['--grep', 'home page answers within its budget', '--workers=1'];

test('a real probe pages an nginx 503 as the portal down at SEV-1, pages again when the proxy starts to hang, and resolves when it passes', async () => {
  // Three probe runs; the hanging one waits out the home page's navigation budget twice (the try and its recheck).
  test.setTimeout(240_000);
  const dir = path.join(ROOT, 'reports', 'proxy-outage');
  await rm(dir, { recursive: true, force: true });
  const portal = await startPortalInProcess({ probeAccount: PROBE });
  const proxy = await startHostileProxy(portal.url, 'html-503');
  const pagerduty = await startReceiver(PAGERDUTY_ACCEPTED);
  const probe = () =>
    runTsx('probe/main.ts', HOME_PAGE_ONLY, {
      BASE_URL: proxy.url,
      TARGET_ENV: 'production',
      PROBE_EMAIL: PROBE.email,
      PROBE_PASSWORD: PROBE.password,
      PROBE_CONFIRM_RUNS: '1',
      PROBE_LOCATION: 'proxy-test',
      PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      PAGERDUTY_EVENTS_URL: `${pagerduty.url}/v2/enqueue`,
      SEED_TOKEN: '',
      FIREWATCH_REPORTS_DIR: dir,
    });
  const events = () => pagerduty.accepted().map((entry) => pagerDutyEventSchema.parse(entry.json));
  try {
    await test.step('an nginx 503 on every path: availability down, SEV-1, paged', async () => {
      const run = await probe();
      expect(run.exitCode, run.output.slice(-3000)).toBe(1);
      const [trigger] = events();
      if (trigger?.event_action !== 'trigger') throw new Error(`expected a trigger, got ${JSON.stringify(events())}`);
      expect(trigger.dedup_key).toBe(`firewatch:${new URL(proxy.url).host}:availability`);
      expect(trigger.payload).toMatchObject({ severity: 'critical', component: 'availability', class: 'http-5xx' });
      expect(trigger.payload.summary).toMatch(/^\[SEV-1\] Member portal is down: .*503/);
    });

    await test.step('the proxy starts to hang: the same incident, one update for the new failure class', async () => {
      proxy.shape = 'hang';
      const run = await probe();
      expect(run.exitCode, run.output.slice(-3000)).toBe(1);
      const [first, update] = events();
      if (update?.event_action !== 'trigger') throw new Error(`expected an update, got ${JSON.stringify(events())}`);
      expect(update.dedup_key).toBe(first?.dedup_key);
      expect(update.payload).toMatchObject({ severity: 'critical', component: 'availability', class: 'slow-timeout' });
      const [, second] = await readHistory(reportPaths(dir).probe.history);
      expect(second?.actions).toContainEqual(
        expect.objectContaining({ type: 'renotified', flowId: 'availability', detail: expect.stringMatching(/http-5xx.*slow-timeout/) }),
      );
    });

    await test.step('the proxy passes again: one resolve', async () => {
      proxy.shape = 'pass';
      const run = await probe();
      expect(run.exitCode, run.output.slice(-3000)).toBe(0);
      expect(events().map((event) => event.event_action)).toEqual(['trigger', 'trigger', 'resolve']);
    });
  } finally {
    await proxy.stop();
    await pagerduty.close();
    await portal.stop();
  }
});
