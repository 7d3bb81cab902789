import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { incidentId, reportPaths } from '../../contract';
import { FLOWS } from '../../flows';
import type { Alert } from '../../probe/lifecycle';
import { ProbeMetrics, startMetricsServer } from '../../probe/metrics';
import { pagerDutyBody } from '../../probe/notify/pagerduty';
import { slackMessage } from '../../probe/notify/slack';
import { screenshotFileName, type AlertContext } from '../../probe/notify/text';
import { webhookBody } from '../../probe/notify/webhook';
import { onCallNight, TARGET } from '../support/alert-scenario';

const RUNBOOKS = new Set(FLOWS.map((flow) => flow.runbook));
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
);

/** Every body each channel would get for each alert of the night (PagerDuty takes no notices). */
function bodies(context: AlertContext): { name: string; json: string }[] {
  return Object.entries(onCallNight()).flatMap(([name, alert]: [string, Alert]) => [
    { name: `slack ${name}`, json: JSON.stringify(slackMessage(alert, context)) },
    { name: `webhook ${name}`, json: JSON.stringify(webhookBody(alert, context)) },
    ...(alert.kind === 'notice' ? [] : [{ name: `pagerduty ${name}`, json: JSON.stringify(pagerDutyBody(alert, context)) }]),
  ]);
}

