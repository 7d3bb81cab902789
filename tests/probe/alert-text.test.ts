import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { expect, test } from '@playwright/test';
import type { Alert } from '../../probe/lifecycle';
import { alertContext } from '../../probe/notify/context';
import { spoolItemsFor, withLateNote } from '../../probe/notify/deliver';
import { pagerDutyBody, pagerDutyEventSchema } from '../../probe/notify/pagerduty';
import { slackMessage, slackMessageSchema, type SlackMessage } from '../../probe/notify/slack';
import { failureLine, type AlertContext } from '../../probe/notify/text';
import { webhookBody } from '../../probe/notify/webhook';
import { at, onCallNight } from '../support/alert-scenario';

const CONTEXT: AlertContext = { timeZone: 'Europe/Berlin', reportBaseUrl: 'https://ops.elbtal-agrar.de/firewatch/', version: '2.4.1' };
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const NOISE = /run\(s\)|Attempts|commit unknown|dedup |failure class\*|\bundefined\b|\bnull\b/i;

/** What a person sees of a Slack message: the notification text, then each block's text, one per line. */
function slackSeen(message: SlackMessage): string {
  const blocks = (message.blocks ?? []).map((block) => {
    if (block.type === 'header') return `# ${block.text.text}`;
    if (block.type === 'section') return [block.text?.text, ...(block.fields ?? []).map((field) => field.text)].filter(Boolean).join('\n');
    if (block.type === 'context') return block.elements.map((element) => element.text).join(' ');
    return '---';
  });
  return [`[notification] ${message.text}`, ...blocks].join('\n');
}

function pagerDutySeen(alert: Alert, context: AlertContext): string {
  const body = pagerDutyBody(alert, context);
  if (body.event_action !== 'trigger') return `(resolve ${body.dedup_key})`;
  const details = Object.entries(body.payload.custom_details ?? {}).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`);
  const links = [
    ...(body.links ?? []).map((link) => `  link ${link.text}: ${link.href}`),
    ...(body.images ?? []).map((image) => `  image ${image.src}`),
  ];
  return [`summary: ${body.payload.summary}`, ...details, ...links].join('\n');
}

test('each alert a responder gets says what broke once, when in the team’s zone, and what it is (new, update, late, all clear)', async () => {
  const night = onCallNight();
  const examples: string[] = [];
  for (const [name, alert] of Object.entries(night)) {
    const slack = slackMessageSchema.parse(slackMessage(alert, CONTEXT));
    examples.push(`===== ${name}: Slack\n${slackSeen(slack)}`);
    if (alert.kind !== 'notice') examples.push(`===== ${name}: PagerDuty\n${pagerDutySeen(alert, CONTEXT)}`);
    // Machine fields stay ISO (PagerDuty's timestamp, the webhook); nothing written for people carries one.
    expect(JSON.stringify(slack), name).not.toMatch(ISO);
    expect(JSON.stringify(slack), name).not.toMatch(NOISE);
    if (alert.kind !== 'notice') {
      const payload = { ...(pagerDutyBody(alert, CONTEXT) as { payload?: { timestamp?: string } }).payload, timestamp: 'machine field' };
      expect(JSON.stringify(payload), name).not.toMatch(ISO);
    }
  }
  await writeFile(test.info().outputPath('alert-examples.txt'), `${examples.join('\n\n')}\n`);
  await test.info().attach('alert examples', { path: test.info().outputPath('alert-examples.txt'), contentType: 'text/plain' });

  const { trigger, dependentTrigger, update, resolve, broken, recovered } = night;
  if (trigger.kind !== 'trigger' || dependentTrigger.kind !== 'trigger' || update.kind !== 'trigger') throw new Error('expected triggers');

  const first = slackMessage(trigger, CONTEXT);
  expect(first.text).toBe(
    '🔴 SEV-1 Diesel ordering is down on portal.elbtal-agrar.de: server error 500 on POST /diesel/bestellung at “Submit the diesel order”',
  );
  const seen = slackSeen(first);
  expect(seen).toContain('Failing since <!date^1795427940^{date_short_pretty} {time}|23 Nov 2026, 10:59 CET> (5 min)');
  expect(seen).toContain('version 2.4.1');
  // The failure stated once below the header: not again as a step field, a class field and an error block.
  expect(seen.split('\n').slice(1).join('\n').split(failureLine(trigger.details)).length - 1).toBe(1);
  expect(seen).not.toContain('```');

  const dependent = slackSeen(slackMessage(dependentTrigger, CONTEXT));
  expect(dependent).toContain('Diesel ordering (diesel-order): its own incident, open since 23 Nov, 10:59 CET');
  expect(dependent).not.toContain('fails because member-login fails');

  const changed = slackMessage(update, CONTEXT);
  expect(changed.text).toBe(
    '🟠 Update: SEV-1 Member login is down on portal.elbtal-agrar.de: failure class changed from http-5xx to slow-timeout',
  );
  expect(slackSeen(changed)).toContain('*Failing since* <!date^1795428540^{date_short_pretty} {time}|23 Nov 2026, 11:09 CET> (10 min)');
  const pdUpdate = pagerDutyEventSchema.parse({ ...pagerDutyBody(update, CONTEXT), routing_key: 'x'.repeat(32) });
  if (pdUpdate.event_action !== 'trigger') throw new Error('expected a trigger');
  expect(pdUpdate.payload.summary).toMatch(
    /^Update: \[SEV-1\] Member login is down: no answer within 10 s at “Open member services” \(portal\.elbtal-agrar\.de\) — failure class changed/,
  );
  expect(webhookBody(update, CONTEXT)).toMatchObject({ type: 'incident.trigger', update: true, openedAt: at(15), failingSince: at(10) });

  expect(slackMessage(resolve, CONTEXT).text).toBe('✅ Resolved: Member login works again on portal.elbtal-agrar.de after 37 min');
  expect(slackMessage(broken, CONTEXT).text).toMatch(
    /^⚠️ The firewatch probe at fra-1 cannot check portal\.elbtal-agrar\.de \(not a product incident, since 23 Nov, 11:24 CET\): /,
  );
  expect(slackMessage(recovered, CONTEXT).text).toBe(
    '✅ The firewatch probe at fra-1 checks portal.elbtal-agrar.de again (it could not for 5 min, since 23 Nov, 11:24 CET).',
  );
  // Without a version the line is left out, never "unknown".
  expect(slackSeen(slackMessage(trigger, { timeZone: 'Europe/Berlin' }))).not.toMatch(/version|unknown/);
});

