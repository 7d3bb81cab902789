import type { Flow } from '../../flows';
import type { Effect, FailureClass } from '../../contract';
import { historyLineSchema, type HistoryFlow, type HistoryLine, type LifecycleState, type ProbeState } from '../schema';

/** Runs shown in each flow's strip: ten hours at the usual ten-minute interval, small enough for a phone. */
export const RECENT_RUNS = 60;
/** Points of each response-time trend; a year of runs is summarised into this many. */
export const TREND_POINTS = 90;
/** Past incidents listed on the page (all of them count in the figures). */
export const PAST_INCIDENTS_SHOWN = 10;
/** The business's target: at most this many incidents per 90 days (one per three months). */
export const INCIDENT_TARGET_PER_90_DAYS = 1;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The availability windows, in the order the page shows them. */
export const WINDOWS = [
  { key: '24h', label: '24 h', ms: DAY },
  { key: '7d', label: '7 days', ms: 7 * DAY },
  { key: '90d', label: '90 days', ms: 90 * DAY },
] as const;
export type WindowKey = (typeof WINDOWS)[number]['key'];
const TREND_WINDOW_MS = 90 * DAY;

/**
 * What one flow looked like in one run. `down`/`degraded`: it failed with that effect; `blocked`: skipped because
 * the flow it depends on failed (down for members); `flaky`: passed on retry; `error`: the suite could not judge
 * the target (configuration, credentials, its own bug), never counted as an outage.
 */
export type RunKind = 'passed' | 'flaky' | 'degraded' | 'down' | 'blocked' | 'skipped' | 'error';

/** One cell of a flow's recent-runs strip. */
export interface RunCell {
  readonly at: string;
  readonly kind: RunKind;
  readonly durationMs: number;
  readonly errorClass: FailureClass | null;
  readonly failingStep: string | null;
  readonly rootCause: string | null;
}

/** Availability over one window: runs in which the flow was not down, of the runs that judged it. */
export interface Availability {
  readonly up: number;
  readonly judged: number;
  /** Null when no run in the window judged the flow. */
  readonly percent: number | null;
}

/** One point of a response-time trend: the runs that started in [from, to). */
export interface TrendPoint {
  readonly from: string;
  readonly to: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly maxMs: number;
}

