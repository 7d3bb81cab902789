import { z } from 'zod';
import type { Alert } from '../lifecycle';
import { formatDuration, stripControl, truncate } from '../../contract';
import {
  dependentLine,
  elapsed,
  extraError,
  failureLine,
  hostName,
  incidentLinks,
  isUpdate,
  localTime,
  slackTime,
  stateOf,
  whatChanged,
  type AlertContext,
  type IncidentLinks,
} from './text';

/**
 * Slack incoming-webhook message, within Block Kit's limits: at most 50 blocks; a header is plain_text of at most
 * 150 characters; a section's text at most 3000 characters, its fields at most 10 of 2000; a context at most 10
 * elements; a top-level `text` is the fallback for notifications and clients without blocks.
 */
const plain = (max: number) => z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(max), emoji: z.boolean().optional() });
const textObject = (max: number) =>
  z.union([plain(max), z.object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(max), verbatim: z.boolean().optional() })]);
const block = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), text: plain(150), block_id: z.string().max(255).optional() }),
  z
    .object({
      type: z.literal('section'),
      text: textObject(3000).optional(),
      fields: z.array(textObject(2000)).max(10).optional(),
      block_id: z.string().max(255).optional(),
    })
    .refine((section) => section.text || section.fields, 'a section needs text or fields'),
  z.object({ type: z.literal('context'), elements: z.array(textObject(3000)).min(1).max(10), block_id: z.string().max(255).optional() }),
  z.object({ type: z.literal('divider'), block_id: z.string().max(255).optional() }),
]);
export const slackMessageSchema = z.object({ text: z.string().min(1).max(40_000), blocks: z.array(block).max(50).optional() });
export type SlackMessage = z.infer<typeof slackMessageSchema>;

/**
 * Text for Slack's mrkdwn, which every `text` field is (the top-level fallback too): the three characters it reserves
 * escaped, so `<!channel>` or `<https://evil|click>` from the target stays text; control characters removed.
 */
export const esc = (text: string) => stripControl(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Text inside a ``` block: a run of backticks from the target cannot close it early. */
const fenced = (text: string) => esc(text).replace(/`{3,}/g, (run) => '\u02cb'.repeat(run.length));
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text: truncate(text, 3000) } });
const footer = (text: string) => ({ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: truncate(text, 3000) }] });
const header = (text: string) => ({ type: 'header' as const, text: { type: 'plain_text' as const, text: truncate(text, 150) } });
/** A link; the URL's own `|`, `<` and `>` encoded so it cannot end the link early. */
const link = (url: string, label: string) => `<${url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E')}|${esc(label)}>`;
/** The top-level text: what a phone's notification shows, so it leads with what broke. Plain: no mrkdwn to render. */
const fallback = (text: string) => truncate(esc(text), 3000);

/** The links line: runbook first (what to do), then the evidence, each only where it opens for a responder. */
function linksLine(links: IncidentLinks, context: AlertContext, runbook?: string): string {
  return [
    runbook ? link(runbook, 'Runbook') : '',
    links.report ? link(links.report, 'Incident report') : '',
    links.screenshot ? link(links.screenshot, 'Screenshot') : '',
    links.status ? link(links.status, 'Status page') : '',
    !links.report && context.ciRunUrl ? link(context.ciRunUrl, 'CI run') : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The Slack message of an alert: Block Kit for a trigger, update or resolve, a plain message for the probe's own notices. */
export function slackMessage(alert: Alert, context: AlertContext): SlackMessage {
  const zone = context.timeZone;
  const host = hostName(alert.target);
  switch (alert.kind) {
    case 'trigger': {
      const d = alert.details;
      const state = stateOf(d);
      const failure = failureLine(d);
      const links = incidentLinks(context, { ...d, incidentId: alert.incidentId });
      const since = `${slackTime(d.failingSince, zone)} (${elapsed(d.failingSince, alert.at)})`;
      const version = context.version ? ` · version ${esc(context.version)}` : '';
      const dependents = d.affected.map((id) => `• ${esc(dependentLine(id, d.flowId, d, zone))}`).join('\n');
      const error = extraError(d);
      if (isUpdate(d)) {
        const changed = whatChanged(alert.reason);
        return {
          text: fallback(`🟠 Update: ${d.severity} ${d.capability} ${state} on ${host}: ${changed}`),
          blocks: [
            header(`🟠 Update: ${d.severity} ${d.capability} ${state}`),
            section(`*What changed:* ${esc(changed)}\n*Now:* ${esc(failure)}\n*Failing since* ${since} on ${esc(host)}${version}`),
            ...(dependents ? [section(`*Also affected*\n${dependents}`)] : []),
            section(linksLine(links, context, d.runbook)),
          ],
        };
      }
      return {
        text: fallback(`🔴 ${d.severity} ${d.capability} ${state} on ${host}: ${failure}`),
        blocks: [
          header(`🔴 ${d.severity} ${d.capability} ${state}`),
          section(
            [
              `*${esc(failure)}*`,
              ...(d.brokenPromise ? [`Broken promise: ${esc(d.brokenPromise)}`] : []),
              esc(d.impact),
              `Failing since ${since} on ${esc(host)}${version}`,
            ].join('\n'),
          ),
          ...(error ? [section(`\`\`\`${fenced(error)}\`\`\``)] : []),
          ...(dependents ? [section(`*Also affected*\n${dependents}`)] : []),
          section(linksLine(links, context, d.runbook)),
          section(`*Draft status message*\n>${esc(d.statusMessage)}`),
          footer(`${esc(d.owner)} · probe ${esc(alert.location)}`),
        ],
      };
    }
    case 'resolve': {
      const lasted = formatDuration(alert.durationMs, 'minute');
      const links = incidentLinks(context, { ...alert, postmortem: !!alert.postmortem });
      const from = alert.failingSince ? `, from ${slackTime(alert.failingSince, zone)} to ${slackTime(alert.at, zone)}` : '';
      const report = [
        links.report ? link(links.report, 'Incident report') : '',
        links.postmortem ? link(links.postmortem, 'Post-mortem draft') : '',
      ]
        .filter(Boolean)
        .join(' · ');
      return {
        text: fallback(`✅ Resolved: ${alert.capability} works again on ${host} after ${lasted}`),
        blocks: [
          header(`✅ Resolved: ${alert.capability} works again`),
          section(`${esc(alert.title)} on ${esc(host)}: down for *${lasted}*${from}.${report ? `\n${report}` : ''}`),
          footer(`probe ${esc(alert.location)}`),
        ],
      };
    }
    case 'probe-broken': {
      const status = incidentLinks(context).status;
      return {
        text: truncate(
          `${esc(`⚠️ The firewatch probe at ${alert.location} cannot check ${host} (not a product incident, since ${localTime(alert.since, zone)}): ${alert.message}`)}${status ? ` ${link(status, 'Status page')}` : ''}`,
          3000,
        ),
      };
    }
    case 'probe-broken-resolved':
      return {
        text: fallback(
          `✅ The firewatch probe at ${alert.location} checks ${host} again (it could not for ${formatDuration(alert.durationMs, 'minute')}${alert.since ? `, since ${localTime(alert.since, zone)}` : ''}).`,
        ),
      };
    case 'notice':
      return { text: fallback(`⚠️ firewatch probe at ${alert.location} (${host}): ${alert.message}`) };
  }
}
