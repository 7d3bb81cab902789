import { formatDuration, incidentId, stateWord, stripControl, truncate } from '../../contract';
import { FLOWS } from '../../flows';
import type { TriggerDetails } from '../lifecycle';

/**
 * What every alert is rendered with, beside the alert itself: where the reports are published, the team's clock and
 * the deployed version. Without `reportBaseUrl` an alert carries no report link at all: a file on the probe's host
 * opens nowhere a responder is.
 */
export interface AlertContext {
  /** REPORT_BASE_URL, ending in a slash: the published reports folder. */
  readonly reportBaseUrl?: string;
  /** TEAM_TIME_ZONE (IANA): every time written for people is in it. */
  readonly timeZone: string;
  /** What runs on the target: /healthz's `version`, else DEPLOY_ID. */
  readonly version?: string;
  /** The CI run that probed (CI_RUN_URL): its page holds the reports as an artifact when there is no static host. */
  readonly ciRunUrl?: string;
}

/** What failed and where, in one phrase: the incident's root-cause phrase, with the failing step when it lacks it. */
export function failureLine(details: {
  failure: string | null;
  error: string | null;
  errorClass: string | null;
  failingStep: string | null;
}): string {
  const what = details.failure ?? details.error ?? details.errorClass ?? 'failed';
  const step = details.failingStep ?? 'unknown';
  return what.includes(step) ? what : `${what} at step “${step}”`;
}

/**
 * The error text when it says more than the failure phrase already does (the phrase is usually built from it): the
 * failure is stated once. Cut to what a person reads at a glance.
 */
export function extraError(details: Pick<TriggerDetails, 'error' | 'failure' | 'errorClass' | 'failingStep'>): string | null {
  const error = details.error?.replace(/^Error:\s*/, '').trim();
  if (!error) return null;
  const squash = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  const line = squash(failureLine(details));
  const said = squash(error);
  if (line.includes(said) || said.includes(line)) return null;
  // The phrase names status and request ("server error 500 on POST /anmelden at “Sign in”"): an error restating both,
  // in other words, adds nothing. The step is left out of the comparison: errors rarely repeat it.
  const what = squash(failureLine(details).replace(/\s+at (?:step )?“[^”]*”$/, ''));
  const facts = what.split(' ').filter((word) => /\d/.test(word) || word.length > 6);
  if (facts.length > 1 && facts.every((word) => said.includes(word))) return null;
  return truncate(error, 500);
}

/** What happened to the capability, after its name ("is down", "stores wrong totals"); spooled alerts from before it was recorded fall back to the effect. */
export function stateOf(details: Pick<TriggerDetails, 'state' | 'effect'>): string {
  // Spooled alerts written before `state` existed lack it.
  return details.state || stateWord(details.effect);
}

/** A flow's capability as members know it ("Diesel ordering"), its id when the registry no longer has it. */
export function capabilityName(flowId: string): string {
  return FLOWS.find((flow) => flow.id === flowId)?.capability ?? flowId;
}

/** The host of the target ("portal.elbtal-agrar.de"): what people call it. */
export function hostName(target: string): string {
  try {
    return new URL(target).host;
  } catch {
    return target;
  }
}

