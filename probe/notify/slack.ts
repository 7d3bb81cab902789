import { z } from 'zod';
import type { Alert } from '../lifecycle';
import { formatDuration, stripControl, truncate } from '../../contract';
import { failureLine, stateOf, type AlertContext } from './text';

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
const esc = (text: string) => stripControl(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Text inside a ``` block: a run of backticks from the target cannot close it early. */
const fenced = (text: string) => esc(text).replace(/`{3,}/g, (run) => '\u02cb'.repeat(run.length));
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text: truncate(text, 3000) } });
const link = (url: string, label: string) => `<${url}|${esc(label)}>`;

/** The Slack message of an alert: Block Kit for a trigger or resolve, a plain message for the probe's own notices. */
export function slackMessage(alert: Alert, context: AlertContext): SlackMessage {
  switch (alert.kind) {
    case 'trigger': {
      const d = alert.details;
      const state = stateOf(d);
      const text = `[${d.severity}] ${d.capability} ${state} on ${alert.target}: ${failureLine(d)}`;
      return {
        text: truncate(esc(text), 3000),
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: truncate(`🔴 ${d.severity} ${d.capability} ${state}`, 150) } },
          ...(d.brokenPromise ? [section(`*Broken promise*\n>${esc(d.brokenPromise)}`)] : []),
          section(
            `*${esc(failureLine(d))}*\n${esc(d.impact)}\n${esc(d.title)}: failing on ${esc(alert.target)} since ${esc(d.failingSince)} (${esc(alert.reason)}).`,
          ),
          {
            type: 'section',
            fields: [
              { type: 'mrkdwn', text: truncate(`*Failing step*\n${esc(d.failingStep ?? 'unknown')}`, 2000) },
              { type: 'mrkdwn', text: truncate(`*Failure class*\n${esc(d.errorClass ?? 'unknown')}`, 2000) },
              { type: 'mrkdwn', text: truncate(`*Owner*\n${esc(d.owner)}`, 2000) },
              { type: 'mrkdwn', text: truncate(`*Attempts*\n${d.attempts}`, 2000) },
            ],
          },
          section(`*Error*\n\`\`\`${fenced(d.error ?? 'no error text')}\`\`\``),
          section(
            `*Affected flows*\n${d.affected.length ? d.affected.map((id) => `• ${esc(id)} (fails because ${esc(d.flowId)} fails)`).join('\n') : `only ${esc(d.flowId)}`}`,
          ),
          section(`*Draft status message*\n>${esc(d.statusMessage)}`),
          section(`${link(d.runbook, 'Runbook')} · ${link(context.reportUrl, 'Incident report')}`),
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: truncate(
                  `dedup ${esc(alert.dedupKey)} · location ${esc(alert.location)} · commit ${esc(alert.commit ?? 'unknown')}`,
                  3000,
                ),
              },
            ],
          },
        ],
      };
    }
    case 'resolve': {
      const lasted = formatDuration(alert.durationMs);
      return {
        text: truncate(esc(`✅ Resolved: ${alert.capability} on ${alert.target} works again after ${lasted}`), 3000),
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: truncate(`✅ Resolved: ${alert.capability}`, 150) } },
          section(
            `${esc(alert.title)} works again on ${esc(alert.target)}. The outage lasted *${lasted}* (failing since ${esc(alert.failingSince ?? 'unknown')}).`,
          ),
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: truncate(`dedup ${esc(alert.dedupKey)} · location ${esc(alert.location)}`, 3000) }],
          },
        ],
      };
    }
    case 'probe-broken':
      return {
        text: truncate(
          esc(
            `⚠️ firewatch probe at ${alert.location} is broken and cannot judge ${alert.target} (not a product incident): ${alert.message}`,
          ),
          3000,
        ),
      };
    case 'probe-broken-resolved':
      return {
        text: truncate(
          esc(
            `firewatch probe at ${alert.location} runs again against ${alert.target} (it was broken for ${formatDuration(alert.durationMs)}).`,
          ),
          3000,
        ),
      };
    case 'notice':
      return { text: truncate(esc(`⚠️ firewatch probe at ${alert.location} (${alert.target}): ${alert.message}`), 3000) };
  }
}
