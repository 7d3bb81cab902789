import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Alert } from '../../probe/lifecycle';
import { deliverDirect, deliverSpool, enqueueAlerts, type Receivers } from '../../probe/notify/deliver';
import { slackMessageSchema } from '../../probe/notify/slack';
import { PAGERDUTY_ACCEPTED, startReceiver } from '../support/receiver';

const ROUTING_KEY = 'R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y32';
const CONTEXT = { timeZone: 'Europe/Berlin', ciRunUrl: 'https://ci.example.org/runs/1' };
const base = { target: 'https://portal.elbtal-agrar.de', location: 'fra-1', at: '2026-11-23T10:00:00.000Z', runId: 'run-1', commit: null };

async function receivers() {
  const pagerduty = await startReceiver(PAGERDUTY_ACCEPTED);
  const slack = await startReceiver();
  const webhook = await startReceiver();
  const configured: Receivers = {
    pagerduty: { url: `${pagerduty.url}/v2/enqueue`, routingKey: ROUTING_KEY },
    slack: { url: `${slack.url}/services/T0/B0/x` },
    webhook: { url: `${webhook.url}/hook` },
  };
  const close = () => Promise.all([pagerduty.close(), slack.close(), webhook.close()]);
  return { pagerduty, slack, webhook, configured, close };
}

test('a damaged spool item is not sent, says what could be read of it, and is kept aside', async () => {
  const spool = path.join(await mkdtemp(path.join(tmpdir(), 'firewatch-spool-')), 'spool');
  await mkdir(spool, { recursive: true });
  // A trigger cut short by a crash while it was written.
  await writeFile(
    path.join(spool, '000001763892000000-000000-pagerduty-abc123.json'),
    '{ "v": 1, "id": "abc123", "channel": "pagerduty", "kind": "trigger", "dedupKey": "firewatch:portal.elbtal-agrar.de:member-login", "flowId": "member-lo',
  );
  const { configured, pagerduty, close } = await receivers();
  try {
    const lines: string[] = [];
    const actions = await deliverSpool(spool, configured, { log: (line) => lines.push(line), secrets: [ROUTING_KEY] });
    expect(pagerduty.received, 'half an event is never sent').toEqual([]);
    expect(actions).toEqual([
      expect.objectContaining({
        type: 'delivery-failed',
        detail: expect.stringContaining('what could be read: trigger firewatch:portal.elbtal-agrar.de:member-login'),
      }),
    ]);
    expect(await readdir(path.join(spool, 'rejected'))).toEqual(['000001763892000000-000000-pagerduty-abc123.json']);
  } finally {
    await close();
  }
});

test('alerts sent without a spool reach every channel; a notice goes to Slack and the webhook, never to PagerDuty', async () => {
  const { configured, pagerduty, slack, webhook, close } = await receivers();
  try {
    const broken: Alert = {
      kind: 'probe-broken',
      id: 'b1',
      dedupKey: 'firewatch:x:probe-broken:fra-1',
      message: 'suite error',
      since: base.at,
      ...base,
    };
    const notice: Alert = {
      kind: 'notice',
      id: 'n1',
      dedupKey: 'firewatch:x:probe-broken:fra-1',
      message: 'The spool cannot be written <!channel>',
      ...base,
    };
    const actions = await deliverDirect([broken, notice], configured, CONTEXT, { log: () => undefined, secrets: [ROUTING_KEY] });
    expect(actions, 'everything was delivered').toEqual([]);
    expect(pagerduty.accepted()).toHaveLength(1);
    expect(webhook.accepted().map((request) => (request.json as { type: string }).type)).toEqual(['probe.broken', 'probe.notice']);
    const texts = slack.accepted().map((request) => slackMessageSchema.parse(request.json).text);
    expect(texts[1]).toContain('The spool cannot be written &lt;!channel&gt;');
  } finally {
    await close();
  }
});

test('a trigger decided again after a crash (state never written, so a new id) is not spooled or sent twice; a new outage after a resolve is', async () => {
  const spool = path.join(await mkdtemp(path.join(tmpdir(), 'firewatch-spool-')), 'spool');
  const { configured, pagerduty, close } = await receivers();
  const trigger = (id: string): Alert => ({
    kind: 'probe-broken',
    id,
    dedupKey: 'firewatch:portal.elbtal-agrar.de:probe-broken:fra-1',
    message: 'suite error',
    since: base.at,
    ...base,
  });
  const resolved: Alert = {
    kind: 'probe-broken-resolved',
    id: 'r1',
    dedupKey: trigger('x').dedupKey,
    since: base.at,
    durationMs: 1000,
    ...base,
  };
  try {
    // The first run spooled its trigger and crashed before its state was written and before delivery.
    await enqueueAlerts(spool, [trigger('first-decision')], configured, CONTEXT, [ROUTING_KEY]);
    // The replay decides the same event again, at another time: another id.
    await enqueueAlerts(spool, [trigger('replayed-decision')], configured, CONTEXT, [ROUTING_KEY]);
    await deliverSpool(spool, configured, { log: () => undefined, secrets: [ROUTING_KEY] });
    expect(pagerduty.accepted(), 'one trigger reaches PagerDuty').toHaveLength(1);

    // Undelivered: a resolve, then a new outage of the same kind. Both are sent, in order.
    pagerduty.script(
      { status: 503, body: 'down' },
      { status: 503, body: 'down' },
      { status: 503, body: 'down' },
      { status: 503, body: 'down' },
    );
    await enqueueAlerts(spool, [resolved], configured, CONTEXT, [ROUTING_KEY]);
    await deliverSpool(spool, configured, { log: () => undefined, secrets: [ROUTING_KEY], backoffBaseMs: 1, retries: 3 });
    await enqueueAlerts(spool, [trigger('next-outage')], configured, CONTEXT, [ROUTING_KEY]);
    await deliverSpool(spool, configured, { log: () => undefined, secrets: [ROUTING_KEY], backoffBaseMs: 1 });
    const actions = pagerduty.accepted().map((request) => (request.json as { event_action: string }).event_action);
    expect(actions).toEqual(['trigger', 'resolve', 'trigger']);
  } finally {
    await close();
  }
});
