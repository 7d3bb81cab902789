import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { formatDuration, incidentFolder, type ReportPaths } from '../../contract';
import type { Flow } from '../../flows';
import { historyLineSchema } from '../schema';
import { INCIDENT_TARGET_PER_90_DAYS, runKind, type RunKind } from '../status/model';
import { parseFollowUps, utcTime, zonedTime } from './postmortem';
import { incidentIds, readRegister } from './register';
import type { RegisterEntry } from './schema';

const DAY = 86_400_000;
/** The review's period when none is given: four weeks, the rhythm of the incident review. */
export const DEFAULT_REVIEW_DAYS = 28;

/** A wrong command line: one line of usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const REVIEW_USAGE =
  'Usage: npm run review [-- [--since <ISO time or date>] [--until <ISO time or date>] [--days <N>]] (default: the last 28 days up to now).';

const isoTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** The review's period from its command line: `--since`/`--until` (ISO), `--days N`; the last 28 days by default. */
export function parseReviewArgs(argv: readonly string[], now: Date): { since: Date; until: Date } {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') continue;
    const match = /^--(since|until|days)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`Unknown argument "${arg.slice(0, 60)}".`);
    const name = match[1]!;
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value.`);
    if (name in values) throw new UsageError(`--${name} is given twice.`);
    values[name] = value;
  }
  const time = (name: 'since' | 'until') => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    if (!isoTime.safeParse(raw).success)
      throw new UsageError(
        `--${name} must be an ISO 8601 time with a zone or a date (2026-11-01T00:00:00Z, 2026-11-01); got "${raw.slice(0, 60)}".`,
      );
    return new Date(raw);
  };
  if (values.since !== undefined && values.days !== undefined) throw new UsageError('Give --since or --days, not both.');
  let days: number | undefined;
  if (values.days !== undefined) {
    days = Number(values.days);
    if (!/^\d+$/.test(values.days) || days < 1 || days > 3660)
      throw new UsageError(`--days must be a whole number from 1 to 3660; got "${values.days.slice(0, 20)}".`);
  }
  const until = time('until') ?? now;
  const since = time('since') ?? new Date(until.getTime() - (days ?? DEFAULT_REVIEW_DAYS) * DAY);
  if (since.getTime() >= until.getTime()) throw new UsageError('--since must be before --until.');
  return { since, until };
}

/** Availability of one capability over the period, from history.jsonl. */
export interface CapabilityAvailability {
  readonly flowId: string;
  readonly capability: string;
  /** Judged runs in which members could use it (passed, flaky or degraded). */
  readonly up: number;
  /** Runs that judged it (the suite errors and plain skips judge nothing). */
  readonly judged: number;
  readonly percent: number | null;
}

/** An open follow-up of a post-mortem, with the incident it came from. */
export interface OpenFollowUp {
  readonly incidentId: string;
  /** When it was written (the incident's resolve), the order of "oldest first". */
  readonly since: string;
  readonly text: string;
}

export interface DurationSummary {
  readonly count: number;
  readonly meanMs: number;
  readonly worstMs: number;
  readonly worstId: string;
}

/** Everything REVIEW.md says. */
export interface Review {
  readonly since: string;
  readonly until: string;
  readonly days: number;
  /** Incidents paged in the period, oldest first. */
  readonly incidents: readonly RegisterEntry[];
  readonly detect: DurationSummary | null;
  /** Of the period's incidents that were resolved. */
  readonly resolve: DurationSummary | null;
  readonly availability: readonly CapabilityAvailability[];
  readonly rate: {
    readonly count: number;
    /** The period's count scaled to 90 days. */
    readonly per90Days: number;
    /** Incidents paged in the 90 days up to the period's end: what the target is about. */
    readonly last90Days: number;
    readonly target: number;
    readonly met: boolean;
  };
  /** Every follow-up still `open` in any post-mortem, oldest first. */
  readonly openFollowUps: readonly OpenFollowUp[];
}

const AVAILABLE: ReadonlySet<RunKind> = new Set(['passed', 'flaky', 'degraded']);
const JUDGED: ReadonlySet<RunKind> = new Set(['passed', 'flaky', 'degraded', 'down', 'blocked']);

/**
 * Availability per capability in [since, until), streamed from history.jsonl line by line (a year of history is never
 * held): the share of judged runs in which members could use the flow, as the status page counts it.
 */
export async function availabilityFromHistory(
  file: string,
  registry: readonly Flow[],
  since: Date,
  until: Date,
): Promise<CapabilityAvailability[]> {
  const counts = new Map(registry.map((flow) => [flow.id, [0, 0]]));
  const input = createReadStream(file, 'utf8');
  const missing = await new Promise<boolean>((resolve) => {
    input.once('open', () => resolve(false));
    input.once('error', () => resolve(true));
  });
  if (!missing) {
    for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
      const started = /"startedAt":"([^"]+)"/.exec(raw)?.[1];
      const at = started ? Date.parse(started) : NaN;
      if (!(at >= since.getTime() && at < until.getTime())) continue;
      let line;
      try {
        line = historyLineSchema.parse(JSON.parse(raw));
      } catch {
        continue;
      }
      for (const flow of line.flows) {
        const count = counts.get(flow.id);
        const kind = runKind(flow, line.verdict);
        if (!count || !JUDGED.has(kind)) continue;
        count[1]!++;
        if (AVAILABLE.has(kind)) count[0]!++;
      }
    }
  }
  return registry.map((flow) => {
    const [up = 0, judged = 0] = counts.get(flow.id) ?? [];
    return { flowId: flow.id, capability: flow.capability, up, judged, percent: judged ? (100 * up) / judged : null };
  });
}

function summarize(entries: readonly RegisterEntry[], value: (entry: RegisterEntry) => number | null): DurationSummary | null {
  const measured = entries.flatMap((entry) => {
    const ms = value(entry);
    return ms === null ? [] : [{ id: entry.id, ms }];
  });
  if (!measured.length) return null;
  const worst = measured.reduce((a, b) => (b.ms > a.ms ? b : a));
  return {
    count: measured.length,
    meanMs: measured.reduce((sum, item) => sum + item.ms, 0) / measured.length,
    worstMs: worst.ms,
    worstId: worst.id,
  };
}

/** When an incident counts for a period: when it paged (its first failure when it never did). */
const pagedAt = (entry: RegisterEntry) => Date.parse(entry.alertedAt ?? entry.firstFailureAt);

/** The review's numbers from the register, the availability and the post-mortems' checklists. */
export function computeReview(input: {
  readonly register: readonly RegisterEntry[];
  readonly availability: readonly CapabilityAvailability[];
  readonly postmortems: readonly { readonly incidentId: string; readonly markdown: string }[];
  readonly since: Date;
  readonly until: Date;
}): Review {
  const { register, since, until } = input;
  const inPeriod = (entry: RegisterEntry) => pagedAt(entry) >= since.getTime() && pagedAt(entry) < until.getTime();
  const incidents = register.filter(inPeriod).sort((a, b) => pagedAt(a) - pagedAt(b));
  const days = (until.getTime() - since.getTime()) / DAY;
  const last90Days = register.filter((entry) => pagedAt(entry) > until.getTime() - 90 * DAY && pagedAt(entry) <= until.getTime()).length;
  const byId = new Map(register.map((entry) => [entry.id, entry]));
  const openFollowUps = input.postmortems
    .flatMap(({ incidentId, markdown }) => {
      const entry = byId.get(incidentId);
      const written = entry?.resolvedAt ?? entry?.alertedAt ?? entry?.firstFailureAt ?? '9999-12-31T00:00:00.000Z';
      return parseFollowUps(markdown)
        .filter((item) => item.state === 'open')
        .map((item, order) => ({ incidentId, since: written, text: item.text, order }));
    })
    .sort((a, b) => a.since.localeCompare(b.since) || a.incidentId.localeCompare(b.incidentId) || a.order - b.order)
    .map(({ incidentId, since: written, text }) => ({ incidentId, since: written, text }));
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    days,
    incidents,
    detect: summarize(incidents, (entry) => entry.timeToDetectMs),
    resolve: summarize(incidents, (entry) => entry.timeToResolveMs),
    availability: input.availability,
    rate: {
      count: incidents.length,
      per90Days: days > 0 ? (incidents.length * 90) / days : 0,
      last90Days,
      target: INCIDENT_TARGET_PER_90_DAYS,
      met: last90Days <= INCIDENT_TARGET_PER_90_DAYS,
    },
    openFollowUps,
  };
}

/** Reads what the review needs from a reports folder and computes it. */
export async function loadReview(paths: ReportPaths, registry: readonly Flow[], since: Date, until: Date): Promise<Review> {
  const register = await readRegister(paths.probe.register);
  // Every post-mortem there is, the register's or not: an open follow-up is never lost with a register line.
  const postmortems = (
    await Promise.all(
      (await incidentIds(paths)).map(async (incidentId) => {
        const markdown = await readFile(path.join(incidentFolder(paths, incidentId), 'POSTMORTEM.md'), 'utf8').catch(() => undefined);
        return markdown === undefined ? [] : [{ incidentId, markdown }];
      }),
    )
  ).flat();
  const availability = await availabilityFromHistory(paths.probe.history, registry, since, until);
  return computeReview({ register, availability, postmortems, since, until });
}

const daysText = (days: number) => {
  const rounded = Math.round(days * 10) / 10;
  return `${rounded} day${rounded === 1 ? '' : 's'}`;
};
const percent = (value: number | null) => (value === null ? 'no runs' : `${value.toFixed(value === 100 ? 0 : 2)} %`);
const duration = (value: number | null | undefined) => (value === null || value === undefined ? '–' : formatDuration(value));

/** REVIEW.md: the period's incidents, detection and resolution, availability, the rate against the target, open follow-ups. */
export function renderReview(review: Review, timeZone: string, generatedAt: string): string {
  const both = (iso: string) => `${utcTime(iso)} (${zonedTime(iso, timeZone)})`;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(`# Incident review: ${review.since.slice(0, 10)} to ${review.until.slice(0, 10)}`, '');
  push(
    `Period: ${both(review.since)} to ${both(review.until)} (${daysText(review.days)}). Written ${utcTime(generatedAt)} by \`npm run review\`.`,
    '',
  );

  push(`## Incidents (${review.incidents.length})`, '');
  if (!review.incidents.length) push('No incident paged in this period.', '');
  else {
    push(
      '| Incident | Capability | Severity | First failed run | Paged | Resolved | Time to detect | Time to resolve | Failed runs | Locations |',
    );
    push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const entry of review.incidents) {
      const link = `[${entry.id}](${entry.folder}/${entry.resolvedAt ? 'POSTMORTEM.md' : 'INCIDENT.md'})`;
      push(
        `| ${link} | ${entry.capability} | ${entry.severity ?? '–'} | ${utcTime(entry.firstFailureAt)} | ${entry.alertedAt ? utcTime(entry.alertedAt) : '–'} | ${entry.resolvedAt ? utcTime(entry.resolvedAt) : 'open'} | ${duration(entry.timeToDetectMs)} | ${duration(entry.timeToResolveMs)} | ${entry.failedRuns} | ${entry.locations.join(', ')} |`,
      );
    }
    push('');
  }

  push('## Time to detect and to resolve', '');
  const stat = (label: string, summary: DurationSummary | null, what: string) =>
    push(
      summary
        ? `- ${label} (${what}): mean ${formatDuration(summary.meanMs)}, worst ${formatDuration(summary.worstMs)} (${summary.worstId}), over ${summary.count} incident(s)`
        : `- ${label} (${what}): no incident to measure`,
    );
  stat('Time to detect', review.detect, 'first failed run → trigger');
  stat('Time to resolve', review.resolve, 'trigger → resolve; open incidents not counted');
  push('');

  push('## Availability per capability', '');
  push(
    'From `history.jsonl`: the share of the probe runs in the period that judged a capability in which members could use it ' +
      '(passed, passed on retry, or degraded), as the status page counts it; runs where the probe could not judge are not counted.',
    '',
  );
  push('| Capability | Availability | Runs judged | Runs down |', '| --- | --- | --- | --- |');
  for (const item of review.availability)
    push(`| ${item.capability} (\`${item.flowId}\`) | ${percent(item.percent)} | ${item.judged} | ${item.judged - item.up} |`);
  push('');

  push('## Incident rate', '');
  push(
    `- ${review.rate.count} incident(s) in ${daysText(review.days)}: ${review.rate.per90Days.toFixed(1)} per 90 days at this rate.`,
    `- Target: at most ${review.rate.target} incident per three months (90 days). In the 90 days up to ${utcTime(review.until)}: ${review.rate.last90Days}, target ${review.rate.met ? 'met' : 'missed'}.`,
    '',
  );

  push(`## Open follow-ups (${review.openFollowUps.length}), oldest first`, '');
  if (!review.openFollowUps.length) push('None: every follow-up of every post-mortem is fixed or won’t be fixed.', '');
  for (const item of review.openFollowUps)
    push(`- [ ] (open) ${item.text} — [${item.incidentId}](incidents/${item.incidentId}/POSTMORTEM.md), since ${utcTime(item.since)}`);
  push('');
  return lines.join('\n');
}