/** A time as the team reads it: "23 Nov, 10:59 CET" in its zone; with `year`, "23 Nov 2026, 10:59 CET". */
export function localTime(iso: string, timeZone: string, options: { year?: boolean } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'an unknown time';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    ...(options.year ? { year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(date);
}

/**
 * A time for Slack mrkdwn: `<!date^UNIX^{date_short_pretty} {time}|fallback>` shows "today 10:59" in each reader's
 * own zone; clients that cannot render it show the fallback, the team's local time with its zone.
 */
export function slackTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return 'an unknown time';
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${localTime(iso, timeZone, { year: true })}>`;
}

/** How long ago, as people say it ("35 min"), from `from` to `to`. */
export function elapsed(from: string, to: string): string {
  return formatDuration(Math.max(0, Date.parse(to) - Date.parse(from)), 'minute');
}

/** The links of one incident, each present only where it opens for a responder (under REPORT_BASE_URL). */
export interface IncidentLinks {
  readonly report?: string;
  readonly screenshot?: string;
  readonly postmortem?: string;
  readonly status?: string;
}

/**
 * A screenshot's file name in its incident's folder: the last folder of its path in the reports (Playwright's per-test
 * and per-retry output folder) and its name, so two tests' `test-failed-1.png` never collide.
 */
export function screenshotFileName(reportsRelativePath: string): string {
  const parts = reportsRelativePath.split(/[\\/]/).filter(Boolean);
  const name = parts.slice(-2).join('-');
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'screenshot.png';
}

/** The id of an incident's folder: the one the lifecycle gave it, else its root flow and first failed run. */
export function folderOf(incident: { flowId: string; failingSince: string; incidentId?: string | undefined }): string {
  return incident.incidentId ?? incidentId(incident.flowId, incident.failingSince);
}

/** The URL of a file in an incident's folder under the published reports. */
export function incidentFileUrl(base: string, folder: string, file: string): string {
  return new URL(`probe/incidents/${encodeURIComponent(folder)}/${encodeURIComponent(file)}`, base).href;
}

/**
 * Where an incident's evidence is published: `<base>probe/incidents/<incident id>/INCIDENT.md`, its last screenshot
 * (the final attempt's), its POSTMORTEM.md once written, and the status page `<base>probe/status.html`. Nothing
 * without REPORT_BASE_URL.
 */
export function incidentLinks(
  context: AlertContext,
  incident?: {
    flowId: string;
    failingSince: string | null;
    incidentId?: string | undefined;
    screenshots?: readonly string[];
    postmortem?: boolean;
  },
): IncidentLinks {
  const base = context.reportBaseUrl;
  if (!base) return {};
  const status = new URL('probe/status.html', base).href;
  const failingSince = incident?.failingSince;
  if (!incident || !failingSince || Number.isNaN(Date.parse(failingSince))) return { status };
  const folder = folderOf({ ...incident, failingSince });
  const shot = incident.screenshots?.at(-1);
  return {
    report: incidentFileUrl(base, folder, 'INCIDENT.md'),
    ...(shot ? { screenshot: incidentFileUrl(base, folder, screenshotFileName(shot)) } : {}),
    ...(incident.postmortem ? { postmortem: incidentFileUrl(base, folder, 'POSTMORTEM.md') } : {}),
    status,
  };
}

/** What a re-notification says changed, in words: the lifecycle's reason, or that nothing did. */
export function whatChanged(reason: string): string {
  return /^still failing/.test(reason) ? `no change, ${reason}` : reason;
}

/** Whether a trigger re-notifies an incident already open (an update), rather than opening one. */
export function isUpdate(details: Pick<TriggerDetails, 'openedAt'>): boolean {
  return !!details.openedAt;
}

/** One dependent flow as the root's alert names it: a consequence, or a flow with its own incident open since when. */
export function dependentLine(flowId: string, rootId: string, details: Pick<TriggerDetails, 'ownIncidents'>, timeZone: string): string {
  const since = details.ownIncidents?.[flowId];
  return since
    ? `${capabilityName(flowId)} (${flowId}): its own incident, open since ${localTime(since, timeZone)}`
    : `${capabilityName(flowId)} (${flowId}): fails because ${rootId} fails`;
}

/** A late delivery in words: "delivered 12 min late; first attempt failed at 23 Nov, 10:05 CET (receiver answered 503)". */
export function lateNote(late: { delayMs: number; firstFailedAt: string; firstError?: string }, timeZone: string): string {
  const why = late.firstError ? ` (${truncate(stripControl(late.firstError).split('\n')[0] ?? '', 120)})` : '';
  return `delivered ${formatDuration(late.delayMs, 'minute')} late; first attempt failed at ${localTime(late.firstFailedAt, timeZone)}${why}`;
}
