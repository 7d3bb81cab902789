import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Alert } from '../../probe/lifecycle';
import { deliverSpool, enqueueAlerts, type DeliveryOptions, type Receivers } from '../../probe/notify/deliver';
import { pagerDutyEventSchema } from '../../probe/notify/pagerduty';
import { slackMessageSchema } from '../../probe/notify/slack';
import { rejectedDir } from '../../probe/notify/spool';
import { PAGERDUTY_ACCEPTED, startReceiver, type Receiver } from '../support/receiver';

const ROUTING_KEY = 'R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y32';
const WEBHOOK_SECRET = 'webhook-signing-secret-0123456789';
const CONTEXT = { timeZone: 'Europe/Berlin', reportBaseUrl: 'https://ops.elbtal-agrar.de/firewatch/' };

const base = {
  target: 'https://portal.elbtal-agrar.de',
  location: 'fra-1',
  at: '2026-11-23T10:00:00.000Z',
  runId: 'run-1',
  commit: 'abc1234',
};
const trigger: Alert = {
  kind: 'trigger',
  id: 'trigger0001',
  dedupKey: 'firewatch:portal.elbtal-agrar.de:member-login',
  reason: 'failed 2 consecutive run(s)',
  incident: null,
  ...base,
  details: {
    flowId: 'member-login',
    title: 'Members can sign in and reach member services',
    capability: 'Member login',
    impact: 'Members cannot sign in.',
    owner: 'Portal team',
    runbook: 'https://runbooks.elbtal-agrar.de/portal/member-login',
    statusMessage: 'Members currently cannot sign in.',
    severity: 'SEV-1',
    effect: 'down',
    state: 'is down',
    brokenPromise: null,
    errorClass: 'http-5xx',
    failingStep: 'Sign in',
    error: `Error: server answered 500 <${'x'.repeat(4000)}>`,
    failure: `server error 500 on POST /anmelden ${'y'.repeat(1100)} at “Sign in”`,
    attempts: 2,
    affected: ['member-services', 'diesel-order'],
    failingSince: '2026-11-23T09:59:00.000Z',
    incidentTitle: null,
    screenshots: ['test-results/public-member-login-critical-retry1/test-failed-1.png'],
  },
};
const resolve: Alert = {
  kind: 'resolve',
  id: 'resolve0001',
  dedupKey: trigger.dedupKey,
  flowId: 'member-login',
  capability: 'Member login',
  title: 'Members can sign in',
  failingSince: '2026-11-23T09:59:00.000Z',
  openedAt: '2026-11-23T10:00:00.000Z',
  durationMs: 305_000,
  ...base,
};

async function setup() {
  const pagerduty = await startReceiver(PAGERDUTY_ACCEPTED);
  const slack = await startReceiver();
  const webhook = await startReceiver();
  const receivers: Receivers = {
    pagerduty: { url: `${pagerduty.url}/v2/enqueue`, routingKey: ROUTING_KEY },
    slack: { url: `${slack.url}/services/T000/B000/slacksecretpath` },
    webhook: { url: `${webhook.url}/hook`, secret: WEBHOOK_SECRET },
  };
  const spool = path.join(await mkdtemp(path.join(tmpdir(), 'firewatch-spool-')), 'spool');
  const log: string[] = [];
  // Short backoff keeps the test quick; the timing rules are the same.
  const options: DeliveryOptions = {
    log: (line) => log.push(line),
    secrets: [ROUTING_KEY, receivers.slack!.url, receivers.webhook!.url, WEBHOOK_SECRET],
    backoffBaseMs: 50,
    retries: 3,
    timeoutMs: 2_000,
  };
  const send = async (alerts: Alert[]) =>
    deliverSpool(spool, receivers, options, await enqueueAlerts(spool, alerts, receivers, CONTEXT, options.secrets));
  const close = () => Promise.all([pagerduty, slack, webhook].map((receiver: Receiver) => receiver.close()));
  return { pagerduty, slack, webhook, receivers, spool, log, options, send, close };
}

