import { z } from 'zod';
import { EFFECTS, FAILURE_CLASSES, FLOW_STATUSES, VERDICTS } from '../contract';
import { SEVERITIES } from '../flows';

/**
 * The probe's files (README: Production probes): `reports/probe/state.json` (incident lifecycle) and
 * `reports/probe/history.jsonl` (one line per probe run). The status page and the metrics read only these.
 * Adding optional fields is fine; changing a field's meaning bumps the version.
 */
export const PROBE_STATE_VERSION = 1;
export const HISTORY_VERSION = 1;

const isoDate = z.iso.datetime({ offset: true });

/** Lifecycle of one root-cause flow: healthy → failing (unconfirmed) → open (trigger sent) → resolved (resolve sent). */
export const LIFECYCLE_STATES = ['healthy', 'failing', 'open', 'resolved'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** What the probe did in a run, per flow or for the run as a whole. */
export const ACTION_TYPES = [
  'triggered',
  'renotified',
  'suppressed-dependent',
  'muted',
  'resolved',
  'spooled',
  'delivered-from-spool',
  'delivery-failed',
  'probe-broken-notice',
  'probe-broken-resolved',
  'lease-taken-over',
  'state-rebuilt',
  'leftover-cancelled',
] as const;

export const actionSchema = z.object({
  type: z.enum(ACTION_TYPES),
  /** The flow the action is about; absent for run-wide actions (the "probe is broken" notice). */
  flowId: z.string().optional(),
  /** The notifier channel for delivery actions: pagerduty, slack or webhook. */
  channel: z.string().optional(),
  /** One line for people, free of secrets. */
  detail: z.string().optional(),
});
export type ProbeAction = z.infer<typeof actionSchema>;

/** One flow in one probe run. */
export const historyFlowSchema = z.object({
  id: z.string(),
  status: z.enum(FLOW_STATUSES),
  durationMs: z.number().nonnegative(),
  errorClass: z.enum(FAILURE_CLASSES).nullable(),
  failingStep: z.string().nullable(),
  effect: z.enum(EFFECTS).nullable(),
  severity: z.enum(SEVERITIES).nullable(),
  /** The flow's lifecycle state after this run. */
  state: z.enum(LIFECYCLE_STATES),
  /** For a failed flow that is a consequence of another failed flow: that root. */
  rootCause: z.string().optional(),
});
export type HistoryFlow = z.infer<typeof historyFlowSchema>;

/** One line of reports/probe/history.jsonl. */
export const historyLineSchema = z.object({
  v: z.literal(HISTORY_VERSION),
  runId: z.string(),
  startedAt: isoDate,
  endedAt: isoDate,
  durationMs: z.number().nonnegative(),
  target: z.string(),
  targetEnv: z.string(),
  location: z.string(),
  verdict: z.enum(VERDICTS),
  /** The suite error's message when verdict is `error`. */
  suiteError: z.string().nullable(),
  /** True while a maintenance window mutes triggers. */
  maintenance: z.boolean(),
  flows: z.array(historyFlowSchema),
  actions: z.array(actionSchema),
  /**
   * When the lifecycle decided on this run (after the suite, before delivery): the time its trigger or resolve carries,
   * and the time an incident's record and post-mortem use. Absent on lines written before it was recorded.
   */
  decidedAt: isoDate.optional(),
});
export type HistoryLine = z.infer<typeof historyLineSchema>;

/** One root-cause flow's incident lifecycle in state.json. */
export const flowStateSchema = z.object({
  state: z.enum(LIFECYCLE_STATES),
  consecutiveFailures: z.number().int().nonnegative(),
  /** First failed run of the current failure streak (the incident's "since"). */
  failingSince: isoDate.nullable(),
  /** When the trigger was sent (state `open`). */
  openedAt: isoDate.nullable(),
  lastNotifiedAt: isoDate.nullable(),
  resolvedAt: isoDate.nullable(),
  /** PagerDuty dedup_key of the current incident: stable per target and root-cause flow. */
  dedupKey: z.string(),
  severity: z.enum(SEVERITIES).nullable(),
  effect: z.enum(EFFECTS).nullable(),
  errorClass: z.enum(FAILURE_CLASSES).nullable(),
  failingStep: z.string().nullable(),
  /** The failed flows this root took down. */
  affected: z.array(z.string()),
  lastRunAt: isoDate.nullable(),
  lastStatus: z.enum(FLOW_STATUSES).nullable(),
  lastDurationMs: z.number().nonnegative().nullable(),
  /**
   * The incident this flow's failure streak is (contract `incidentId(flowId, failingSince)`): set from the first failed
   * run, kept after the resolve (so late deliveries find their incident), dropped when a streak ends unconfirmed.
   */
  incidentId: z.string().optional(),
});
export type FlowState = z.infer<typeof flowStateSchema>;

/** reports/probe/state.json, written atomically (temp file + rename). */
export const probeStateSchema = z.object({
  v: z.literal(PROBE_STATE_VERSION),
  target: z.string(),
  updatedAt: isoDate,
  flows: z.record(z.string(), flowStateSchema),
  /** The low-urgency "probe is broken" notice (suite error, exit 2): open while the suite cannot judge the target. */
  probeBroken: z.object({
    open: z.boolean(),
    since: isoDate.nullable(),
    dedupKey: z.string(),
    message: z.string().nullable(),
  }),
});
export type ProbeState = z.infer<typeof probeStateSchema>;
