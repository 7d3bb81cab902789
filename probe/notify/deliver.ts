import ky, { HTTPError, TimeoutError } from 'ky';
import { truncate } from '../../contract';
import { redactText } from '../../incident';
import type { Alert } from '../lifecycle';
import type { ProbeAction } from '../schema';
import { pagerDutyBody, pagerDutyEventSchema } from './pagerduty';
import { esc, slackMessage, slackMessageSchema, type SlackMessage } from './slack';
import { moveTo, readSpool, rejectedDir, removeSpooled, spoolItems, updateSpooled, type Channel, type SpoolItem } from './spool';
import { lateNote, type AlertContext } from './text';
import { SIGNATURE_HEADER, signBody, webhookBody } from './webhook';

/** The configured receivers. Each holds secrets (routing key, URLs, signing secret): never logged, never spooled. */
export interface Receivers {
  readonly pagerduty?: { readonly url: string; readonly routingKey: string };
  readonly slack?: { readonly url: string };
  readonly webhook?: { readonly url: string; readonly secret?: string };
}

export interface DeliveryOptions {
  /** Per attempt: a receiver slower than this is treated as down for now (retried, then spooled). */
  readonly timeoutMs?: number;
  /** Retries within one run after the first attempt. */
  readonly retries?: number;
  /** Base of the exponential backoff: attempt n waits up to base × 2^(n-1) (full jitter). */
  readonly backoffBaseMs?: number;
  /** Longest Retry-After honoured within a run; a longer one spools the item for the next run. */
  readonly maxRetryAfterMs?: number;
  readonly log: (line: string) => void;
  /** Secret values scrubbed from every log line and stored error. */
  readonly secrets: readonly string[];
}

/** The channels that have a receiver configured. */
export function configuredChannels(receivers: Receivers): Channel[] {
  return (['pagerduty', 'slack', 'webhook'] as const).filter((channel) => receivers[channel]);
}

/** One spool item per configured channel for an alert, with the body rendered now (free of secrets). */
export function spoolItemsFor(alert: Alert, receivers: Receivers, context: AlertContext, secrets: readonly string[]): SpoolItem[] {
  const bodies: Record<Channel, () => unknown> = {
    pagerduty: () => pagerDutyBody(alert, context),
    slack: () => slackMessage(alert, context),
    webhook: () => webhookBody(alert, context),
  };
  const channels = configuredChannels(receivers).filter((channel) => alert.kind !== 'notice' || channel !== 'pagerduty');
  return channels.map((channel) => ({
    v: 1,
    id: alert.id,
    channel,
    kind: alert.kind,
    dedupKey: alert.dedupKey,
    ...(alert.kind === 'trigger' ? { flowId: alert.details.flowId } : alert.kind === 'resolve' ? { flowId: alert.flowId } : {}),
    createdAt: alert.at,
    attempts: 0,
    zone: context.timeZone,
    // Incident texts are scrubbed by the reporter already; this keeps a secret out of the spool whatever it came from.
    body: JSON.parse(redactText(JSON.stringify(bodies[channel]()), secrets)) as unknown,
  }));
}

type Outcome = { kind: 'delivered'; status: number } | { kind: 'retry-later'; reason: string } | { kind: 'rejected'; reason: string };

/**
 * Puts a run's alerts into the spool before the state that caused them is written (an outbox): a crash after this
 * loses nothing, and a run repeated after a crash recomputes the same ids, which are not spooled twice.
 * Returns the files of this run's items.
 */
export async function enqueueAlerts(
  spoolDir: string,
  alerts: readonly Alert[],
  receivers: Receivers,
  context: AlertContext,
  secrets: readonly string[],
): Promise<Set<string>> {
  const fresh = await spoolItems(
    spoolDir,
    alerts.flatMap((alert) => spoolItemsFor(alert, receivers, context, secrets)),
  );
  return new Set(fresh.map((entry) => entry.file));
}

/**
 * Sends the spool, oldest first, per channel: earlier runs' items before this run's, so a resolve never overtakes
 * its trigger. What fails for now stays spooled (and everything after it on that channel) for the next run.
 */