/** Mean and longest of a set of durations. */
export interface DurationStats {
  readonly count: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/** A past or open incident of one root-cause flow, as the probe's actions tell it. */
export interface IncidentRecord {
  readonly flowId: string;
  readonly severity: string | null;
  readonly effect: Effect | null;
  readonly errorClass: FailureClass | null;
  readonly failingStep: string | null;
  /** The other flows this root took down. */
  readonly affected: readonly string[];
  /** Start of the first failed run of the streak that led to the trigger. */
  readonly firstFailedAt: string;
  readonly triggeredAt: string;
  readonly resolvedAt: string | null;
  /** First failed run → trigger sent. */
  readonly detectMs: number;
  /** Trigger sent → resolve sent; null while open. */
  readonly resolveMs: number | null;
}

/** An incident open now, with how long it has been open. */
export interface OpenIncident extends IncidentRecord {
  readonly openForMs: number;
  readonly title: string;
}

/** One flow on the status page. */
export interface FlowStatusModel {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  /** The flow in its latest judged run; null before any. */
  readonly current: RunCell | null;
  readonly lifecycle: LifecycleState | null;
  readonly consecutiveFailures: number;
  readonly availability: Readonly<Record<WindowKey, Availability>>;
  /** Oldest first, at most RECENT_RUNS. */
  readonly recent: readonly RunCell[];
  readonly trend: readonly TrendPoint[];
  readonly detect: DurationStats | null;
  readonly resolve: DurationStats | null;
  readonly incidents: number;
}

/** Everything the status page shows, computed from the history and the lifecycle state. */
export interface StatusModel {
  readonly generatedAt: string;
  readonly target: string | null;
  readonly locations: readonly string[];
  readonly runs: {
    readonly total: number;
    readonly first: string | null;
    readonly last: string | null;
    readonly suiteErrors: number;
    readonly maintenance: number;
    /** History lines that were not valid JSON or did not match the history schema; skipped. */
    readonly unreadable: number;
    /** The usual time between runs (the median of the last gaps), null before two runs: what "overdue" is measured in. */
    readonly intervalMs: number | null;
  };
  readonly flows: readonly FlowStatusModel[];
  readonly openIncidents: readonly OpenIncident[];
  readonly incidents90d: { readonly count: number; readonly target: number; readonly met: boolean };
  /** Newest first, at most PAST_INCIDENTS_SHOWN. */
  readonly pastIncidents: readonly IncidentRecord[];
  /** Every incident triggered in the last 90 days, open or resolved, newest first (the members' page lists them). */
  readonly recentIncidents: readonly IncidentRecord[];
  /** The "probe is broken" notice from state.json, when open. */
  readonly probeBroken: { readonly since: string | null; readonly message: string | null } | null;
}

/** What a flow's status in one run means for members. */
export function runKind(flow: HistoryFlow, verdict: HistoryLine['verdict']): RunKind {
  if (verdict === 'error') return 'error';
  switch (flow.status) {
    case 'passed':
      return 'passed';
    case 'flaky':
      return 'flaky';
    case 'failed':
      return flow.effect === 'degraded' ? 'degraded' : 'down';
    case 'skipped':
      return flow.rootCause ? 'blocked' : 'skipped';
  }
}

/** Kinds in which members could use the flow; `error` and plain `skipped` judge nothing. */
const AVAILABLE: ReadonlySet<RunKind> = new Set(['passed', 'flaky', 'degraded']);
const JUDGED: ReadonlySet<RunKind> = new Set(['passed', 'flaky', 'degraded', 'down', 'blocked']);
const FAILING: ReadonlySet<RunKind> = new Set(['degraded', 'down', 'blocked']);

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function stats(values: readonly number[]): DurationStats | null {
  if (!values.length) return null;
  return { count: values.length, meanMs: values.reduce((a, b) => a + b, 0) / values.length, maxMs: Math.max(...values) };
}

interface FlowAccumulator {
  readonly flow: Flow;
  current: RunCell | null;
  consecutiveFailures: number;
  /** Per window: [up, judged]. */
  readonly windows: Record<WindowKey, [number, number]>;
  readonly recent: RunCell[];
  /** Start time and duration of completed runs in the trend window. */
  readonly trendAt: number[];
  readonly trendMs: number[];
  streakStart: string | null;
  open: Omit<IncidentRecord, 'resolvedAt' | 'resolveMs'> | null;
  readonly closed: IncidentRecord[];
}

/**
 * Builds the status model from history lines fed one at a time (so a year of history is streamed, never held),
 * then `finish(state, now)`. Lines older than 90 days count only for incident times.
 */
export class StatusAggregator {
  private readonly flows = new Map<string, FlowAccumulator>();
  private readonly locations = new Set<string>();
  private target: string | null = null;
  private total = 0;
  private first: string | null = null;
  private last: string | null = null;
  private suiteErrors = 0;
  private maintenance = 0;
  private unreadable = 0;
  /** The last gaps between run starts, newest last (bounded: a year of history keeps only these). */
  private readonly gaps: number[] = [];

  constructor(
    registry: readonly Flow[],
    private readonly now: Date,
  ) {
    for (const flow of registry) {
      this.flows.set(flow.id, {
        flow,
        current: null,
        consecutiveFailures: 0,
        windows: { '24h': [0, 0], '7d': [0, 0], '90d': [0, 0] },
        recent: [],
        trendAt: [],
        trendMs: [],
        streakStart: null,
        open: null,
        closed: [],
      });
    }
  }

  /** Adds one raw line of history.jsonl; blank lines are ignored, invalid ones counted and skipped. */
  addText(text: string): void {
    if (!text.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.unreadable++;
      return;
    }
    const result = historyLineSchema.safeParse(parsed);
    if (result.success) this.add(result.data);
    else this.unreadable++;
  }

