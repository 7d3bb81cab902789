import { z } from 'zod';
import type { Severity } from '../../flows';
import type { Alert } from '../lifecycle';
import { truncate } from '../../contract';
import { failureLine, stateOf, type AlertContext } from './text';

/**
 * PagerDuty Events API v2 (`POST /v2/enqueue`), written from its published rules: routing_key is the 32-character
 * integration key; dedup_key at most 255 characters; a trigger needs payload.summary (at most 1024), source and
 * severity (critical | error | warning | info); timestamp ISO 8601; links are { href, text }; a resolve needs only
 * routing_key, event_action and dedup_key. A success answers 202 { status, message, dedup_key }.
 */
export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

const link = z.object({ href: z.url(), text: z.string().min(1) });
const triggerPayload = z.object({
  summary: z.string().min(1).max(1024),
  source: z.string().min(1),
  severity: z.enum(PAGERDUTY_SEVERITIES),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  component: z.string().optional(),
  group: z.string().optional(),
  class: z.string().optional(),
  custom_details: z.record(z.string(), z.unknown()).optional(),
});

/** One event as PagerDuty accepts it (with the routing key, added only at send time). */
export const pagerDutyEventSchema = z.discriminatedUnion('event_action', [
  z.object({
    routing_key: z.string().length(32),
    event_action: z.literal('trigger'),
    dedup_key: z.string().min(1).max(255),
    payload: triggerPayload,
    links: z.array(link).optional(),
    images: z.array(z.object({ src: z.string(), href: z.url().optional(), alt: z.string().optional() })).optional(),
    client: z.string().optional(),
    client_url: z.url().optional(),
  }),
  z.object({
    routing_key: z.string().length(32),
    event_action: z.enum(['resolve', 'acknowledge']),
    dedup_key: z.string().min(1).max(255),
  }),
]);
export type PagerDutyEvent = z.infer<typeof pagerDutyEventSchema>;
/** The event as spooled: everything but the routing key, which is a secret and never written to disk. */
export type PagerDutyBody = DistributiveOmit<PagerDutyEvent, 'routing_key'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** PagerDuty severity of a firewatch severity: SEV-1/2 critical, SEV-3 error, SEV-4 warning, SEV-5 info. */
export function pagerDutySeverity(severity: Severity): (typeof PAGERDUTY_SEVERITIES)[number] {
  return ({ 'SEV-1': 'critical', 'SEV-2': 'critical', 'SEV-3': 'error', 'SEV-4': 'warning', 'SEV-5': 'info' } as const)[severity];
}

/** Capability and target always fit in PagerDuty's 1024 characters; the failure gives way, keeping its step. */
function summaryLine(head: string, failure: string, tail: string): string {
  const room = Math.max(80, 1024 - head.length - tail.length);
  const step = /( at (?:step )?“[^”]*”)$/.exec(failure)?.[1] ?? '';
  const fitted =
    failure.length <= room ? failure : `${truncate(failure.slice(0, failure.length - step.length), room - step.length)}${step}`;
  return truncate(`${head}${fitted}${tail}`, 1024);
}

/** The Events v2 body of an alert (trigger, resolve, or the low-urgency "probe is broken" notice). */
export function pagerDutyBody(alert: Alert, context: AlertContext): PagerDutyBody {
  const client = { client: 'firewatch', client_url: context.reportUrl };
  switch (alert.kind) {
    case 'trigger': {
      const d = alert.details;
      const state = stateOf(d);
      return {
        event_action: 'trigger',
        dedup_key: alert.dedupKey,
        payload: {
          summary: summaryLine(`[${d.severity}] ${d.capability} ${state}: `, failureLine(d), ` (${alert.target})`),
          source: alert.target,
          severity: pagerDutySeverity(d.severity),
          timestamp: alert.at,
          component: d.flowId,
          group: d.capability,
          class: d.errorClass ?? 'unknown',
          custom_details: {
            'broken promise': d.brokenPromise ?? null,
            'failing step': d.failingStep,
            error: d.error,
            failure: d.failure,
            'failure class': d.errorClass,
            effect: d.effect,
            severity: d.severity,
            attempts: d.attempts,
            'affected dependent flows': d.affected,
            impact: d.impact,
            owner: d.owner,
            'status message draft': d.statusMessage,
            'failing since': d.failingSince,
            reason: alert.reason,
            commit: alert.commit,
            location: alert.location,
            'run id': alert.runId,
            screenshots: d.screenshots,
          },
        },
        links: [
          { href: d.runbook, text: `Runbook: ${d.capability}` },
          { href: context.reportUrl, text: 'Incident report' },
        ],
        ...client,
      };
    }
    case 'probe-broken':
      return {
        event_action: 'trigger',
        dedup_key: alert.dedupKey,
        payload: {
          summary: truncate(`firewatch probe at ${alert.location} is broken and cannot judge ${alert.target}: ${alert.message}`, 1024),
          source: alert.location,
          severity: 'warning',
          timestamp: alert.at,
          component: 'firewatch-probe',
          group: 'Monitoring',
          class: 'probe-broken',
          custom_details: { message: alert.message, location: alert.location, since: alert.since, commit: alert.commit },
        },
        links: [{ href: context.reportUrl, text: 'Probe reports' }],
        ...client,
      };
    case 'resolve':
    case 'probe-broken-resolved':
      return { event_action: 'resolve', dedup_key: alert.dedupKey };
    case 'notice':
      // PagerDuty is for incidents, which a notice is not; spoolItemsFor never asks for one.
      throw new Error('A notice is not sent to PagerDuty.');
  }
}
