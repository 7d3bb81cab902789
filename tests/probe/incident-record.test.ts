import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { formatDuration, incidentFolder, reportPaths } from '../../contract';
import { readHistory } from '../../probe/history';
import { utcTime, zonedTime } from '../../probe/incidents/postmortem';
import { readEvents, readRegister } from '../../probe/incidents/register';
import { findSecret } from '../incident/scan';
import { processTest } from '../support/process-test';
import { ROOT, runTsx, startPortalInProcess } from '../support/processes';
import { startReceiver } from '../support/receiver';

const test = processTest;
const PROBE = { email: 'probe@elbtal-agrar.de', password: 'Incident-Record-Secret-2026' };
const SEED_TOKEN = 'incident-record-admin-token';
const WEBHOOK_SECRET = 'incident-record-webhook-signing-secret';
// One public check of the weather flow in one worker: the two weather faults fail it with two failure classes.
const WEATHER_ONLY = ['--grep', 'weather for a member region is fresh', '--workers=1'];

test("a real probe gives its incident a permanent home: folder, events, register, post-mortem on the resolve, the webhook, the review and the members' page", async () => {
  // Three probe runs of one check against a loopback portal, then the review.
  test.setTimeout(240_000);
  const dir = path.join(ROOT, 'reports', 'incident-record');
  await rm(dir, { recursive: true, force: true });
  const paths = reportPaths(dir);
  const portal = await startPortalInProcess({ seedToken: SEED_TOKEN, probeAccount: PROBE });
  const webhook = await startReceiver();
  const webhookUrl = `${webhook.url}/hooks/incident-record-secret-path`;
  const setFaults = async (active: string[]) => {
    const response = await fetch(`${portal.url}/api/admin/faults`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${SEED_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ active }),
    });
    expect(response.status).toBe(200);
  };
  const probe = () =>
    runTsx('probe/main.ts', WEATHER_ONLY, {
      BASE_URL: portal.url,
      TARGET_ENV: 'production',
      PROBE_EMAIL: PROBE.email,
      PROBE_PASSWORD: PROBE.password,
      PROBE_CONFIRM_RUNS: '1',
      PROBE_LOCATION: 'record-test',
      WEBHOOK_URL: webhookUrl,
      WEBHOOK_SECRET,
      TEAM_TIME_ZONE: 'Europe/Berlin',
      SEED_TOKEN: '',
      FIREWATCH_REPORTS_DIR: dir,
    });
  const hooks = () => webhook.accepted().map((entry) => entry.json as Record<string, unknown>);
  try {
    await test.step('the weather service answers 503: paged, and the incident has its folder as the trigger goes out', async () => {
      await setFaults(['weather-down']);
      const run = await probe();
      expect(run.exitCode, run.output.slice(-3000)).toBe(1);
      expect(hooks().map((hook) => hook.type)).toEqual(['incident.trigger']);
    });

    // What members may read: German, the capability in their words, never an internal name, step, class, place or URL.
    const internal = ['weather', 'record-test', portal.url, '127.0.0.1', 'http-5xx', 'stale-data', 'SEV-', 'probe', 'Weather'];
    const membersPage = async () => {
      const html = await readFile(paths.probe.membersStatus, 'utf8');
      for (const detail of internal) expect(html, `the members' page shows nothing internal: "${detail}"`).not.toContain(detail);
      return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
    };

    await test.step("the members' page shows the open disruption, without any internal detail", async () => {
      const text = await membersPage();
      expect(text).toContain('Zurzeit liegt eine Störung vor.');
      expect(text).toMatch(/Wetter: Ausfall .*andauernd/);
    });

    await test.step('the weather goes stale: the same incident, re-notified for the new failure class', async () => {
      await setFaults(['weather-stale']);
      const run = await probe();
      expect(run.exitCode, run.output.slice(-3000)).toBe(1);
      expect(hooks().map((hook) => hook.type)).toEqual(['incident.trigger', 'incident.trigger']);
    });

    await test.step('the fault goes: resolved, with the post-mortem', async () => {
      await setFaults([]);
      const run = await probe();
      expect(run.exitCode, run.output.slice(-3000)).toBe(0);
      expect(hooks().map((hook) => hook.type)).toEqual(['incident.trigger', 'incident.trigger', 'incident.resolve']);
    });

    await test.step("the members' page: the weather available again, the incident in its 90-day list with how long it lasted", async () => {
      const text = await membersPage();
      // This probe runs only the weather check: the other capabilities have no data, and say so.
      expect(text).toContain('Keine bekannte Störung.');
      expect(text).toContain('Wetter Verfügbar');
      expect(text).toMatch(/Störungen der letzten 90 Tage Wetter: Ausfall [^·]+ · Dauer \d+ Min\./);
    });

    const lines = await readHistory(paths.probe.history);
    expect(lines.map((line) => line.verdict)).toEqual(['failed', 'failed', 'passed']);
    const [first, second, healthy] = lines as [(typeof lines)[0], (typeof lines)[0], (typeof lines)[0]];
    const [entry, ...others] = await readRegister(paths.probe.register);
    if (!entry) throw new Error('no register line');
    const folder = incidentFolder(paths, entry.id);

    await test.step('the register line: one incident, with times from the history and both failure classes', async () => {
      expect(others).toEqual([]);
      expect(entry).toMatchObject({
        flowId: 'weather',
        target: portal.url,
        failureClasses: ['http-5xx', 'stale-data'],
        firstFailureAt: first.startedAt,
        confirmedAt: first.decidedAt,
        alertedAt: first.decidedAt,
        resolvedAt: healthy.decidedAt,
        lastFailureAt: second.startedAt,
        locations: ['record-test'],
        failedRuns: 2,
        renotifications: 1,
      });
      expect(entry.timeToDetectMs).toBe(Date.parse(first.decidedAt!) - Date.parse(first.startedAt));
      expect(entry.timeToResolveMs).toBe(Date.parse(healthy.decidedAt!) - Date.parse(first.decidedAt!));
      const state = JSON.parse(await readFile(paths.probe.state, 'utf8')) as { flows: Record<string, { incidentId?: string }> };
      expect(state.flows.weather?.incidentId).toBe(entry.id);
    });

    await test.step('the folder: the paging run’s evidence with its screenshots, the last failure, and every event in order', async () => {
      const files = await readdir(folder);
      expect(files).toEqual(expect.arrayContaining(['INCIDENT.md', 'incident.json', 'events.jsonl', 'POSTMORTEM.md', 'last-failure']));
      const shots = files.filter((name) => name.endsWith('.png'));
      expect(shots.length).toBeGreaterThan(0);
      const markdown = await readFile(path.join(folder, 'INCIDENT.md'), 'utf8');
      for (const shot of shots) expect(markdown).toContain(`](${shot})`);
      expect(markdown).not.toContain('](../test-results/');
      expect(JSON.parse(await readFile(path.join(folder, 'incident.json'), 'utf8'))).toMatchObject({ run: { runId: first.runId } });
      expect(JSON.parse(await readFile(path.join(folder, 'last-failure', 'incident.json'), 'utf8'))).toMatchObject({
        run: { runId: second.runId },
      });
      // The run's own report folder is gone with the healthy run; the incident keeps its copies.
      await expect(readFile(paths.incidentJson, 'utf8')).rejects.toThrow();

      const events = await readEvents(folder);
      expect(events.map((event) => `${event.type}${event.channel ? `:${event.channel}` : ''}`)).toEqual([
        'first-failure',
        'confirmed',
        'triggered',
        'delivered:webhook',
        'failed-run',
        'renotified',
        'delivered:webhook',
        'resolved',
        'delivered:webhook',
      ]);
      expect(events.every((event) => event.location === 'record-test')).toBe(true);
      expect(events.map((event) => event.runId)).toEqual(
        [first, first, first, first, second, second, second, healthy, healthy].map((line) => line.runId),
      );
    });

    const postmortem = await readFile(path.join(folder, 'POSTMORTEM.md'), 'utf8');

    await test.step('POSTMORTEM.md: the timeline is the history’s, the durations the register’s', () => {
      const row = (iso: string, what: string) => `| ${utcTime(iso)} | ${zonedTime(iso, 'Europe/Berlin')} | ${what}`;
      expect(postmortem).toContain(row(first.startedAt, 'First failed run at record-test'));
      expect(postmortem).toContain(row(first.decidedAt!, 'Paged'));
      expect(postmortem).toContain(row(second.startedAt, 'Failure changed at record-test: failure class http-5xx → stale-data'));
      expect(postmortem).toContain(row(second.decidedAt!, 'Re-notified'));
      expect(postmortem).toContain(row(healthy.decidedAt!, 'Resolved for members'));
      expect(postmortem).toContain(`Time to detect (first failed run → trigger): ${formatDuration(entry.timeToDetectMs!)}`);
      expect(postmortem).toContain(`Time to resolve (trigger → resolve): ${formatDuration(entry.timeToResolveMs!)}`);
      expect(postmortem).toContain('Failed probe runs: 2 (record-test: 2)');
      expect(postmortem).toMatch(/^- \[ \] \(open\) Test data: .*$/m);
      expect(postmortem).toContain('caught by **the probe**');
    });

    await test.step('the webhook got the resolve with the post-mortem: its Markdown and its follow-ups', () => {
      const resolve = hooks()[2]!;
      expect(resolve).toMatchObject({ type: 'incident.resolve', incidentId: entry.id });
      const sent = resolve.postmortem as { markdown: string; followUps: { state: string }[]; timeToResolveMs: number };
      expect(sent.markdown).toBe(postmortem);
      expect(sent.followUps.map((item) => item.state)).toEqual(['open', 'open', 'open', 'open']);
      expect(sent.timeToResolveMs).toBe(entry.timeToResolveMs);
    });

    await test.step('npm run review counts the incident and lists its open follow-ups; a wrong argument is one line and exit 2', async () => {
      const review = await runTsx('probe/review.ts', ['--days', '1'], { FIREWATCH_REPORTS_DIR: dir, TEAM_TIME_ZONE: 'Europe/Berlin' });
      expect(review.exitCode, review.output).toBe(0);
      expect(review.output).toContain(`1 incident(s) (${entry.id} resolved after`);
      const text = await readFile(paths.probe.review, 'utf8');
      expect(text).toContain(`[${entry.id}](incidents/${entry.id}/POSTMORTEM.md)`);
      expect(text.match(/^- \[ \] \(open\) /gm)).toHaveLength(4);
      const wrong = await runTsx('probe/review.ts', ['--days', 'soon'], { FIREWATCH_REPORTS_DIR: dir });
      expect(wrong.exitCode).toBe(2);
      expect(wrong.output.trim().split('\n')).toHaveLength(1);
      expect(wrong.output).toContain('Usage: npm run review');
    });

    await test.step('no secret in the incident record, the register, the review or anything else of the probe', async () => {
      const secrets = [PROBE.password, SEED_TOKEN, WEBHOOK_SECRET, webhookUrl];
      for (const secret of secrets) expect(await findSecret(paths.probe.dir, secret), secret).toEqual([]);
    });
  } finally {
    await webhook.close();
    await portal.stop();
  }
});
