import { createHmac } from 'node:crypto';
import type { Alert } from '../lifecycle';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` when WEBHOOK_SECRET is set. */
export const SIGNATURE_HEADER = 'x-firewatch-signature-256';

/**
 * The generic webhook's JSON: on trigger the whole incident.json (`incident`), on recovery a resolve event;
 * the probe's own notices too, each with its `type`.
 */
export function webhookBody(alert: Alert): Record<string, unknown> {
  const common = {
    dedupKey: alert.dedupKey,
    target: alert.target,
    location: alert.location,
    at: alert.at,
    runId: alert.runId,
    commit: alert.commit,
  };
  switch (alert.kind) {
    case 'trigger':
      return {
        type: 'incident.trigger',
        flowId: alert.details.flowId,
        severity: alert.details.severity,
        reason: alert.reason,
        ...common,
        incident: alert.incident,
      };
    case 'resolve':
      return {
        type: 'incident.resolve',
        flowId: alert.flowId,
        failingSince: alert.failingSince,
        openedAt: alert.openedAt,
        durationMs: alert.durationMs,
        ...common,
      };
    case 'probe-broken':
      return { type: 'probe.broken', message: alert.message, since: alert.since, ...common };
    case 'probe-broken-resolved':
      return { type: 'probe.resolved', since: alert.since, durationMs: alert.durationMs, ...common };
    case 'notice':
      return { type: 'probe.notice', message: alert.message, ...common };
  }
}

/** `sha256=<hex>` signature of a raw body, so receivers can tell the POST came from this probe. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