  /** Adds one validated history line; lines must come in the order they were written. */
  add(line: HistoryLine): void {
    this.total++;
    this.first ??= line.startedAt;
    if (this.last) {
      this.gaps.push(Date.parse(line.startedAt) - Date.parse(this.last));
      if (this.gaps.length > GAPS_KEPT) this.gaps.shift();
    }
    this.last = line.startedAt;
    this.target = line.target;
    this.locations.add(line.location);
    if (line.verdict === 'error') this.suiteErrors++;
    if (line.maintenance) this.maintenance++;
    const started = Date.parse(line.startedAt);
    const age = this.now.getTime() - started;

    for (const entry of line.flows) {
      const acc = this.flows.get(entry.id);
      if (!acc) continue;
      const kind = runKind(entry, line.verdict);
      const cell: RunCell = {
        at: line.startedAt,
        kind,
        durationMs: entry.durationMs,
        errorClass: entry.errorClass,
        failingStep: entry.failingStep,
        rootCause: entry.rootCause ?? null,
      };
      acc.recent.push(cell);
      if (acc.recent.length > RECENT_RUNS) acc.recent.shift();
      if (!JUDGED.has(kind)) continue;

      acc.current = cell;
      for (const window of WINDOWS) {
        if (age > window.ms) continue;
        const counts = acc.windows[window.key];
        counts[1]++;
        if (AVAILABLE.has(kind)) counts[0]++;
      }
      if (age <= TREND_WINDOW_MS && AVAILABLE.has(kind)) {
        acc.trendAt.push(started);
        acc.trendMs.push(entry.durationMs);
      }
      if (FAILING.has(kind)) {
        acc.consecutiveFailures++;
        acc.streakStart ??= line.startedAt;
      } else {
        acc.consecutiveFailures = 0;
        acc.streakStart = null;
      }
    }

    // When the probe decided to alert or resolve (the time its alerts carry, and the incident register's); older lines
    // without it: the run's end.
    const decidedAt = line.decidedAt ?? line.endedAt;
    for (const action of line.actions) {
      const acc = action.flowId ? this.flows.get(action.flowId) : undefined;
      if (!acc) continue;
      if (action.type === 'triggered' && !acc.open) {
        const entry = line.flows.find((flow) => flow.id === acc.flow.id);
        const firstFailedAt = acc.streakStart ?? line.startedAt;
        acc.open = {
          flowId: acc.flow.id,
          severity: entry?.severity ?? acc.flow.severity,
          effect: entry?.effect ?? null,
          errorClass: entry?.errorClass ?? null,
          failingStep: entry?.failingStep ?? null,
          affected: line.flows.filter((flow) => flow.rootCause === acc.flow.id).map((flow) => flow.id),
          firstFailedAt,
          triggeredAt: decidedAt,
          detectMs: Date.parse(decidedAt) - Date.parse(firstFailedAt),
        };
      } else if (action.type === 'resolved' && acc.open) {
        acc.closed.push({ ...acc.open, resolvedAt: decidedAt, resolveMs: Date.parse(decidedAt) - Date.parse(acc.open.triggeredAt) });
        acc.open = null;
      }
    }
  }

  /** The model as of `now`; `state` (state.json) is the authority on what is open now, when there is one. */
  finish(state: ProbeState | null): StatusModel {
    const now = this.now.getTime();
    const flows: FlowStatusModel[] = [];
    const open: OpenIncident[] = [];
    const all: IncidentRecord[] = [];
    for (const acc of this.flows.values()) {
      const stateEntry = state?.flows[acc.flow.id];
      const closed = acc.closed;
      const openRecord = openIncident(acc, stateEntry, now);
      if (openRecord) open.push(openRecord);
      all.push(...closed, ...(openRecord ? [openRecord] : []));
      const windows = Object.fromEntries(
        WINDOWS.map((window) => {
          const [up, judged] = acc.windows[window.key];
          return [window.key, { up, judged, percent: judged ? (100 * up) / judged : null }];
        }),
      ) as Record<WindowKey, Availability>;
      flows.push({
        id: acc.flow.id,
        title: acc.flow.capability,
        severity: acc.flow.severity,
        current: acc.current,
        lifecycle: stateEntry?.state ?? (acc.open ? 'open' : null),
        consecutiveFailures: stateEntry?.consecutiveFailures ?? acc.consecutiveFailures,
        availability: windows,
        recent: acc.recent,
        trend: trend(acc.trendAt, acc.trendMs),
        detect: stats([...closed, ...(openRecord ? [openRecord] : [])].map((incident) => incident.detectMs)),
        resolve: stats(closed.map((incident) => incident.resolveMs ?? 0)),
        incidents: closed.length + (openRecord ? 1 : 0),
      });
    }
    const recent = all
      .filter((incident) => now - Date.parse(incident.triggeredAt) <= 90 * DAY)
      .sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt));
    const recentCount = recent.length;
    return {
      generatedAt: this.now.toISOString(),
      target: state?.target ?? this.target,
      locations: [...this.locations].sort(),
      runs: {
        total: this.total,
        first: this.first,
        last: this.last,
        suiteErrors: this.suiteErrors,
        maintenance: this.maintenance,
        unreadable: this.unreadable,
        intervalMs: this.gaps.some((gap) => gap > 0) ? median(this.gaps.filter((gap) => gap > 0).sort((a, b) => a - b)) : null,
      },
      flows,
      openIncidents: open.sort((a, b) => a.triggeredAt.localeCompare(b.triggeredAt)),
      incidents90d: { count: recentCount, target: INCIDENT_TARGET_PER_90_DAYS, met: recentCount <= INCIDENT_TARGET_PER_90_DAYS },
      pastIncidents: all
        .filter((incident) => incident.resolvedAt !== null)
        .sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt))
        .slice(0, PAST_INCIDENTS_SHOWN),
      recentIncidents: recent,
      probeBroken: state?.probeBroken.open ? { since: state.probeBroken.since, message: state.probeBroken.message } : null,
    };
  }
}

