import { createHmac } from 'node:crypto';
import type { Incident } from '../../contract';
import type { Alert } from '../lifecycle';
import { folderOf, incidentFileUrl, incidentLinks, isUpdate, screenshotFileName, type AlertContext } from './text';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` when WEBHOOK_SECRET is set. */
export const SIGNATURE_HEADER = 'x-firewatch-signature-256';

/**
 * The incident as a receiver elsewhere can use it: evidence paths on the probe's host become URLs in the incident's
 * published folder (screenshots) or go (traces, the HTML report), since nothing on the probe's host opens for the
 * receiver.
 */
function publishedIncident(incident: Incident, folder: string, context: AlertContext): Incident {
  const base = context.reportBaseUrl;
  const report = base ? incidentFileUrl(base, folder, 'INCIDENT.md') : undefined;
  return {
    ...incident,
    htmlReport: report ?? '',
    flows: incident.flows.map((flow) => ({
      ...flow,
      tests: flow.tests.map((test) => ({
        ...test,
        // The probe copies every screenshot of the incident into its folder (probe/incidents/record.ts).
        screenshots: base ? test.screenshots.map((shot) => incidentFileUrl(base, folder, screenshotFileName(shot))) : [],
        traces: [],
      })),
    })),
  };
}

/**
 * The generic webhook's JSON, for machines: ISO times, ids, and `links` only under REPORT_BASE_URL. On trigger the
 * incident.json (`incident`, its evidence as published links), `update` when it re-notifies an open incident; on
 * recovery a resolve event; the probe's own notices too, each with its `type`.
 */
export function webhookBody(alert: Alert, context: AlertContext): Record<string, unknown> {
  const common = {
    dedupKey: alert.dedupKey,
    target: alert.target,
    location: alert.location,
    at: alert.at,
    runId: alert.runId,
    commit: alert.commit,
    ...(context.version ? { version: context.version } : {}),
  };
  switch (alert.kind) {
    case 'trigger': {
      const d = alert.details;
      return {
        type: 'incident.trigger',
        flowId: d.flowId,
        severity: d.severity,
        reason: alert.reason,
        update: isUpdate(d),
        failingSince: d.failingSince,
        ...(d.openedAt ? { openedAt: d.openedAt } : {}),
        affected: d.affected,
        ownIncidents: d.ownIncidents ?? {},
        ...(alert.incidentId ? { incidentId: alert.incidentId } : {}),
        links: incidentLinks(context, { ...d, incidentId: alert.incidentId }),
        ...common,
        incident: alert.incident ? publishedIncident(alert.incident, folderOf({ ...d, incidentId: alert.incidentId }), context) : null,
      };
    }
    case 'resolve':
      return {
        type: 'incident.resolve',
        flowId: alert.flowId,
        failingSince: alert.failingSince,
        openedAt: alert.openedAt,
        durationMs: alert.durationMs,
        links: resolveLinks(context, alert),
        ...common,
        // The incident's post-mortem (probe/incidents): its Markdown and follow-ups, written as the resolve went out.
        ...(alert.incidentId ? { incidentId: alert.incidentId } : {}),
        ...(alert.postmortem ? { postmortem: alert.postmortem } : {}),
      };
    case 'probe-broken':
      return { type: 'probe.broken', message: alert.message, since: alert.since, links: incidentLinks(context), ...common };
    case 'probe-broken-resolved':
      return { type: 'probe.resolved', since: alert.since, durationMs: alert.durationMs, ...common };
    case 'notice':
      return { type: 'probe.notice', message: alert.message, ...common };
  }
}

/** A resolve's links: the incident report and, once written, its post-mortem. */
function resolveLinks(context: AlertContext, alert: Extract<Alert, { kind: 'resolve' }>): Record<string, string> {
  const { report, postmortem } = incidentLinks(context, { ...alert, postmortem: !!alert.postmortem });
  return { ...(report ? { report } : {}), ...(postmortem ? { postmortem } : {}) };
}

/** `sha256=<hex>` signature of a raw body, so receivers can tell the POST came from this probe. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
