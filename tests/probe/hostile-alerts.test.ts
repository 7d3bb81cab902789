import { expect, test } from '@playwright/test';
import type { Summary } from '../../contract';
import { FLOWS } from '../../flows';
import { advanceLifecycle, MESSAGE_MAX, type Alert } from '../../probe/lifecycle';
import { pagerDutyBody } from '../../probe/notify/pagerduty';
import { slackMessage } from '../../probe/notify/slack';
import { HOSTILE_TEXT } from '../support/hostile-proxy';

const CONTEXT = { timeZone: 'Europe/Berlin', ciRunUrl: 'https://ci.example.org/runs/1' };
const TARGET = 'https://portal.elbtal-agrar.de';
// What a terminal acts on, and Slack's broadcasts and links written by the target.
// eslint-disable-next-line no-control-regex -- the test looks for the control characters the hostile target sent.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** A probe-broken notice whose suite error quotes a megabyte of hostile text from the target. */
function brokenAlert(): Alert {
  const summary = { runId: 'run-1', commit: null } as unknown as Summary;
  const result = advanceLifecycle({
    previous: undefined,
    outcome: { kind: 'suite-error', message: `The target answered: ${HOSTILE_TEXT}${'x'.repeat(1024 * 1024)}`, summary },
    registry: FLOWS,
    settings: { target: TARGET, location: 'fra-1', confirmRuns: 1, now: '2026-11-23T10:00:00.000Z' },
  });
  const [alert] = result.alerts;
  if (!alert) throw new Error('expected the probe-broken notice');
  return alert;
}

test('text from the target reaches Slack and PagerDuty escaped, printable and capped', () => {
  const alert = brokenAlert();
  if (alert.kind !== 'probe-broken') throw new Error('expected the probe-broken notice');
  expect(alert.message.length).toBeLessThanOrEqual(MESSAGE_MAX);
  expect(alert.message).not.toMatch(CONTROL);

  const slack = JSON.stringify(slackMessage(alert, CONTEXT));
  expect(slack, "no Slack broadcast or link of the target's survives").not.toMatch(/<!channel>|<https:\/\/evil/);
  expect(slack).toContain('&lt;!channel&gt;');
  expect(slack).not.toMatch(/\\u001b|\\u0007/);
  expect(slack.length).toBeLessThan(10_000);

  const pagerduty = JSON.stringify(pagerDutyBody(alert, CONTEXT));
  expect(pagerduty.length, "far inside PagerDuty's 512 KB").toBeLessThan(20_000);
  expect(pagerduty).not.toMatch(/\\u001b|\\u0007/);
});

test("a trigger whose error closes a code fence keeps Slack's error block closed", () => {
  const trigger: Alert = {
    kind: 'trigger',
    id: 't1',
    dedupKey: 'firewatch:portal.elbtal-agrar.de:member-login',
    target: TARGET,
    location: 'fra-1',
    at: '2026-11-23T10:00:00.000Z',
    runId: 'run-1',
    commit: null,
    reason: 'confirmed',
    incident: null,
    details: {
      flowId: 'member-login',
      title: 'Members can sign in',
      capability: 'Member login',
      impact: 'Members cannot sign in.',
      owner: 'Portal team',
      runbook: 'https://runbooks.elbtal-agrar.de/portal/member-login',
      statusMessage: 'Members cannot sign in.',
      severity: 'SEV-1',
      effect: 'down',
      state: 'is down',
      brokenPromise: null,
      errorClass: 'http-5xx',
      failingStep: 'Sign in',
      error: `server said: ${HOSTILE_TEXT}`,
      failure: 'server error 500 on POST /anmelden',
      attempts: 2,
      affected: [],
      failingSince: '2026-11-23T09:50:00.000Z',
      incidentTitle: null,
      screenshots: [],
    },
  };
  const message = slackMessage(trigger, CONTEXT);
  const errorBlock = message.blocks?.find((block) => block.type === 'section' && block.text?.text.startsWith('```'));
  const text = errorBlock?.type === 'section' ? (errorBlock.text?.text ?? '') : '';
  expect(text.match(/```/g), 'exactly the opening and the closing fence').toHaveLength(2);
  expect(JSON.stringify(message)).not.toMatch(/<!channel>/);
});