test('each channel gets one valid message; payloads follow PagerDuty Events v2 and Block Kit limits; the webhook is signed', async () => {
  const s = await setup();
  try {
    expect(await s.send([trigger, resolve])).toEqual([]);
    const [pdTrigger, pdResolve] = s.pagerduty.received;
    expect(s.pagerduty.received).toHaveLength(2);
    const event = pagerDutyEventSchema.parse(pdTrigger!.json);
    expect(event).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger', dedup_key: trigger.dedupKey });
    if (event.event_action !== 'trigger') throw new Error('expected a trigger');
    expect(event.payload).toMatchObject({
      severity: 'critical',
      source: base.target,
      component: 'member-login',
      group: 'Member login',
      class: 'http-5xx',
    });
    expect(event.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(event.payload.summary).toMatch(
      /^\[SEV-1\] Member login is down: server error 500 on POST \/anmelden y+… at “Sign in” \(portal\.elbtal-agrar\.de\)$/,
    );
    expect(event.payload.custom_details).toMatchObject({
      'what failed': expect.stringMatching(/^server error 500 on POST \/anmelden y+ at “Sign in”$/),
      error: expect.stringMatching(/^server answered 500 <x+…$/),
      'failing since': '23 Nov, 10:59 CET',
      'also affected': [
        'Member services (member-services): fails because member-login fails',
        'Diesel ordering (diesel-order): fails because member-login fails',
      ],
      location: 'fra-1',
    });
    expect(Object.keys(event.payload.custom_details ?? {}), 'no noise a responder skips').not.toEqual(expect.arrayContaining(['attempts']));
    const folder = 'https://ops.elbtal-agrar.de/firewatch/probe/incidents/member-login-20261123T095900Z/';
    expect(event.links).toEqual([
      { href: 'https://runbooks.elbtal-agrar.de/portal/member-login', text: 'Runbook: Member login' },
      { href: `${folder}INCIDENT.md`, text: 'Incident report' },
      { href: 'https://ops.elbtal-agrar.de/firewatch/probe/status.html', text: 'Status page' },
    ]);
    expect(event.images).toEqual([
      {
        src: `${folder}public-member-login-critical-retry1-test-failed-1.png`,
        href: `${folder}public-member-login-critical-retry1-test-failed-1.png`,
        alt: 'Screenshot: Member login is down',
      },
    ]);
    expect(event.client_url).toBe(`${folder}INCIDENT.md`);
    expect(pagerDutyEventSchema.parse(pdResolve!.json)).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: trigger.dedupKey,
    });

    const [slackTrigger, slackResolve] = s.slack.received.map((entry) => slackMessageSchema.parse(entry.json));
    expect(slackTrigger!.blocks![0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔴 SEV-1 Member login is down' } });
    const slackText = JSON.stringify(slackTrigger);
    for (const part of ['Sign in', 'member-services', 'Runbook', 'Incident report', 'Members currently cannot sign in.'])
      expect(slackText).toContain(part);
    expect(slackResolve!.text).toContain('works again on portal.elbtal-agrar.de after 5 min');

    const [hookTrigger, hookResolve] = s.webhook.received;
    expect(hookTrigger!.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(hookTrigger!.raw).digest('hex')}`;
    expect(hookTrigger!.headers['x-firewatch-signature-256']).toBe(expected);
    expect(hookTrigger!.json).toMatchObject({ type: 'incident.trigger', dedupKey: trigger.dedupKey, flowId: 'member-login' });
    expect(hookResolve!.json).toMatchObject({ type: 'incident.resolve', durationMs: 305_000 });
    expect(await readdir(s.spool)).toEqual([]);
  } finally {
    await s.close();
  }
});

test('a 500, then a 429 with Retry-After, are retried within the run and the receiver accepts the alert exactly once', async () => {
  const s = await setup();
  try {
    s.pagerduty.script({ status: 500, body: 'upstream hiccup' });
    s.slack.script({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' });
    await s.send([trigger]);
    expect(s.pagerduty.received.map((entry) => entry.status)).toEqual([500, 202]);
    expect(s.pagerduty.accepted()).toHaveLength(1);
    expect(s.slack.received.map((entry) => entry.status)).toEqual([429, 200]);
    const [first, second] = s.slack.received;
    expect(second!.at - first!.at, 'Retry-After: 1 honoured').toBeGreaterThanOrEqual(950);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(s.log.join('\n')).toContain('attempt 1 failed (receiver answered 500)');
  } finally {
    await s.close();
  }
});

test('another 4xx is not retried: it is logged with the receiver’s answer and kept aside, the others still deliver', async () => {
  const s = await setup();
  try {
    s.pagerduty.script({ status: 400, body: '{"status":"invalid event","message":"Event object is invalid"}' });
    const actions = await s.send([trigger]);
    expect(s.pagerduty.received).toHaveLength(1);
    expect(actions).toEqual([expect.objectContaining({ type: 'delivery-failed', channel: 'pagerduty' })]);
    expect(s.log.join('\n')).toContain('receiver answered 400: {"status":"invalid event","message":"Event object is invalid"}');
    expect(await readdir(rejectedDir(s.spool))).toHaveLength(1);
    expect(s.slack.accepted()).toHaveLength(1);
  } finally {
    await s.close();
  }
});

test('what cannot be delivered is spooled free of secrets and sent first, exactly once, on the next run, in order', async () => {
  const s = await setup();
  try {
    s.slack.script(...Array.from({ length: 4 }, () => ({ status: 503, body: 'down' })));
    const first = await s.send([trigger]);
    expect(first).toEqual([expect.objectContaining({ type: 'spooled', channel: 'slack' })]);
    expect(s.slack.accepted()).toHaveLength(0);
    expect(s.pagerduty.accepted()).toHaveLength(1);
    const files = await readdir(s.spool);
    expect(files).toHaveLength(1);
    const spooled = await readFile(path.join(s.spool, files[0]!), 'utf8');
    for (const secret of s.options.secrets) expect(spooled).not.toContain(secret);
    for (const line of s.log) for (const secret of s.options.secrets) expect(line).not.toContain(secret);

    // Next run: the receiver is back; the spooled trigger goes before this run's resolve.
    const second = await s.send([resolve]);
    expect(second).toEqual([expect.objectContaining({ type: 'delivered-from-spool', channel: 'slack', detail: 'trigger' })]);
    // The trigger waited a run in the spool: it says so first, then what broke.
    expect(s.slack.accepted().map((entry) => (entry.json as { text: string }).text)).toEqual([
      expect.stringMatching(
        /^⏱ Delivered .+ late; first attempt failed at .+ \(receiver answered 503: down\)\. 🔴 SEV-1 Member login is down/,
      ),
      expect.stringMatching(/^✅ Resolved/),
    ]);
    expect(s.pagerduty.accepted()).toHaveLength(2);
    // A third run sends nothing again.
    await s.send([]);
    expect(s.slack.accepted()).toHaveLength(2);
    expect(await readdir(s.spool)).toEqual([]);
  } finally {
    await s.close();
  }
});

test('an unreachable receiver is retried with backoff, then spooled; an alert spooled twice is sent once', async () => {
  const s = await setup();
  const closed = await startReceiver();
  const url = `${closed.url}/hook`;
  await closed.close();
  const receivers: Receivers = { webhook: { url } };
  const options = { ...s.options, secrets: [url] };
  try {
    const fresh = await enqueueAlerts(s.spool, [trigger], receivers, CONTEXT, options.secrets);
    // The same alert recomputed after a crash is not spooled again.
    expect((await enqueueAlerts(s.spool, [trigger], receivers, CONTEXT, options.secrets)).size).toBe(0);
    const actions = await deliverSpool(s.spool, receivers, options, fresh);
    expect(actions).toEqual([
      expect.objectContaining({ type: 'spooled', channel: 'webhook', detail: expect.stringContaining('network error') }),
    ]);
    expect(s.log.filter((line) => line.includes('retrying'))).toHaveLength(3);
    expect(s.log.join('\n')).not.toContain(url);
    expect(await readdir(s.spool)).toHaveLength(1);
  } finally {
    await s.close();
  }
});
