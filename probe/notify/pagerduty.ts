import { z } from 'zod';
import type { Severity } from '../../flows';
import type { Alert } from '../lifecycle';
import { truncate } from '../../contract';
import {
  dependentLine,
  extraError,
  failureLine,
  hostName,
  incidentLinks,
  isUpdate,
  localTime,
  stateOf,
  whatChanged,
  type AlertContext,
} from './text';

/**
 * PagerDuty Events API v2 (`POST /v2/enqueue`), written from its published rules: routing_key is the 32-character
 * integration key; dedup_key at most 255 characters; a trigger needs payload.summary (at most 1024), source and
 * severity (critical | error | warning | info); timestamp ISO 8601; links are { href, text }; images are { src, href?, alt? }
 * whose src PagerDuty shows only when served over https; a resolve needs only routing_key, event_action and dedup_key.
 * A success answers 202 { status, message, dedup_key }.
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
    images: z.array(z.object({ src: z.url({ protocol: /^https$/ }), href: z.url().optional(), alt: z.string().optional() })).optional(),
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

/** The Events v2 body of an alert (trigger, update, resolve, or the low-urgency "probe is broken" notice). */
export function pagerDutyBody(alert: Alert, context: AlertContext): PagerDutyBody {
  const zone = context.timeZone;
  const host = hostName(alert.target);
  switch (alert.kind) {
    case 'trigger': {
      const d = alert.details;
      const state = stateOf(d);
      const update = isUpdate(d);
      const links = incidentLinks(context, { ...d, incidentId: alert.incidentId });
      const head = `${update ? 'Update: ' : ''}[${d.severity}] ${d.capability} ${state}: `;
      const tail = update ? ` (${host}) — ${whatChanged(alert.reason)}` : ` (${host})`;
      const error = extraError(d);
      const report = links.report ?? context.ciRunUrl;
      return {
        event_action: 'trigger',
        dedup_key: alert.dedupKey,
        payload: {
          summary: summaryLine(head, failureLine(d), tail),
          source: alert.target,
          severity: pagerDutySeverity(d.severity),
          timestamp: alert.at,
          component: d.flowId,
          group: d.capability,
          class: d.errorClass ?? 'unknown',
          custom_details: {
            ...(update ? { 'what changed': whatChanged(alert.reason) } : {}),
            'what failed': failureLine(d),
            ...(d.brokenPromise ? { 'broken promise': d.brokenPromise } : {}),
            ...(error ? { error } : {}),
            impact: d.impact,
            'failing since': localTime(d.failingSince, zone),
            ...(d.affected.length ? { 'also affected': d.affected.map((id) => dependentLine(id, d.flowId, d, zone)) } : {}),
            owner: d.owner,
            'status message draft': d.statusMessage,
            ...(context.version ? { 'deployed version': context.version } : {}),
            location: alert.location,
          },
        },
        links: [
          { href: d.runbook, text: `Runbook: ${d.capability}` },
          ...(links.report ? [{ href: links.report, text: 'Incident report' }] : []),
          ...(links.status ? [{ href: links.status, text: 'Status page' }] : []),
          ...(!links.report && context.ciRunUrl ? [{ href: context.ciRunUrl, text: 'CI run' }] : []),
        ],
        // PagerDuty shows an image only from https; a plain-http base (the probe's own server) gets the link alone.
        ...(links.screenshot?.startsWith('https:')
          ? { images: [{ src: links.screenshot, href: links.screenshot, alt: `Screenshot: ${d.capability} ${state}` }] }
          : {}),
        client: 'firewatch',
        ...(report ? { client_url: report } : {}),
      };
    }
    case 'probe-broken': {
      const status = incidentLinks(context).status ?? context.ciRunUrl;
      return {
        event_action: 'trigger',
        dedup_key: alert.dedupKey,
        payload: {
          summary: truncate(`firewatch probe at ${alert.location} cannot check ${host} (not a product incident): ${alert.message}`, 1024),
          source: alert.location,
          severity: 'warning',
          timestamp: alert.at,
          component: 'firewatch-probe',
          group: 'Monitoring',
          class: 'probe-broken',
          custom_details: { message: alert.message, location: alert.location, since: localTime(alert.since, zone) },
        },
        ...(status ? { links: [{ href: status, text: context.reportBaseUrl ? 'Status page' : 'CI run' }] } : {}),
        client: 'firewatch',
        ...(status ? { client_url: status } : {}),
      };
    }
    case 'resolve':
    case 'probe-broken-resolved':
      return { event_action: 'resolve', dedup_key: alert.dedupKey };
    case 'notice':
      // PagerDuty is for incidents, which a notice is not; spoolItemsFor never asks for one.
      throw new Error('A notice is not sent to PagerDuty.');
  }
}
