import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { formatDuration } from '../../contract';
import { FLOWS } from '../../flows';
import { parseFollowUps, renderPostmortem, timelineOf, zonedTime } from '../../probe/incidents/postmortem';
import { summarizeIncident } from '../../probe/incidents/register';
import { availabilityFromHistory, computeReview, parseReviewArgs, renderReview, UsageError } from '../../probe/incidents/review';
import type { IncidentEvent, RegisterEntry } from '../../probe/incidents/schema';
import { HISTORY_VERSION, type HistoryLine } from '../../probe/schema';

const TARGET = 'https://portal.elbtal-agrar.de';
const identity = {
  id: 'diesel-order-20260701T080000Z',
  target: TARGET,
  flowId: 'diesel-order',
  capability: 'Diesel ordering',
  dedupKey: 'k',
};
const iso = (text: string) => new Date(text).toISOString();

function run(
  type: 'first-failure' | 'failed-run',
  started: string,
  decided: string,
  step: string,
  errorClass: 'http-5xx' | 'wrong-content',
): IncidentEvent {
  return {
    v: 1,
    type,
    at: iso(decided),
    location: 'fra-1',
    runId: `run-${started}`,
    run: { startedAt: iso(started), errorClass, failingStep: step, effect: 'wrong', severity: 'SEV-2', affected: [] },
  };
}
const said = (type: IncidentEvent['type'], when: string, detail?: string): IncidentEvent => ({
  v: 1,
  type,
  at: iso(when),
  location: 'fra-1',
  runId: `run-${when}`,
  ...(detail ? { detail } : {}),
});

/** A summer incident (CEST) whose failing step is hostile text from the target. */
const HOSTILE = 'Submit | order\n# injected heading \u001b[31m' + 'x'.repeat(1000);
const EVENTS: IncidentEvent[] = [
  run('first-failure', '2026-07-01T08:00:00Z', '2026-07-01T08:00:50Z', 'Submit diesel order', 'http-5xx'),
  run('failed-run', '2026-07-01T08:10:00Z', '2026-07-01T08:10:50Z', 'Submit diesel order', 'http-5xx'),
  said('confirmed', '2026-07-01T08:10:50Z', '2 consecutive failed run(s)'),
  said('triggered', '2026-07-01T08:10:50Z', 'SEV-2 wrong'),
  run('failed-run', '2026-07-01T08:20:00Z', '2026-07-01T08:20:50Z', HOSTILE, 'wrong-content'),
  said('renotified', '2026-07-01T08:20:50Z', 'failure class changed from http-5xx to wrong-content'),
  said('resolved', '2026-07-01T08:40:50Z', 'after 2450 s'),
];

