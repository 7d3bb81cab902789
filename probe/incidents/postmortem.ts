import { formatDuration, stripControl, truncate, type Incident } from '../../contract';
import type { Flow } from '../../flows';
import { tableCell } from '../../incident/text';
import {
  FOLLOW_UP_STATES,
  type FollowUp,
  type FollowUpState,
  type IncidentEvent,
  type PostmortemPayload,
  type RegisterEntry,
} from './schema';

/** Longest text of the target's (a failing step, an error) a post-mortem quotes. */
const QUOTE_MAX = 300;
/** Timeline rows shown; the rest are in events.jsonl. */
const TIMELINE_MAX = 60;
/** The post-mortem as the webhook carries it: far inside what receivers take in one JSON body. */
export const POSTMORTEM_PAYLOAD_MAX = 30_000;

/** Text that came from the target, safe inside a Markdown line or table cell: printable, escaped, cut. */
const quote = (text: string, max = QUOTE_MAX) => tableCell(truncate(stripControl(text), max));

/** A time in UTC as people read it: `2026-12-03 14:49:00 UTC`. */
export function utcTime(iso: string): string {
  return `${new Date(iso)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;
}

/** A time in a team's IANA time zone, with the zone's abbreviation: `2026-12-03 15:49:00 CET`. */
export function zonedTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`;
}

/** What the post-mortem is written from: the register's line, the events, and the evidence the folder keeps. */
export interface PostmortemInput {
  readonly entry: RegisterEntry;
  readonly events: readonly IncidentEvent[];
  /** incident.json of the run that paged, when it was readable. */
  readonly paged?: Incident;
  /** incident.json of the last failed run before the resolve, when it was a later run. */
  readonly lastFailure?: Incident;
  readonly registry: readonly Flow[];
  readonly timeZone: string;
  /** When it is written (the resolve). */
  readonly writtenAt: string;
}

interface TimelineRow {
  readonly at: string;
  readonly what: string;
}

const effectWords = { down: 'was down', wrong: 'gave wrong results', degraded: 'was degraded' } as const;

/** The rows of the timeline: first failed run, every change of failure class or failing step, confirmed, paged, resolved. */
export function timelineOf(events: readonly IncidentEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: IncidentEvent['run'] | undefined;
  for (const event of events) {
    const where = `at ${quote(event.location, 100)}`;
    const run = event.run;
    if (run) {
      const step = run.failingStep ? ` at step “${quote(run.failingStep)}”` : '';
      if (!previous) {
        rows.push({
          at: run.startedAt,
          what: `First failed run ${where} (run ${quote(event.runId, 80)}): ${run.errorClass ?? 'failure'}${step}`,
        });
      } else if (previous.errorClass !== run.errorClass || previous.failingStep !== run.failingStep || previous.effect !== run.effect) {
        const changes = [
          previous.errorClass !== run.errorClass ? `failure class ${previous.errorClass ?? 'none'} → ${run.errorClass ?? 'none'}` : '',
          previous.failingStep !== run.failingStep ? `failing step now “${quote(run.failingStep ?? 'unknown')}”` : '',
          previous.effect !== run.effect ? `effect ${previous.effect ?? 'none'} → ${run.effect ?? 'none'}` : '',
        ].filter(Boolean);
        rows.push({ at: run.startedAt, what: `Failure changed ${where}: ${changes.join('; ')}` });
      }
      previous = run;
      continue;
    }
    const detail = event.detail ? `: ${quote(event.detail)}` : '';
    const channel = event.channel ? ` on ${quote(event.channel, 40)}` : '';
    switch (event.type) {
      case 'confirmed':
        rows.push({ at: event.at, what: `Confirmed${detail}` });
        break;
      case 'muted':
        rows.push({ at: event.at, what: `Muted by maintenance${detail}` });
        break;
      case 'triggered':
        rows.push({ at: event.at, what: `Paged (trigger sent from ${quote(event.location, 100)})${detail}` });
        break;
      case 'renotified':
        rows.push({ at: event.at, what: `Re-notified${detail}` });
        break;
      case 'spooled':
      case 'delivery-failed':
        rows.push({
          at: event.at,
          what: `Notification ${event.type === 'spooled' ? 'not delivered yet (spooled)' : 'failed'}${channel}${detail}`,
        });
        break;
      case 'resolved':
        rows.push({ at: event.at, what: `Resolved for members: first healthy run ${where}; resolve sent` });
        break;
      default:
        break;
    }
  }
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => Date.parse(a.row.at) - Date.parse(b.row.at) || a.index - b.index)
    .map(({ row }) => row);
}