/** Everything in a body that is a link: URLs of any scheme, as Slack, PagerDuty and a webhook receiver would take them. */
const linksIn = (json: string) => [...json.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"<>|\\)]+/gi)].map((match) => match[0]);

/** A link a responder can open that is not a report: the flow's runbook, or the target itself (named in the incident). */
const elsewhere = (url: string) => RUNBOOKS.has(url) || url.startsWith(`${TARGET}`);

test('with REPORT_BASE_URL every report link is under it; without it no alert links anywhere that cannot open', () => {
  const base = 'https://ops.elbtal-agrar.de/firewatch/';
  for (const { name, json } of bodies({ timeZone: 'Europe/Berlin', reportBaseUrl: base })) {
    for (const url of linksIn(json)) expect(url.startsWith(base) || elsewhere(url), `${name}: ${url}`).toBe(true);
    expect(json, `${name}: no local path`).not.toMatch(/file:|test-results\/|html\/index\.html|\/tmp\/|\/srv\//);
  }
  const linked = bodies({ timeZone: 'Europe/Berlin', reportBaseUrl: base }).flatMap(({ json }) => linksIn(json));
  const folder = `${base}probe/incidents/${incidentId('member-login', '2026-11-23T10:09:00.000Z')}/`;
  expect(linked).toContain(`${folder}INCIDENT.md`);
  expect(linked).toContain(`${folder}member-login-critical-retry1-test-failed-1.png`);
  expect(linked).toContain(`${base}probe/status.html`);

  for (const { name, json } of bodies({ timeZone: 'Europe/Berlin' })) {
    for (const url of linksIn(json)) expect(elsewhere(url), `${name}: ${url}`).toBe(true);
    expect(json, `${name}: no local path`).not.toMatch(/file:|test-results\/|html\/index\.html|\/tmp\/|\/srv\//);
    expect(json, `${name}: no link to a report`).not.toMatch(/INCIDENT\.md|status\.html|\.png/);
  }
});

/** A reports folder as a probe leaves it: incident folders and pages beside state, spool, lock and history. */
async function reportsFolder(): Promise<{ reportsDir: string; secretFile: string }> {
  const reportsDir = test.info().outputPath('reports');
  const paths = reportPaths(reportsDir);
  const night = onCallNight();
  for (const alert of [night.trigger, night.dependentTrigger]) {
    if (alert.kind !== 'trigger') throw new Error('expected a trigger');
    const folder = path.join(paths.probe.incidents, alert.incidentId ?? incidentId(alert.details.flowId, alert.details.failingSince));
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'INCIDENT.md'), `# ${alert.details.capability} ${alert.details.state}\n`);
    await writeFile(path.join(folder, 'incident.json'), '{"schemaVersion":2}\n');
    // As probe/incidents/record.ts copies them: every screenshot of the incident, beside INCIDENT.md.
    const shots = alert.incident?.flows.flatMap((flow) => flow.tests.flatMap((entry) => entry.screenshots)) ?? [];
    for (const shot of shots) await writeFile(path.join(folder, screenshotFileName(shot)), PNG);
  }
  await writeFile(paths.probe.status, '<!doctype html><title>status</title>');
  await writeFile(paths.probe.membersStatus, '<!doctype html><title>Status</title>');
  await writeFile(paths.probe.state, '{"v":1}');
  await writeFile(paths.probe.history, '{}\n');
  await writeFile(paths.probe.lock, '{"owner":"x"}');
  await mkdir(paths.probe.spool, { recursive: true });
  await writeFile(path.join(paths.probe.spool, 'item.json'), '{}');
  const secretFile = test.info().outputPath('outside-secret.md');
  await writeFile(secretFile, 'PROBE_PASSWORD=hunter2');
  const escape = path.join(paths.probe.incidents, 'escape-20261123T095900Z');
  await mkdir(escape, { recursive: true });
  await symlink(secretFile, path.join(escape, 'INCIDENT.md'));
  await symlink(path.dirname(paths.probe.incidents), path.join(paths.probe.incidents, 'up-20261123T095900Z'));
  return { reportsDir, secretFile };
}

/** A raw GET (fetch would normalise `..` and encoded dots away before the server sees them). */
function rawGet(base: string, target: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path: target, method }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          type: String(response.headers['content-type']),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

test('the probe server answers 200 for every link an alert carries, with its content type, and 404 for everything else', async () => {
  const { reportsDir } = await reportsFolder();
  const server = await startMetricsServer(new ProbeMetrics(), 0, '127.0.0.1', { reportsDir });
  try {
    // A team without a static host: REPORT_BASE_URL is the probe itself.
    const context: AlertContext = { timeZone: 'Europe/Berlin', reportBaseUrl: server.baseUrl };
    const links = [
      ...new Set(
        bodies(context)
          .flatMap(({ json }) => linksIn(json))
          .filter((url) => url.startsWith(server.baseUrl)),
      ),
    ];
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const url of links) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      const type = response.headers.get('content-type');
      if (url.endsWith('.md')) expect(type, url).toBe('text/plain; charset=utf-8');
      if (url.endsWith('.png')) expect(type, url).toBe('image/png');
      if (url.endsWith('.html')) expect(type, url).toBe('text/html; charset=utf-8');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const folder = `probe/incidents/${incidentId('diesel-order', '2026-11-23T09:59:00.000Z')}`;
    expect((await rawGet(server.baseUrl, `/${folder}/incident.json`)).type).toBe('application/json; charset=utf-8');
    expect((await rawGet(server.baseUrl, `/${folder}/`)).body).toContain('# Diesel ordering is down');
    for (const page of ['/status.html', '/members.html', '/probe/members.html'])
      expect((await rawGet(server.baseUrl, page)).status, page).toBe(200);
    expect((await rawGet(server.baseUrl, '/metrics')).status).toBe(200);
    const head = await rawGet(server.baseUrl, `/${folder}/INCIDENT.md`, 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);

    for (const attempt of [
      `/${folder}/../../state.json`,
      `/${folder}/%2e%2e/%2e%2e/state.json`,
      `/${folder}/%2E%2E%2F%2E%2E%2Fstate.json`,
      `/${folder}/..%2f..%2fhistory.jsonl`,
      '/probe/incidents/%2e%2e/state.json',
      '/probe/incidents/..%5c..%5cstate.json',
      '/probe/state.json',
      '/probe/history.jsonl',
      '/probe/probe.lock',
      '/probe/spool/item.json',
      '/probe/incidents.jsonl',
      '/probe/metrics.prom',
      '/summary.json',
      '/etc/passwd',
      '//etc/passwd',
      `/probe/incidents/${encodeURIComponent(path.resolve(reportsDir, 'probe', 'state.json'))}`,
      '/probe/incidents/escape-20261123T095900Z/INCIDENT.md',
      '/probe/incidents/up-20261123T095900Z/state.json',
      '/probe/incidents/up-20261123T095900Z/incidents/escape-20261123T095900Z/INCIDENT.md',
      `/${folder}/.hidden.md`,
      `/${folder}/trace.zip`,
      `/${folder}`,
      '/probe/incidents/',
      '/',
    ]) {
      const response = await rawGet(server.baseUrl, attempt);
      expect(response.status, attempt).toBe(404);
      expect(response.body, attempt).not.toMatch(/hunter2|"v":1|owner/);
    }
    for (const method of ['POST', 'PUT', 'DELETE'])
      expect((await rawGet(server.baseUrl, `/${folder}/INCIDENT.md`, method)).status, method).toBe(405);
  } finally {
    await server.close();
  }
});
