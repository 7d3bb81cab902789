import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { reportPaths } from '../../contract';
import { readHistory } from '../../probe/history';
import { pagerDutyEventSchema } from '../../probe/notify/pagerduty';
import { slackMessageSchema } from '../../probe/notify/slack';
import { readState } from '../../probe/state';
import { SeedClient } from '../../seed/client';
import { findSecret } from '../incident/scan';
import { probeMember } from '../support/probe-account';
import { ROOT, startPortalInProcess, startTsx, type StartedCommand } from '../support/processes';
import { PAGERDUTY_ACCEPTED, startReceiver, type Receiver } from '../support/receiver';

const PROBE = { email: 'probe@elbtal-agrar.de', password: 'Pr0be-E2E-Secret-2026' };
const SEED_TOKEN = 'probe-e2e-admin-token';
const ROUTING_KEY = 'E2eR0ut1ngK3yE2eR0ut1ngK3yE2e032';
const WEBHOOK_SECRET = 'probe-e2e-webhook-signing-secret';
const E2E_DIR = path.join(ROOT, 'reports', 'probe-e2e');
const CAPTURED = path.join(tmpdir(), 'firewatch-probe-e2e-captured.json');
// Only what this scenario needs: one check of member login (the root under login-broken) and the diesel order (its
// dependent, and the synthetic write whose clean-up is checked), a failing check rechecked in its run. One worker: two
// checks on a loopback portal need no second browser.
const FLOWS_UNDER_TEST = ['--grep', 'member signs in and reaches member services|orders diesel once', '--workers=1'];
/** Seconds between run starts: short enough to keep the scenario brisk, long enough to leave the cores to other tests. */
const EVERY = '10';

interface Location {
  readonly name: string;
  readonly reportsDir: string;
  readonly pagerduty: Receiver;
  readonly slack: Receiver;
  readonly webhook: Receiver;
  readonly env: Record<string, string>;
}

async function location(name: string, baseURL: string, extra: Record<string, string> = {}): Promise<Location> {
  const reportsDir = path.join(E2E_DIR, name);
  await rm(reportsDir, { recursive: true, force: true });
  const [pagerduty, slack, webhook] = await Promise.all([startReceiver(PAGERDUTY_ACCEPTED), startReceiver(), startReceiver()]);
  return {
    name,
    reportsDir,
    pagerduty,
    slack,
    webhook,
    env: {
      BASE_URL: baseURL,
      TARGET_ENV: '',
      PROBE_EMAIL: PROBE.email,
      PROBE_PASSWORD: PROBE.password,
      SEED_TOKEN: '',
      FIREWATCH_REPORTS_DIR: reportsDir,
      PROBE_LOCATION: name,
      PROBE_CONFIRM_RUNS: '2',
      PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      PAGERDUTY_EVENTS_URL: `${pagerduty.url}/v2/enqueue`,
      SLACK_WEBHOOK_URL: `${slack.url}/services/T0E2E/B0E2E/${name}SlackSecretPath`,
      WEBHOOK_URL: `${webhook.url}/hooks/${name}-webhook-secret-path`,
      WEBHOOK_SECRET,
      ...extra,
    },
  };
}

type Probe = StartedCommand;

/** Starts `probe/main.ts` at a location, as one real process, so signals reach it directly. */
function startProbe(where: Location, args: string[], extraEnv: Record<string, string> = {}): Probe {
  return startTsx('probe/main.ts', args, { ...where.env, ...extraEnv });
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, probe?: Probe): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    // Polls often: the fault switches below race the next run's start only by this much.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out waiting for ${what}.${probe ? `\nProbe output (end):\n${probe.output().slice(-4000)}` : ''}`);
}

const history = (where: Location) => readHistory(reportPaths(where.reportsDir).probe.history);
/** The start time of the run in progress, from the lock it holds while its suite runs. */
async function runInProgress(where: Location): Promise<{ startedAt: string; suitePid: number } | undefined> {
  const lock = await readFile(reportPaths(where.reportsDir).probe.lock, 'utf8').catch(() => undefined);
  if (!lock) return undefined;
  const parsed = JSON.parse(lock) as { startedAt: string; suitePid?: number };
  return parsed.suitePid ? { startedAt: parsed.startedAt, suitePid: parsed.suitePid } : undefined;
}

