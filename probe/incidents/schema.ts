import { z } from 'zod';
import { EFFECTS, FAILURE_CLASSES } from '../../contract';
import { SEVERITIES } from '../../flows';

/**
 * The probe's incident record (README: Production probes): per incident a folder `reports/probe/incidents/<id>/`
 * with the paging run's evidence, `events.jsonl` and, once resolved, `POSTMORTEM.md`; and the register
 * `reports/probe/incidents.jsonl`, one line per incident. Adding optional fields is fine; changing a field's meaning
 * bumps the version.
 */
export const INCIDENT_RECORD_VERSION = 1;

const isoDate = z.iso.datetime({ offset: true });

/** What the lifecycle did for an incident, in the order it happened. */
export const INCIDENT_EVENT_TYPES = [
  /** The first failed run of the streak (the incident's start). */
  'first-failure',
  /** A later failed run of the same streak. */
  'failed-run',
  /** PROBE_CONFIRM_RUNS consecutive failed runs reached. */
  'confirmed',
  /** A confirmed failure or a re-notification held back by a maintenance window. */
  'muted',
  /** The trigger went out (the page). */
  'triggered',
  /** The trigger was sent again, with why. */
  'renotified',
  /** A notification reached a channel in the run that decided it. */
  'delivered',
  /** A notification from an earlier run's spool reached its channel. */
  'delivered-from-spool',
  /** A notification could not be delivered yet and waits in the spool. */
  'spooled',
  /** A notification was refused for good, or could not be sent at all. */
  'delivery-failed',
  /** The first healthy run: the resolve went out. */
  'resolved',
] as const;

/** What a failed run saw of the incident's root flow. */
export const failedRunSchema = z.object({
  /** Start of the probe run (the history line's `startedAt`). */
  startedAt: isoDate,
  errorClass: z.enum(FAILURE_CLASSES).nullable(),
  failingStep: z.string().nullable(),
  effect: z.enum(EFFECTS).nullable(),
  severity: z.enum(SEVERITIES).nullable(),
  /** The flows this root took down in that run. */
  affected: z.array(z.string()),
});

/** One line of an incident's `events.jsonl`. */
export const incidentEventSchema = z.object({
  v: z.literal(INCIDENT_RECORD_VERSION),
  /** When the probe decided it (the history line's `decidedAt`), or when a delivery was made. */
  at: isoDate,
  type: z.enum(INCIDENT_EVENT_TYPES),
  /** The probe location (PROBE_LOCATION) of the run. */
  location: z.string(),
  runId: z.string(),
  /** The notifier channel of a delivery event. */
  channel: z.string().optional(),
  /** One line for people, free of secrets (a re-notification's reason, a delivery's answer). */
  detail: z.string().optional(),
  /** For `first-failure` and `failed-run`: what the run saw. */
  run: failedRunSchema.optional(),
});
export type IncidentEvent = z.infer<typeof incidentEventSchema>;

/** One line of `reports/probe/incidents.jsonl`: the incident as its events tell it. */
export const registerEntrySchema = z.object({
  v: z.literal(INCIDENT_RECORD_VERSION),
  id: z.string(),
  target: z.string(),
  /** The root-cause flow and its capability. */
  flowId: z.string(),
  capability: z.string(),
  dedupKey: z.string(),
  /** Every flow the root took down in any of its failed runs. */
  affected: z.array(z.string()),
  /** The most urgent severity and the worst effect seen. */
  severity: z.enum(SEVERITIES).nullable(),
  effect: z.enum(EFFECTS).nullable(),
  /** In the order first seen. */
  failureClasses: z.array(z.enum(FAILURE_CLASSES)),
  failingSteps: z.array(z.string()),
  /** Start of the first failed run. */
  firstFailureAt: isoDate,
  /** When PROBE_CONFIRM_RUNS consecutive failures were reached (before the trigger when maintenance muted it). */
  confirmedAt: isoDate.nullable(),
  /** When the trigger went out. */
  alertedAt: isoDate.nullable(),
  /** When the resolve went out; null while open. */
  resolvedAt: isoDate.nullable(),
  /** Start of the last failed run. */
  lastFailureAt: isoDate,
  /** First failed run → trigger (the status page's "time to detect"). */
  timeToDetectMs: z.number().nonnegative().nullable(),
  /** Trigger → resolve (the status page's "time to resolve"); null while open. */
  timeToResolveMs: z.number().nonnegative().nullable(),
  /** The probe locations whose runs failed. */
  locations: z.array(z.string()),
  failedRuns: z.number().int().nonnegative(),
  renotifications: z.number().int().nonnegative(),
  /** The incident's folder, relative to `reports/probe/`. */
  folder: z.string(),
});
export type RegisterEntry = z.infer<typeof registerEntrySchema>;

/** A follow-up's state in a post-mortem's checklist: `- [ ] (open) …`, `- [x] (fixed) …`, `- [x] (wontfix) …`. */
export const FOLLOW_UP_STATES = ['open', 'fixed', 'wontfix'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

export interface FollowUp {
  readonly state: FollowUpState;
  readonly text: string;
}

/** The post-mortem as the resolve's webhook event carries it: the Markdown and its follow-ups as data. */
export interface PostmortemPayload {
  readonly incidentId: string;
  /** POSTMORTEM.md as written into the incident's folder (cut to a size every receiver takes). */
  readonly markdown: string;
  readonly followUps: readonly FollowUp[];
  readonly firstFailureAt: string;
  readonly alertedAt: string | null;
  readonly resolvedAt: string | null;
  readonly timeToDetectMs: number | null;
  readonly timeToResolveMs: number | null;
}