export async function deliverSpool(
  spoolDir: string,
  receivers: Receivers,
  options: DeliveryOptions,
  freshFiles: ReadonlySet<string> = new Set(),
): Promise<ProbeAction[]> {
  const say = (line: string) => options.log(redactText(line, options.secrets));
  const actions: ProbeAction[] = [];
  const queue = await readSpool(spoolDir, (line) => {
    say(line);
    // What could be read of it goes into the history, and the run raises a notice about it: nothing vanishes quietly.
    actions.push({ type: 'delivery-failed', detail: `damaged spool item: ${redactText(line, options.secrets).slice(0, 500)}` });
  });
  for (const channel of ['pagerduty', 'slack', 'webhook'] as const) {
    let blocked: string | undefined;
    for (const entry of queue.filter((candidate) => candidate.item.channel === channel)) {
      const what = `${entry.item.kind} ${entry.item.dedupKey}`;
      if (!receivers[channel]) {
        say(`${channel}: ${what} stays spooled: no ${channel} receiver is configured any more.`);
        actions.push({ type: 'spooled', channel, flowId: entry.item.flowId, detail: `${entry.item.kind}: no receiver configured` });
        continue;
      }
      if (blocked) {
        actions.push({
          type: 'spooled',
          channel,
          flowId: entry.item.flowId,
          detail: `${entry.item.kind} queued behind an undelivered item`,
        });
        continue;
      }
      const outcome = await send(channel, entry.item, receivers, options, say);
      if (outcome.kind === 'delivered') {
        await removeSpooled(entry);
        if (!freshFiles.has(entry.file))
          actions.push({ type: 'delivered-from-spool', channel, flowId: entry.item.flowId, detail: entry.item.kind });
      } else if (outcome.kind === 'rejected') {
        await moveTo(entry.file, rejectedDir(spoolDir));
        say(`${channel}: ${what} was refused and will not be retried: ${outcome.reason}. Kept in ${rejectedDir(spoolDir)}.`);
        actions.push({ type: 'delivery-failed', channel, flowId: entry.item.flowId, detail: `${entry.item.kind}: ${outcome.reason}` });
      } else {
        blocked = outcome.reason;
        await updateSpooled(entry, {
          ...entry.item,
          attempts: entry.item.attempts + 1,
          lastError: outcome.reason,
          firstFailedAt: entry.item.firstFailedAt ?? new Date().toISOString(),
          firstError: entry.item.firstError ?? outcome.reason,
        });
        say(`${channel}: ${what} not delivered (${outcome.reason}); spooled for the next run.`);
        actions.push({ type: 'spooled', channel, flowId: entry.item.flowId, detail: `${entry.item.kind}: ${outcome.reason}` });
      }
    }
  }
  return actions;
}

/**
 * Sends alerts without the spool, for when it cannot be written: one attempt per channel with the usual retries, and
 * nothing kept for the next run.
 */
export async function deliverDirect(
  alerts: readonly Alert[],
  receivers: Receivers,
  context: AlertContext,
  options: DeliveryOptions,
): Promise<ProbeAction[]> {
  const say = (line: string) => options.log(redactText(line, options.secrets));
  const actions: ProbeAction[] = [];
  for (const item of alerts.flatMap((alert) => spoolItemsFor(alert, receivers, context, options.secrets))) {
    const outcome = await send(item.channel, item, receivers, options, say);
    if (outcome.kind !== 'delivered') {
      say(`${item.channel}: ${item.kind} ${item.dedupKey} not delivered and not spooled (${outcome.reason}).`);
      actions.push({
        type: 'delivery-failed',
        channel: item.channel,
        flowId: item.flowId,
        detail: `${item.kind}, unspooled: ${outcome.reason}`,
      });
    }
  }
  return actions;
}

/** How late an item is being sent: set once an attempt of an earlier run failed (it waited in the spool). */
function lateness(item: SpoolItem, now: Date): { delayMs: number; firstFailedAt: string; firstError?: string } | undefined {
  if (!item.attempts || !item.firstFailedAt) return undefined;
  return {
    delayMs: Math.max(0, now.getTime() - Date.parse(item.createdAt)),
    firstFailedAt: item.firstFailedAt,
    ...(item.firstError ? { firstError: item.firstError } : {}),
  };
}

/**
 * The body as sent now: an item that waited in the spool says how late it comes and when its first attempt failed,
 * so nobody takes an old alert for a new outage (PagerDuty keeps the alert's own `timestamp`).
 */