/** The few lines `npm run review` prints. */
export function reviewSummary(review: Review, file: string): string {
  const detect = review.detect ? `mean ${formatDuration(review.detect.meanMs)}, worst ${formatDuration(review.detect.worstMs)}` : 'none';
  const resolve = review.resolve
    ? `mean ${formatDuration(review.resolve.meanMs)}, worst ${formatDuration(review.resolve.worstMs)}`
    : 'none';
  const worst = review.availability.filter((item) => item.percent !== null).sort((a, b) => (a.percent ?? 0) - (b.percent ?? 0))[0];
  return [
    `Review ${review.since} to ${review.until}: ${review.incidents.length} incident(s)${review.incidents.length ? ` (${review.incidents.map((entry) => `${entry.id} ${entry.resolvedAt ? `resolved after ${duration(entry.timeToResolveMs)}` : 'open'}`).join('; ')})` : ''}.`,
    `Time to detect: ${detect}. Time to resolve: ${resolve}.`,
    `Lowest availability: ${worst ? `${worst.capability} ${percent(worst.percent)} of ${worst.judged} runs` : 'no runs in the period'}.`,
    `Incidents in the 90 days up to the end: ${review.rate.last90Days} (target at most ${review.rate.target}: ${review.rate.met ? 'met' : 'missed'}). Open follow-ups: ${review.openFollowUps.length}.`,
    `Written ${file}`,
  ].join('\n');
}