test('times follow TEAM_TIME_ZONE', () => {
  const { trigger } = onCallNight();
  expect(slackMessage(trigger, { timeZone: 'America/New_York' }).blocks?.[1]).toMatchObject({
    text: { text: expect.stringContaining('|23 Nov 2026, 04:59 GMT-5>') },
  });
  expect(pagerDutyBody(trigger, { timeZone: 'UTC' })).toMatchObject({
    payload: { custom_details: { 'failing since': '23 Nov, 09:59 UTC' } },
  });
});

test('an alert sent from the spool after a failed attempt says how late it is, on every channel', () => {
  const { trigger } = onCallNight();
  const receivers = {
    pagerduty: { url: 'https://events.example', routingKey: 'k'.repeat(32) },
    slack: { url: 'https://slack.example' },
    webhook: { url: 'https://hook.example' },
  };
  const items = spoolItemsFor(trigger, receivers, CONTEXT, []);
  const firstFailedAt = at(6);
  const now = new Date(Date.parse(trigger.at) + 12 * 60_000);
  const late = (channel: string) => {
    const item = items.find((candidate) => candidate.channel === channel)!;
    return withLateNote(item.channel, { ...item, attempts: 2, firstFailedAt, firstError: 'receiver answered 503: upstream down' }, now);
  };
  const slack = slackMessageSchema.parse(late('slack'));
  expect(slack.text).toMatch(
    /^⏱ Delivered 12 min late; first attempt failed at 23 Nov, 11:05 CET \(receiver answered 503: upstream down\)\. 🔴 SEV-1 Diesel ordering is down/,
  );
  expect(slack.blocks?.[1]).toMatchObject({ type: 'context' });
  const pd = pagerDutyEventSchema.parse({ ...(late('pagerduty') as object), routing_key: 'k'.repeat(32) });
  if (pd.event_action !== 'trigger') throw new Error('expected a trigger');
  expect(pd.payload.summary).toMatch(/ \[delivered 12 min late\]$/);
  expect(pd.payload.timestamp, 'PagerDuty keeps when it happened').toBe(trigger.at);
  expect(late('webhook')).toMatchObject({ delivery: { late: true, delayMs: 12 * 60_000, firstFailedAt } });
  // Sent on its first attempt: no note.
  const fresh = items.find((item) => item.channel === 'slack')!;
  expect(withLateNote('slack', fresh, now)).toEqual(fresh.body);
});

test('the deployed version comes from /healthz (a down instance still says it), else DEPLOY_ID; nothing is fetched without a trigger', async () => {
  let requests = 0;
  let body = '{"status":"down","version":"2.4.1"}';
  const server = createServer((request, response) => {
    requests += 1;
    expect(request.headers['x-synthetic-probe']).toBe('firewatch');
    response.writeHead(request.url === '/healthz' ? 503 : 404, { 'content-type': 'application/json' }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const config = { baseURL: `http://127.0.0.1:${port}`, timeZone: 'Europe/Berlin', build: { deployId: 'deploy-77' } };
  const { trigger, resolve } = onCallNight();
  try {
    expect(await alertContext(config, [trigger])).toEqual({ timeZone: 'Europe/Berlin', version: '2.4.1' });
    body = '<html>Bad gateway</html>';
    expect(await alertContext(config, [trigger])).toMatchObject({ version: 'deploy-77' });
    expect(requests).toBe(2);
    expect(await alertContext(config, [resolve])).toEqual({ timeZone: 'Europe/Berlin' });
    expect(requests).toBe(2);
  } finally {
    server.close();
  }
});