export function withLateNote(channel: Channel, item: SpoolItem, now = new Date()): unknown {
  const late = lateness(item, now);
  if (!late) return item.body;
  const note = lateNote(late, item.zone ?? 'UTC');
  if (channel === 'slack') {
    const message = item.body as SlackMessage;
    const flag = `⏱ ${esc(note[0]?.toUpperCase() ?? '')}${esc(note.slice(1))}`;
    const blocks = message.blocks;
    return {
      ...message,
      text: truncate(`${flag}. ${message.text}`, 3000),
      ...(blocks
        ? {
            blocks: [
              ...blocks.slice(0, 1),
              { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(flag, 3000) }] },
              ...blocks.slice(1),
            ],
          }
        : {}),
    };
  }
  if (channel === 'pagerduty') {
    const event = item.body as { event_action?: string; payload?: { summary?: string; custom_details?: Record<string, unknown> } };
    if (event.event_action !== 'trigger' || !event.payload) return item.body;
    const suffix = ` [${note.split(';')[0]}]`;
    return {
      ...event,
      payload: {
        ...event.payload,
        summary: `${truncate(event.payload.summary ?? '', 1024 - suffix.length)}${suffix}`,
        custom_details: { ...event.payload.custom_details, delivery: note },
      },
    };
  }
  return { ...(item.body as object), delivery: { late: true, ...late } };
}

function request(
  channel: Channel,
  item: SpoolItem,
  receivers: Receivers,
): { url: string; body: string; headers: Record<string, string> } | { invalid: string } {
  const body = withLateNote(channel, item);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'firewatch-probe/1.0',
    // Lets a receiver drop a repeat of the same notification (a crash between sending and un-spooling).
    'idempotency-key': `${item.id}-${channel}`,
  };
  if (channel === 'pagerduty' && receivers.pagerduty) {
    const event = pagerDutyEventSchema.safeParse({ ...(body as object), routing_key: receivers.pagerduty.routingKey });
    if (!event.success)
      return {
        invalid: `not a valid Events v2 event: ${event.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      };
    return { url: receivers.pagerduty.url, body: JSON.stringify(event.data), headers };
  }
  if (channel === 'slack' && receivers.slack) {
    const message = slackMessageSchema.safeParse(body);
    if (!message.success)
      return {
        invalid: `not a valid Slack message: ${message.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      };
    return { url: receivers.slack.url, body: JSON.stringify(message.data), headers };
  }
  if (channel === 'webhook' && receivers.webhook) {
    const raw = JSON.stringify(body);
    const secret = receivers.webhook.secret;
    return {
      url: receivers.webhook.url,
      body: raw,
      headers: { ...headers, 'x-firewatch-event': item.kind, ...(secret ? { [SIGNATURE_HEADER]: signBody(raw, secret) } : {}) },
    };
  }
  return { invalid: `no ${channel} receiver configured` };
}

async function send(
  channel: Channel,
  item: SpoolItem,
  receivers: Receivers,
  options: DeliveryOptions,
  say: (line: string) => void,
): Promise<Outcome> {
  const prepared = request(channel, item, receivers);
  if ('invalid' in prepared) return { kind: 'rejected', reason: prepared.invalid };
  const base = options.backoffBaseMs ?? 1_000;
  try {
    const response = await ky.post(prepared.url, {
      body: prepared.body,
      headers: prepared.headers,
      // A receiver that has not answered in this time is treated as down for now: retried, then spooled.
      timeout: options.timeoutMs ?? 10_000,
      retry: {
        limit: options.retries ?? 3,
        methods: ['post'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        // Retry-After is honoured up to this; a receiver asking for longer gets the item on the next run.
        maxRetryAfter: options.maxRetryAfterMs ?? 30_000,
        // Exponential backoff with full jitter, so several probes do not hammer a recovering receiver in step.
        delay: (attempt) => base * 2 ** (attempt - 1),
        jitter: true,
        backoffLimit: 30_000,
        retryOnTimeout: true,
      },
      hooks: {
        beforeRetry: [
          ({ error, retryCount }) =>
            say(`${channel}: ${item.kind} ${item.dedupKey} attempt ${retryCount} failed (${describe(error)}); retrying.`),
        ],
      },
    });
    return { kind: 'delivered', status: response.status };
  } catch (error) {
    if (error instanceof HTTPError) {
      const status = error.response.status;
      const answer = (await error.response.text().catch(() => '')).slice(0, 300);
      const reason = `receiver answered ${status}${answer ? `: ${answer}` : ''}`;
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) return { kind: 'rejected', reason };
      return { kind: 'retry-later', reason };
    }
    return { kind: 'retry-later', reason: describe(error) };
  }
}

/** A failure in words, without the URL (webhook URLs are secrets). */
function describe(error: unknown): string {
  if (error instanceof HTTPError) return `receiver answered ${error.response.status}`;
  if (error instanceof TimeoutError) return 'no answer within the timeout';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `network error: ${cause?.code ?? cause?.message ?? (error as Error).name}`;
}