/** The four standing questions of the original post-mortem, pre-filled for this incident. */
export function standingFollowUps(entry: RegisterEntry, paged: Incident | undefined): FollowUp[] {
  const step = entry.failingSteps[0] ? ` (“${quote(entry.failingSteps[0])}”)` : '';
  const phrase = paged?.rootCauses.find((root) => root.flowId === entry.flowId)?.phrase;
  const detect = entry.timeToDetectMs === null ? 'unknown' : formatDuration(entry.timeToDetectMs);
  return [
    { state: 'open', text: `Test data: does the seeded test data cover the case that failed in \`${entry.flowId}\`${step}?` },
    {
      state: 'open',
      text: `Smoke suite: is the failed case a check of the deploy gate (\`npm run smoke\`), so the same fault fails a deploy before it reaches members?`,
    },
    {
      state: 'open',
      text: `Surfacing critical issues sooner: time to detect was ${detect}; would a closer check, a shorter probe interval or fewer confirmation runs have paged sooner?`,
    },
    {
      state: 'open',
      text: `The bug itself: fix the cause${phrase ? ` of “${quote(phrase)}”` : ''} and confirm with a green smoke run.`,
    },
  ];
}

const checkbox = (item: FollowUp) => `- [${item.state === 'open' ? ' ' : 'x'}] (${item.state}) ${item.text}`;

/**
 * POSTMORTEM.md: only what firewatch observed is filled in (times, durations, runs, locations, failing steps and
 * classes, the broken promise, how it was detected); what needs people is left as prompts. Text from the target is
 * escaped and cut. Durations are the register's own numbers.
 */