test('scheduled probe: confirmed, de-duplicated, self-resolving alerts on every channel, never lost', async () => {
  // Six to seven probe runs of two flows against a real portal on a shared 2-core machine.
  test.setTimeout(15 * 60_000);
  await rm(E2E_DIR, { recursive: true, force: true });
  const portal = await startPortalInProcess({ seedToken: SEED_TOKEN, probeAccount: PROBE });
  const setFaults = async (active: string[]) => {
    const response = await fetch(`${portal.url}/api/admin/faults`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${SEED_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ active }),
    });
    expect(response.status).toBe(200);
  };
  const a = await location('e2e-a', portal.url);
  const b = await location('e2e-b', portal.url, { PROBE_CONFIRM_RUNS: '1' });
  const probes: Probe[] = [];
  const accepted = (where: Location) => [where.pagerduty.accepted().length, where.slack.accepted().length, where.webhook.accepted().length];
  try {
    const p1 = startProbe(a, ['--every', EVERY, ...FLOWS_UNDER_TEST]);
    probes.push(p1);

    await test.step('healthy runs send nothing', async () => {
      await until('the first run', async () => ((await history(a)).length >= 1 ? true : undefined), 4 * 60_000, p1);
      expect((await history(a))[0]).toMatchObject({ verdict: 'passed', location: 'e2e-a', actions: [] });
      expect([...a.pagerduty.received, ...a.slack.received, ...a.webhook.received]).toEqual([]);
    });

    const faultOn = Date.now();
    let detectMs = 0;

    await test.step('a fault switched on at run time: after the confirmation runs, one trigger per channel', async () => {
      // The trigger meets a PagerDuty hiccup (500) and a Slack rate limit (429, Retry-After 1 s): both must still arrive once.
      a.pagerduty.script({ status: 500, body: '{"status":"error","message":"internal"}' });
      a.slack.script({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' });
      await setFaults(['login-broken']);
      await until('the PagerDuty trigger', () => (a.pagerduty.accepted().length ? true : undefined), 6 * 60_000, p1);
      detectMs = a.pagerduty.accepted()[0]!.at - faultOn;
      await until(
        'the trigger run to be recorded',
        async () => ((await history(a)).at(-1)?.actions.some((action) => action.type === 'triggered') ? true : undefined),
        60_000,
        p1,
      );
      const lines = await history(a);
      const failedRuns = lines.filter((line) => line.verdict === 'failed');
      expect(failedRuns.map((line) => line.actions.some((action) => action.type === 'triggered'))).toEqual([false, true]);
      expect(accepted(a)).toEqual([1, 1, 1]);
      expect(a.pagerduty.received.map((entry) => entry.status)).toEqual([500, 202]);
      expect(a.slack.received.map((entry) => entry.status)).toEqual([429, 200]);

      const trigger = pagerDutyEventSchema.parse(a.pagerduty.accepted()[0]!.json);
      if (trigger.event_action !== 'trigger') throw new Error('expected a trigger');
      expect(trigger.dedup_key).toBe(`firewatch:${new URL(portal.url).host}:member-login`);
      expect(trigger.payload).toMatchObject({ severity: 'critical', component: 'member-login', group: 'Member login', class: 'http-5xx' });
      expect(trigger.payload.summary).toMatch(
        /^\[SEV-1\] Member login is down: server error 500 on POST \/anmelden at “.+” \(127\.0\.0\.1:\d+\)$/,
      );
      expect(trigger.payload.custom_details).toMatchObject({
        'also affected': ['Diesel ordering (diesel-order): fails because member-login fails'],
        location: 'e2e-a',
        // The bundled portal says its version in /healthz, down or not.
        'deployed version': expect.any(String),
      });
      const slack = slackMessageSchema.parse(a.slack.accepted()[0]!.json);
      expect(slack.blocks?.[0]).toMatchObject({ type: 'header', text: { text: '🔴 SEV-1 Member login is down' } });
      expect(JSON.stringify(slack)).toContain('diesel-order');
      const hook = a.webhook.accepted()[0]!;
      expect(hook.json).toMatchObject({
        type: 'incident.trigger',
        dedupKey: trigger.dedup_key,
        incident: { rootCauses: [{ flowId: 'member-login', affected: ['diesel-order'] }] },
      });
      expect(hook.headers['x-firewatch-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
      // A dependent's failure sends nothing of its own: it is recorded as suppressed.
      expect(failedRuns[1]!.actions).toContainEqual(expect.objectContaining({ type: 'suppressed-dependent', flowId: 'diesel-order' }));
      // Exactly as received, routing key included: kept outside reports/, which must hold no secret.
      await writeFile(
        CAPTURED,
        `${JSON.stringify({ detectMs, every: Number(EVERY), confirmRuns: 2, pagerduty: a.pagerduty.accepted()[0]!.json, slack: a.slack.accepted()[0]!.json }, null, 2)}\n`,
      );
      test.info().annotations.push({
        type: 'detect time',
        description: `fault on → PagerDuty trigger: ${(detectMs / 1000).toFixed(1)} s (--every ${EVERY}, PROBE_CONFIRM_RUNS=2); payloads in ${CAPTURED}`,
      });
    });

    await test.step('a run killed mid-way leaves a state file the next run reads', async () => {
      const recorded = (await history(a)).length;
      await until(
        'the next run to be under way',
        async () => ((await runInProgress(a)) && (await history(a)).length === recorded ? true : undefined),
        60_000,
        p1,
      );
      // Let the suite get into its run, then kill the probe outright.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      p1.child.kill('SIGKILL');
      await p1.exited;
      const state = await readState(reportPaths(a.reportsDir).probe.state, () => undefined);
      expect(state?.flows['member-login']).toMatchObject({ state: 'open', consecutiveFailures: 2 });
    });

    await test.step('a suite error sends one low-urgency notice under its own key (second location)', async () => {
      const b1 = startProbe(b, ['--project=no-such-project']);
      probes.push(b1);
      expect(await b1.exited, b1.output().slice(-2000)).toBe(2);
      const notice = pagerDutyEventSchema.parse(b.pagerduty.accepted()[0]!.json);
      if (notice.event_action !== 'trigger') throw new Error('expected a trigger');
      expect(notice.payload.severity).toBe('warning');
      expect(notice.dedup_key).toContain(':probe-broken:e2e-b');
      const slack = slackMessageSchema.parse(b.slack.accepted()[0]!.json);
      expect(slack.blocks).toBeUndefined();
      expect(slack.text).toContain('The firewatch probe at e2e-b cannot check');
    });

    await test.step('two probe locations against one target produce one PagerDuty dedup_key; the notice resolves when the probe runs again', async () => {
      const b2 = startProbe(b, FLOWS_UNDER_TEST);
      probes.push(b2);
      expect(await b2.exited, b2.output().slice(-3000)).toBe(1);
      const events = b.pagerduty.accepted().map((entry) => pagerDutyEventSchema.parse(entry.json));
      expect(events.map((event) => event.event_action)).toEqual(['trigger', 'resolve', 'trigger']);
      expect(events[1]!.dedup_key).toBe(events[0]!.dedup_key);
      const bTrigger = events[2]!;
      const aTrigger = pagerDutyEventSchema.parse(a.pagerduty.accepted()[0]!.json);
      expect(bTrigger.dedup_key).toBe(aTrigger.dedup_key);
      if (bTrigger.event_action !== 'trigger') throw new Error('expected a trigger');
      expect(bTrigger.payload.custom_details).toMatchObject({ location: 'e2e-b' });
    });

    const p2 = startProbe(a, ['--every', EVERY, ...FLOWS_UNDER_TEST]);
    probes.push(p2);

    await test.step('runs never overlap: a second probe on the same reports waits its turn', async () => {
      await until(
        'the restarted probe to hold the lock',
        async () => {
          const lock = await readFile(reportPaths(a.reportsDir).probe.lock, 'utf8').catch(() => '');
          return lock.includes(`"pid":${p2.child.pid}`) ? true : undefined;
        },
        4 * 60_000,
        p2,
      );
      const overlapping = startProbe(a, FLOWS_UNDER_TEST);
      probes.push(overlapping);
      expect(await overlapping.exited).toBe(2);
      expect(overlapping.output()).toContain('Another probe run');
    });

    await test.step('more failing runs send nothing new', async () => {
      const before = (await history(a)).length;
      const line = await until('the restarted probe’s first run', async () => (await history(a))[before], 5 * 60_000, p2);
      expect(line).toMatchObject({ verdict: 'failed' });
      // The killed run's lease was taken over (its pid is dead), and the history says so.
      expect(line.actions.map((action) => action.type)).toEqual(['lease-taken-over', 'suppressed-dependent']);
      expect(line.actions[0]?.detail).toMatch(/was taken over: its process \(pid \d+\) is no longer running/);
      expect(accepted(a)).toEqual([1, 1, 1]);
    });

    await test.step('fault off: one resolve on each channel with the same dedup_key; SIGTERM finishes and records the run', async () => {
      await setFaults([]);
      const faultOff = new Date().toISOString();
      const recorded = (await history(a)).length;
      // Stop once a run that started after the fault went off is under way: SIGTERM must let it finish and be recorded.
      await until(
        'a run started after the fault went off',
        async () => {
          const running = await runInProgress(a);
          return running && running.startedAt >= faultOff ? true : undefined;
        },
        3 * 60_000,
        p2,
      );
      const linesAtSignal = (await history(a)).length;
      p2.child.kill('SIGTERM');
      expect(await p2.exited, p2.output().slice(-3000)).toBe(0);
      const lines = await history(a);
      expect(lines, 'the run under way when SIGTERM came was finished and recorded').toHaveLength(linesAtSignal + 1);
      expect(lines.at(-1)).toMatchObject({ verdict: 'passed' });
      // The resolve came from the first healthy run: the one under way at the switch, or the one stopped by SIGTERM.
      const resolves = lines
        .slice(recorded)
        .flatMap((line) => line.actions)
        .filter((action) => action.type === 'resolved');
      expect(resolves).toEqual([expect.objectContaining({ flowId: 'member-login' })]);
      expect(accepted(a)).toEqual([2, 2, 2]);
      const [trigger, resolve] = a.pagerduty.accepted().map((entry) => pagerDutyEventSchema.parse(entry.json));
      expect(resolve).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: trigger!.dedup_key });
      expect(slackMessageSchema.parse(a.slack.accepted()[1]!.json).text).toMatch(/Resolved: Member login .* after \d/);
      expect(a.webhook.accepted()[1]!.json).toMatchObject({ type: 'incident.resolve', dedupKey: trigger!.dedup_key });
      expect(p2.output()).toContain('SIGTERM: finishing and recording the current run');
    });

    await test.step('no synthetic order stays open, and no secret is in any file under reports/', async () => {
      const portalApi = new SeedClient(portal.url, SEED_TOKEN);
      const probe = await probeMember(portal.url, SEED_TOKEN, PROBE);
      const orders = await portalApi.listOrders(probe.id);
      expect(orders.length, 'healthy runs placed synthetic orders').toBeGreaterThan(0);
      expect(orders.filter((order) => order.status === 'open')).toEqual([]);
      const secrets = [
        PROBE.password,
        SEED_TOKEN,
        ROUTING_KEY,
        WEBHOOK_SECRET,
        a.env.SLACK_WEBHOOK_URL!,
        a.env.WEBHOOK_URL!,
        b.env.SLACK_WEBHOOK_URL!,
        b.env.WEBHOOK_URL!,
      ];
      for (const secret of secrets) expect(await findSecret(E2E_DIR, secret), `files holding ${secret.slice(0, 4)}…`).toEqual([]);
    });
  } finally {
    for (const probe of probes) if (probe.child.exitCode === null) probe.child.kill('SIGKILL');
    await Promise.all([a, b].flatMap((where) => [where.pagerduty.close(), where.slack.close(), where.webhook.close()]));
    await portal.stop();
  }
});