/** The flow's open incident: state.json's when it has the flow, else the history's last unresolved trigger. */
function openIncident(acc: FlowAccumulator, stateEntry: ProbeState['flows'][string] | undefined, now: number): OpenIncident | null {
  const title = (effect: Effect | null) => `${acc.flow.capability} ${effect === 'degraded' ? 'is degraded' : 'is down'}`;
  if (stateEntry) {
    if (stateEntry.state !== 'open' || !stateEntry.openedAt) return null;
    // Times from the history when it holds the trigger (start of the first failed run, end of the triggering run),
    // so open and past incidents are measured alike; state.json's own times only when the history lacks them.
    const firstFailedAt = acc.open?.firstFailedAt ?? stateEntry.failingSince ?? stateEntry.openedAt;
    const triggeredAt = acc.open?.triggeredAt ?? stateEntry.openedAt;
    return {
      flowId: acc.flow.id,
      severity: stateEntry.severity,
      effect: stateEntry.effect,
      errorClass: stateEntry.errorClass,
      failingStep: stateEntry.failingStep,
      affected: stateEntry.affected,
      firstFailedAt,
      triggeredAt,
      resolvedAt: null,
      detectMs: Date.parse(triggeredAt) - Date.parse(firstFailedAt),
      resolveMs: null,
      openForMs: now - Date.parse(triggeredAt),
      title: title(stateEntry.effect),
    };
  }
  if (!acc.open) return null;
  return {
    ...acc.open,
    resolvedAt: null,
    resolveMs: null,
    openForMs: now - Date.parse(acc.open.triggeredAt),
    title: title(acc.open.effect),
  };
}

/** Summarises (start, duration) pairs into at most TREND_POINTS equal time buckets: median and max per bucket. */
function trend(at: readonly number[], ms: readonly number[]): TrendPoint[] {
  const first = at[0];
  const last = at[at.length - 1];
  if (first === undefined || last === undefined) return [];
  const count = Math.min(TREND_POINTS, at.length);
  const width = Math.max(1, (last - first + 1) / count);
  const buckets: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < at.length; i++) {
    const index = Math.min(count - 1, Math.floor(((at[i] ?? first) - first) / width));
    buckets[index]?.push(ms[i] ?? 0);
  }
  const points: TrendPoint[] = [];
  buckets.forEach((values, index) => {
    if (!values.length) return;
    values.sort((a, b) => a - b);
    points.push({
      from: new Date(first + index * width).toISOString(),
      to: new Date(first + (index + 1) * width).toISOString(),
      runs: values.length,
      medianMs: median(values),
      maxMs: values[values.length - 1] ?? 0,
    });
  });
  return points;
}

/**
 * The status model of a whole history given as lines (text or parsed), for tests and small histories;
 * `npm run status` streams the file through a StatusAggregator instead.
 */
export function buildStatusModel(
  lines: Iterable<string | HistoryLine>,
  state: ProbeState | null,
  now: Date,
  registry: readonly Flow[],
): StatusModel {
  const aggregator = new StatusAggregator(registry, now);
  for (const line of lines) {
    if (typeof line === 'string') aggregator.addText(line);
    else aggregator.add(line);
  }
  return aggregator.finish(state);
}

/** Gaps between runs the interval is the median of: enough to ride out a missed run or a manual one. */
const GAPS_KEPT = 25;