export function renderPostmortem(input: PostmortemInput): { markdown: string; followUps: FollowUp[] } {
  const { entry, events, paged, lastFailure, registry, timeZone } = input;
  const capabilityOf = (id: string) =>
    paged?.flows.find((flow) => flow.id === id)?.capability ?? registry.find((flow) => flow.id === id)?.capability ?? id;
  const impactOf = (id: string) => paged?.flows.find((flow) => flow.id === id)?.impact ?? registry.find((flow) => flow.id === id)?.impact;
  const state = effectWords[entry.effect ?? 'down'];
  const lasted = entry.resolvedAt ? Date.parse(entry.resolvedAt) - Date.parse(entry.firstFailureAt) : null;
  const duration = (value: number | null) => (value === null ? 'not known yet' : formatDuration(value));
  const byLocation = new Map<string, number>();
  for (const event of events) if (event.run) byLocation.set(event.location, (byLocation.get(event.location) ?? 0) + 1);
  const promises = [
    ...new Set(
      [paged, lastFailure].flatMap((incident) => {
        const root = incident?.rootCauses.find((candidate) => candidate.flowId === entry.flowId);
        const flow = incident?.flows.find((candidate) => candidate.id === entry.flowId);
        const promise = root?.brokenPromise?.promise ?? flow?.brokenPromise?.promise;
        return promise ? [promise] : [];
      }),
    ),
  ];
  const phrases = [
    ...new Set(
      [paged, lastFailure].flatMap((incident) => {
        const phrase = incident?.rootCauses.find((candidate) => candidate.flowId === entry.flowId)?.phrase;
        return phrase ? [phrase] : [];
      }),
    ),
  ];
  const errors = [
    ...new Set(
      [paged, lastFailure].flatMap((incident) => {
        const line = incident?.flows.find((candidate) => candidate.id === entry.flowId)?.errorFirstLine;
        return line ? [line] : [];
      }),
    ),
  ];
  const first = events.find((event) => event.type === 'first-failure') ?? events.find((event) => event.run);
  const followUps = standingFollowUps(entry, paged);
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);

  push(`# Post-mortem: ${entry.capability} ${state} (${entry.id})`, '');
  push(
    `> Written by firewatch when the resolve went out (${utcTime(input.writtenAt)}). What the probe observed is filled in; ` +
      '_italic prompts_ are for the incident coordinator. Close a follow-up by ticking its box or changing its state ' +
      '(`open`, `fixed`, `wontfix`): `npm run review` reads them from here.',
    '',
  );

  push('## Summary', '');
  push(
    `${entry.capability} (\`${entry.flowId}\`, ${entry.severity ?? 'severity unknown'}) ${state} for members on ${entry.target}: ` +
      `from the first failed probe run at ${utcTime(entry.firstFailureAt)} until the resolve at ${entry.resolvedAt ? utcTime(entry.resolvedAt) : '(still open)'} ` +
      `(${duration(lasted)}). The probe paged ${duration(entry.timeToDetectMs)} after the first failed run; the resolve came ` +
      `${duration(entry.timeToResolveMs)} after the page.`,
    '',
    '_What happened, in two sentences, for someone who was not there?_',
    '',
  );

  push('## Impact', '');
  const rootImpact = impactOf(entry.flowId);
  push(`- **${entry.capability}** (root cause, \`${entry.flowId}\`)${rootImpact ? `: ${rootImpact}` : ''}`);
  for (const id of entry.affected) {
    const impact = impactOf(id);
    push(`- also affected: **${capabilityOf(id)}** (\`${id}\`)${impact ? `: ${impact}` : ''}`);
  }
  push(
    `- For how long: ${duration(lasted)} from the first failed run to the resolve (members may have been affected since the last healthy run before it).`,
  );
  push(
    `- Failed probe runs: ${entry.failedRuns} (${[...byLocation].map(([where, count]) => `${quote(where, 100)}: ${count}`).join(', ') || 'none recorded'}).`,
  );
  push('', '_Did members report it? How many orders or sign-ins were lost?_', '');

  push(`## Timeline (UTC and ${timeZone})`, '');
  push(`| UTC | ${timeZone} | What happened |`, '| --- | --- | --- |');
  const rows = timelineOf(events);
  for (const row of rows.slice(0, TIMELINE_MAX)) push(`| ${utcTime(row.at)} | ${zonedTime(row.at, timeZone)} | ${row.what} |`);
  if (rows.length > TIMELINE_MAX) push(`| … | … | ${rows.length - TIMELINE_MAX} more rows in events.jsonl |`);
  push('');

  push('## Time to detect and to resolve', '');
  push(`- Time to detect (first failed run → trigger): ${duration(entry.timeToDetectMs)}`);
  push(`- Time to resolve (trigger → resolve): ${duration(entry.timeToResolveMs)}`);
  push(`- Re-notifications: ${entry.renotifications}`, '');

  push('## Failing steps and failure classes', '');
  push(`- Failing steps seen: ${entry.failingSteps.map((step) => `“${quote(step)}”`).join(', ') || 'none named'}`);
  push(`- Failure classes seen: ${entry.failureClasses.join(', ') || 'none named'}`);
  for (const phrase of phrases) push(`- The run said: ${quote(phrase)}`);
  for (const error of errors) push(`- Error: ${quote(error)}`);
  if (promises.length) for (const promise of promises) push(`- Broken promise, in business words: “${quote(promise)}”`);
  else push('- Broken promise: none named by the suite (the flow was down, or no promise of the catalogue covers the failed check).');
  push('');

  push('## Detection', '');
  const commit = paged?.run.commit;
  push(
    `- The first failure was caught by **the probe** (run ${quote(first?.runId ?? 'unknown', 80)} at ${quote(first?.location ?? 'unknown', 100)}, started ${utcTime(entry.firstFailureAt)}), not by the deploy gate.`,
    `- Whether the deploy gate (\`npm run smoke\` in CI) ran against ${commit ? `commit \`${quote(commit, 64)}\`` : 'the deployed commit (unknown: GIT_SHA was not set for the probe)'} and passed cannot be known here: the probe's history records probe runs only. Knowing it would need the gate's verdict per commit (commit, CI run URL, verdict) recorded where firewatch reads it.`,
    '',
    '_Was that fast enough? Did members or staff notice first?_',
    '',
  );

  push('## Evidence', '');
  push('- [INCIDENT.md](INCIDENT.md) and [incident.json](incident.json) of the run that paged; the screenshots it took beside them.');
  if (lastFailure) push('- [last-failure/INCIDENT.md](last-failure/INCIDENT.md): the last failed run before the resolve.');
  push('- `events.jsonl`: everything the probe did for this incident, with time and location.', '');

  push('## What went well', '', '- _…_', '', '## What went badly', '', '- _…_', '', '## Contributing factors', '', '- _…_', '');

  push('## Follow-ups', '', ...followUps.map(checkbox), '');
  return { markdown: lines.join('\n'), followUps };
}

const FOLLOW_UP_LINE = /^\s*[-*+]\s+\[([ xX])\]\s*(?:\((\w+)\)\s*)?(.*\S)\s*$/;

/**
 * The follow-ups of a post-mortem, as its "Follow-ups" checklist says now (people close them by editing it): a state
 * word `fixed` or `wontfix` closes one; a ticked box closes one still marked `open` (as `fixed`); an unticked box
 * without a closing word is `open`.
 */
export function parseFollowUps(markdown: string): FollowUp[] {
  const items: FollowUp[] = [];
  let inside = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^#{1,6}\s/.test(line)) {
      inside = /^#{1,6}\s+follow-?ups\b/i.test(line);
      continue;
    }
    if (!inside) continue;
    const match = FOLLOW_UP_LINE.exec(line);
    if (!match) continue;
    const [, box, word, text] = match;
    const named = (FOLLOW_UP_STATES as readonly string[]).includes(word?.toLowerCase() ?? '')
      ? (word!.toLowerCase() as FollowUpState)
      : undefined;
    const ticked = box !== ' ';
    const state: FollowUpState = named && named !== 'open' ? named : ticked ? 'fixed' : 'open';
    // An unknown word in parentheses is part of the text, not a state.
    const rest = named ? (text ?? '') : `${word ? `(${word}) ` : ''}${text ?? ''}`;
    items.push({ state, text: rest.trim() });
  }
  return items;
}

/** What the resolve's webhook event carries: the post-mortem's Markdown (cut to size) and its follow-ups. */
export function postmortemPayload(entry: RegisterEntry, markdown: string): PostmortemPayload {
  return {
    incidentId: entry.id,
    markdown: truncate(markdown, POSTMORTEM_PAYLOAD_MAX),
    followUps: parseFollowUps(markdown),
    firstFailureAt: entry.firstFailureAt,
    alertedAt: entry.alertedAt,
    resolvedAt: entry.resolvedAt,
    timeToDetectMs: entry.timeToDetectMs,
    timeToResolveMs: entry.timeToResolveMs,
  };
}