test('the post-mortem’s timeline is in UTC and the team’s zone, names every change, and its durations are the register’s', () => {
  const entry = summarizeIncident(identity, EVENTS);
  const { markdown, followUps } = renderPostmortem({
    entry,
    events: EVENTS,
    registry: FLOWS,
    timeZone: 'Europe/Berlin',
    writtenAt: entry.resolvedAt!,
  });
  expect(markdown).toContain('| 2026-07-01 08:00:00 UTC | 2026-07-01 10:00:00 CEST | First failed run at fra-1');
  expect(markdown).toContain('| 2026-07-01 08:10:50 UTC | 2026-07-01 10:10:50 CEST | Confirmed: 2 consecutive failed run(s) |');
  expect(markdown).toContain('| 2026-07-01 08:10:50 UTC | 2026-07-01 10:10:50 CEST | Paged');
  expect(markdown).toContain(
    '| 2026-07-01 08:20:00 UTC | 2026-07-01 10:20:00 CEST | Failure changed at fra-1: failure class http-5xx → wrong-content',
  );
  expect(markdown).toContain('| 2026-07-01 08:40:50 UTC | 2026-07-01 10:40:50 CEST | Resolved for members');
  expect(entry.timeToDetectMs).toBe(10 * 60_000 + 50_000);
  expect(entry.timeToResolveMs).toBe(30 * 60_000);
  expect(markdown).toContain(`Time to detect (first failed run → trigger): ${formatDuration(entry.timeToDetectMs!)}`);
  expect(markdown).toContain(`Time to resolve (trigger → resolve): ${formatDuration(entry.timeToResolveMs!)}`);
  expect(markdown).toContain('Diesel ordering (`diesel-order`, SEV-2) gave wrong results for members');
  // The target's text: no raw pipe or line break that would break a table row or start a heading; no escape codes; cut.
  expect(markdown).not.toContain('\n# injected');
  expect(markdown).not.toContain('\u001b');
  expect(markdown).toContain('Submit \\| order # injected heading');
  expect(markdown.split('\n').every((line) => line.length < 1200)).toBe(true);
  expect(markdown).toMatch(/## What went well\n\n- _…_/);
  expect(markdown).toMatch(/## Contributing factors\n\n- _…_/);
  expect(followUps.map((item) => item.text.split(':')[0])).toEqual([
    'Test data',
    'Smoke suite',
    'Surfacing critical issues sooner',
    'The bug itself',
  ]);
  expect(parseFollowUps(markdown)).toEqual(followUps);
});

test('the team’s zone follows daylight saving time', () => {
  expect(zonedTime('2026-01-15T12:00:00Z', 'Europe/Berlin')).toBe('2026-01-15 13:00:00 CET');
  expect(zonedTime('2026-07-15T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-15 14:00:00 CEST');
  expect(zonedTime('2026-07-15T12:00:00Z', 'UTC')).toBe('2026-07-15 12:00:00 UTC');
});

test('a long flapping incident keeps its timeline to a readable length', () => {
  const flapping: IncidentEvent[] = [
    run('first-failure', '2026-07-01T00:00:00Z', '2026-07-01T00:00:30Z', 'Step 0', 'http-5xx'),
    ...Array.from({ length: 100 }, (_, index) =>
      run(
        'failed-run',
        new Date(Date.parse('2026-07-01T00:10:00Z') + index * 600_000).toISOString(),
        new Date(Date.parse('2026-07-01T00:10:30Z') + index * 600_000).toISOString(),
        `Step ${(index + 1) % 2}`,
        'http-5xx',
      ),
    ),
  ];
  expect(timelineOf(flapping)).toHaveLength(101);
  const { markdown } = renderPostmortem({
    entry: summarizeIncident(identity, flapping),
    events: flapping,
    registry: FLOWS,
    timeZone: 'UTC',
    writtenAt: '2026-07-02T00:00:00Z',
  });
  expect(markdown).toContain('| … | … | 41 more rows in events.jsonl |');
});

test('follow-ups are read from the checklist as people leave it', () => {
  const markdown = [
    '## Timeline',
    '- [ ] (open) not a follow-up: another section',
    '## Follow-ups',
    '',
    '- [ ] (open) Test data for the failed case',
    '- [x] (fixed) Smoke suite covers it',
    '- [x] (wontfix) Page sooner',
    '- [x] (open) Ticked but the word not changed',
    '- [ ] (FIXED) Word changed, box not ticked',
    '* [ ] Added by hand without a state',
    '- [ ] (later) an unknown word stays text',
    'Some prose, not an item.',
    '## Notes',
    '- [ ] (open) after the section',
  ].join('\n');
  expect(parseFollowUps(markdown)).toEqual([
    { state: 'open', text: 'Test data for the failed case' },
    { state: 'fixed', text: 'Smoke suite covers it' },
    { state: 'wontfix', text: 'Page sooner' },
    { state: 'fixed', text: 'Ticked but the word not changed' },
    { state: 'fixed', text: 'Word changed, box not ticked' },
    { state: 'open', text: 'Added by hand without a state' },
    { state: 'open', text: '(later) an unknown word stays text' },
  ]);
  expect(parseFollowUps('# Post-mortem\n\nno follow-ups at all')).toEqual([]);
});

function entry(id: string, alerted: string, detectMin: number, resolveMin: number | null): RegisterEntry {
  const alertedAt = iso(alerted);
  return {
    v: 1,
    id,
    target: TARGET,
    flowId: 'weather',
    capability: 'Weather service',
    dedupKey: 'k',
    affected: [],
    severity: 'SEV-2',
    effect: 'down',
    failureClasses: ['http-5xx'],
    failingSteps: [],
    firstFailureAt: new Date(Date.parse(alertedAt) - detectMin * 60_000).toISOString(),
    confirmedAt: alertedAt,
    alertedAt,
    resolvedAt: resolveMin === null ? null : new Date(Date.parse(alertedAt) + resolveMin * 60_000).toISOString(),
    lastFailureAt: alertedAt,
    timeToDetectMs: detectMin * 60_000,
    timeToResolveMs: resolveMin === null ? null : resolveMin * 60_000,
    locations: ['fra-1'],
    failedRuns: 2,
    renotifications: 0,
    folder: `incidents/${id}`,
  };
}

test('the review: the period’s incidents, mean and worst times, the rate against one per three months, open follow-ups oldest first', () => {
  const register = [
    entry('old', '2026-09-10T10:00:00Z', 5, 60),
    entry('a', '2026-11-10T10:00:00Z', 10, 30),
    entry('b', '2026-11-20T10:00:00Z', 20, 90),
    entry('open', '2026-11-30T10:00:00Z', 12, null),
    entry('after', '2026-12-05T10:00:00Z', 1, 1),
  ];
  const review = computeReview({
    register,
    availability: [],
    postmortems: [
      { incidentId: 'b', markdown: '## Follow-ups\n- [ ] (open) b first\n- [x] (fixed) b done\n- [ ] (open) b second' },
      { incidentId: 'old', markdown: '## Follow-ups\n- [ ] (open) from September\n- [x] (wontfix) never' },
      { incidentId: 'a', markdown: '## Follow-ups\n- [x] (fixed) all done' },
    ],
    since: new Date('2026-11-05T00:00:00Z'),
    until: new Date('2026-12-03T00:00:00Z'),
  });
  expect(review.incidents.map((item) => item.id)).toEqual(['a', 'b', 'open']);
  expect(review.detect).toEqual({ count: 3, meanMs: 14 * 60_000, worstMs: 20 * 60_000, worstId: 'b' });
  expect(review.resolve).toEqual({ count: 2, meanMs: 60 * 60_000, worstMs: 90 * 60_000, worstId: 'b' });
  expect(review.days).toBe(28);
  expect(review.rate).toEqual({ count: 3, per90Days: (3 * 90) / 28, last90Days: 4, target: 1, met: false });
  expect(review.openFollowUps.map((item) => `${item.incidentId}: ${item.text}`)).toEqual([
    'old: from September',
    'b: b first',
    'b: b second',
  ]);
  const markdown = renderReview(review, 'Europe/Berlin', '2026-12-03T00:00:00Z');
  expect(markdown).toContain('mean 14 min, worst 20 min (b), over 3 incident(s)');
  expect(markdown).toContain('mean 1 h 0 min, worst 1 h 30 min (b), over 2 incident(s)');
  expect(markdown).toContain('3 incident(s) in 28 days: 9.6 per 90 days at this rate.');
  expect(markdown).toContain('In the 90 days up to 2026-12-03 00:00:00 UTC: 4, target missed.');
  expect(markdown).toContain('| [open](incidents/open/INCIDENT.md) | Weather service | SEV-2 |');
});

test('availability per capability comes from the history’s judged runs in the period', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'firewatch-review-'));
  try {
    const file = path.join(dir, 'history.jsonl');
    const line = (
      started: string,
      status: 'passed' | 'failed',
      verdict: HistoryLine['verdict'] = status === 'failed' ? 'failed' : 'passed',
    ): HistoryLine => ({
      v: HISTORY_VERSION,
      runId: started,
      startedAt: started,
      endedAt: started,
      durationMs: 0,
      target: TARGET,
      targetEnv: 'production',
      location: 'fra-1',
      verdict,
      suiteError: verdict === 'error' ? 'broken' : null,
      maintenance: false,
      flows: [
        {
          id: 'weather',
          status,
          durationMs: 1,
          errorClass: null,
          failingStep: null,
          effect: status === 'failed' ? 'down' : null,
          severity: null,
          state: 'healthy',
        },
      ],
      actions: [],
    });
    const lines = [
      line('2026-10-01T00:00:00.000Z', 'failed'), // before the period
      line('2026-11-10T00:00:00.000Z', 'passed'),
      line('2026-11-10T00:10:00.000Z', 'failed'),
      line('2026-11-10T00:20:00.000Z', 'passed'),
      line('2026-11-10T00:30:00.000Z', 'passed'),
      line('2026-11-10T00:40:00.000Z', 'failed', 'error'), // the probe could not judge: not counted
    ];
    await writeFile(file, `${lines.map((entry) => JSON.stringify(entry)).join('\n')}\n{"cut short`);
    const availability = await availabilityFromHistory(file, FLOWS, new Date('2026-11-05T00:00:00Z'), new Date('2026-12-03T00:00:00Z'));
    expect(availability.find((item) => item.flowId === 'weather')).toMatchObject({ up: 3, judged: 4, percent: 75 });
    expect(availability.find((item) => item.flowId === 'member-login')).toMatchObject({ judged: 0, percent: null });
    expect(await availabilityFromHistory(path.join(dir, 'missing.jsonl'), FLOWS, new Date(0), new Date())).toHaveLength(FLOWS.length);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the review’s command line: the last 28 days by default, --days, --since/--until, and one-line errors', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  expect(parseReviewArgs([], now)).toEqual({ since: new Date('2026-11-05T12:00:00Z'), until: now });
  expect(parseReviewArgs(['--', '--days', '7'], now)).toEqual({ since: new Date('2026-11-26T12:00:00Z'), until: now });
  expect(parseReviewArgs(['--since=2026-11-01', '--until', '2026-12-01T00:00:00+01:00'], now)).toEqual({
    since: new Date('2026-11-01T00:00:00Z'),
    until: new Date('2026-11-30T23:00:00Z'),
  });
  for (const argv of [
    ['--days', '0'],
    ['--days', '1.5'],
    ['--since', 'yesterday'],
    ['--since', '2026-11-01', '--days', '3'],
    ['--until', '2026-01-01', '--since', '2026-02-01'],
    ['--verbose'],
    ['--days'],
  ]) {
    expect(() => parseReviewArgs(argv, now), argv.join(' ')).toThrow(UsageError);
  }
});
