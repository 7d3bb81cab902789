import { createHash } from 'node:crypto';
import {
  incidentId,
  stateWord,
  stripControl,
  truncate,
  type Effect,
  type FailureClass,
  type FlowSummary,
  type Incident,
  type RootCause,
  type Summary,
} from '../contract';
import { findPromise, type Flow, type Severity } from '../flows';
import type { PostmortemPayload } from './incidents/schema';
import { PROBE_STATE_VERSION, type FlowState, type HistoryFlow, type LifecycleState, type ProbeAction, type ProbeState } from './schema';

/** What the probe knows when it decides: settings and the clock, passed in so the rules stay pure. */
export interface LifecycleSettings {
  readonly target: string;
  readonly location: string;
  /** Consecutive failed runs before a trigger (≥ 1). */
  readonly confirmRuns: number;
  /** Re-send the trigger of an open incident after this many minutes; unset: never by time. */
  readonly renotifyMinutes?: number;
  /** ISO time until which triggers are muted (planned maintenance). */
  readonly maintenanceUntil?: string;
  readonly now: string;
}

/** How the run ended: judged (summary read) or a suite error (exit 2, summary missing or verdict `error`). */
export type RunOutcome =
  | { readonly kind: 'judged'; readonly summary: Summary; readonly incident?: Incident }
  | { readonly kind: 'suite-error'; readonly message: string; readonly summary?: Summary };

/** What a trigger says about one root-cause flow: everything on-call needs to start. */
export interface TriggerDetails {
  readonly flowId: string;
  readonly title: string;
  readonly capability: string;
  readonly impact: string;
  readonly owner: string;
  readonly runbook: string;
  readonly statusMessage: string;
  readonly severity: Severity;
  readonly effect: Effect;
  /** What happened to the capability, after its name: "is down", or the broken promise's symptom ("stores wrong totals"). */
  readonly state: string;
  /** The member promise the failure broke, in business words, when the suite names one. */
  readonly brokenPromise: string | null;
  readonly errorClass: FailureClass | null;
  readonly failingStep: string | null;
  readonly error: string | null;
  /** The incident's phrase for this root cause, e.g. "server error 500 on POST /anmelden at “Sign in”". */
  readonly failure: string | null;
  readonly attempts: number;
  /** Flows that failed or could not run because this one failed. */
  readonly affected: readonly string[];
  readonly failingSince: string;
  readonly incidentTitle: string | null;
  readonly screenshots: readonly string[];
  /** Set when this trigger re-notifies an incident already open (an update): when it was opened. */
  readonly openedAt?: string | null;
  /** Affected flows that have an incident of their own open (flow id → its failing since): named as such, not as consequences. */
  readonly ownIncidents?: Readonly<Record<string, string>>;
}

interface AlertBase {
  /** Deterministic: the same decision recomputed after a crash gets the same id, so the spool never holds it twice. */
  readonly id: string;
  readonly dedupKey: string;
  readonly target: string;
  readonly location: string;
  readonly at: string;
  readonly runId: string | null;
  readonly commit: string | null;
}

/** One alert to send on every configured channel. */
export type Alert =
  | (AlertBase & {
      readonly kind: 'trigger';
      readonly reason: string;
      /** The incident's identity (its folder under reports/probe/incidents/); the dedup key stays per flow. */
      readonly incidentId?: string;
      readonly details: TriggerDetails;
      readonly incident: Incident | null;
    })
  | (AlertBase & {
      readonly kind: 'resolve';
      readonly flowId: string;
      readonly capability: string;
      readonly title: string;
      readonly failingSince: string | null;
      readonly openedAt: string | null;
      readonly durationMs: number;
      readonly incidentId?: string;
      /** The post-mortem written into the incident's folder as the resolve goes out (the webhook carries it). */
      readonly postmortem?: PostmortemPayload;
    })
  | (AlertBase & { readonly kind: 'probe-broken'; readonly message: string; readonly since: string })
  | (AlertBase & { readonly kind: 'probe-broken-resolved'; readonly since: string | null; readonly durationMs: number })
  /** Something people must know that needs no resolve (an alert that could not be spooled or read): Slack and webhook only. */
  | (AlertBase & { readonly kind: 'notice'; readonly message: string });

export interface LifecycleResult {
  readonly state: ProbeState;
  readonly alerts: readonly Alert[];
  readonly actions: readonly ProbeAction[];
  readonly flows: readonly HistoryFlow[];
  readonly maintenance: boolean;
  /** ■ exit codes: 0 healthy, 1 a product failure (confirmed or not yet), 2 suite error. */
  readonly exitCode: 0 | 1 | 2;
}

const DEDUP_KEY_MAX = 255;
/** Longest text of the target's an alert, the state or the history carries: far inside every receiver's limit. */
export const MESSAGE_MAX = 2000;

/** PagerDuty dedup_key of a root-cause flow: per target and flow, never per location, so locations collapse into one incident. */
export function dedupKeyFor(target: string, flowId: string): string {
  return `firewatch:${hostOf(target)}:${flowId}`.slice(0, DEDUP_KEY_MAX);
}

/** dedup_key of the "probe is broken" notice: per location, since one location's probe can break alone. */
export function probeBrokenKeyFor(target: string, location: string): string {
  const place = location.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  return `firewatch:${hostOf(target)}:probe-broken:${place}`.slice(0, DEDUP_KEY_MAX);
}

function hostOf(target: string): string {
  try {
    return new URL(target).host;
  } catch {
    return target;
  }
}

/** A fresh state for a target: every flow healthy, no notice open. */
export function emptyState(target: string, location: string, now: string): ProbeState {
  return {
    v: PROBE_STATE_VERSION,
    target,
    updatedAt: now,
    flows: {},
    probeBroken: { open: false, since: null, dedupKey: probeBrokenKeyFor(target, location), message: null },
  };
}

function freshFlowState(target: string, flowId: string): FlowState {
  return {
    state: 'healthy',
    consecutiveFailures: 0,
    failingSince: null,
    openedAt: null,
    lastNotifiedAt: null,
    resolvedAt: null,
    dedupKey: dedupKeyFor(target, flowId),
    severity: null,
    effect: null,
    errorClass: null,
    failingStep: null,
    affected: [],
    lastRunAt: null,
    lastStatus: null,
    lastDurationMs: null,
  };
}

function alertId(...parts: (string | null)[]): string {
  return createHash('sha256')
    .update(parts.map((part) => part ?? '-').join('\n'))
    .digest('hex')
    .slice(0, 24);
}

const ms = (from: string | null, to: string) => (from ? Math.max(0, Date.parse(to) - Date.parse(from)) : 0);

/** True while a maintenance window mutes triggers. */
export function inMaintenance(settings: Pick<LifecycleSettings, 'maintenanceUntil' | 'now'>): boolean {
  return !!settings.maintenanceUntil && Date.parse(settings.now) < Date.parse(settings.maintenanceUntil);
}

/**
 * What the incident reporter decided about a flow in this run: a root cause (incident.json's `rootCauses`), a
 * consequence of one (a root's `affected`, or summary.json's `blockedBy` for a blocked check), or not observed. The
 * probe never decides this again; a failed flow no incident names (incident.json unreadable) is its own root, so an
 * outage is never left unpaged.
 */
type Observation =
  { kind: 'passed' } | { kind: 'root'; root: RootCause | undefined } | { kind: 'dependent'; rootCause: string } | { kind: 'unobserved' };

function observe(flow: FlowSummary, incident: Incident | undefined): Observation {
  if (flow.status === 'passed' || flow.status === 'flaky') return { kind: 'passed' };
  const root = incident?.rootCauses.find((candidate) => candidate.flowId === flow.id);
  if (root) return { kind: 'root', root };
  const rootCause = incident?.rootCauses.find((candidate) => candidate.affected.includes(flow.id))?.flowId ?? flow.blockedBy;
  if (rootCause) return { kind: 'dependent', rootCause };
  return flow.status === 'failed' ? { kind: 'root', root: undefined } : { kind: 'unobserved' };
}

/** Why an open incident deserves a second alert, or null: a changed failure class, effect or failing step, or the renotify interval. */
function renotifyReason(previous: FlowState, next: FlowState, settings: LifecycleSettings): string | null {
  if (previous.errorClass !== next.errorClass)
    return `failure class changed from ${previous.errorClass ?? 'none'} to ${next.errorClass ?? 'none'}`;
  if (previous.effect !== next.effect) return `effect changed from ${previous.effect ?? 'none'} to ${next.effect ?? 'none'}`;
  if (previous.failingStep !== next.failingStep) return `failing step changed to “${next.failingStep ?? 'unknown'}”`;
  if (
    settings.renotifyMinutes &&
    previous.lastNotifiedAt &&
    ms(previous.lastNotifiedAt, settings.now) >= settings.renotifyMinutes * 60_000
  ) {
    return `still failing after ${settings.renotifyMinutes} minutes`;
  }
  return null;
}

/**
 * The incident lifecycle, as a pure function: previous state + this run's outcome → next state, the alerts to send
 * and the actions for the history line. healthy → failing (unconfirmed) → open (trigger) → resolved (resolve).
 */
export function advanceLifecycle(input: {
  previous: ProbeState | undefined;
  outcome: RunOutcome;
  registry: readonly Flow[];
  settings: LifecycleSettings;
}): LifecycleResult {
  const { outcome, registry, settings } = input;
  const { now, target, location } = settings;
  const base = input.previous && input.previous.target === target ? input.previous : emptyState(target, location, now);
  const maintenance = inMaintenance(settings);
  const alerts: Alert[] = [];
  const actions: ProbeAction[] = [];
  const summary = outcome.summary;
  const runId = summary?.runId ?? null;
  const commit = summary?.commit ?? null;
  const common = (id: string, dedupKey: string) => ({ id, dedupKey, target, location, at: now, runId, commit });
  // What the suite error says may quote the target: printable, and short enough for every receiver and the state.
  const brokenMessage = outcome.kind === 'suite-error' ? truncate(stripControl(outcome.message), MESSAGE_MAX) : '';

  let probeBroken = { ...base.probeBroken, dedupKey: probeBrokenKeyFor(target, location) };
  if (outcome.kind === 'suite-error') {
    if (!probeBroken.open) {
      if (maintenance) {
        actions.push({
          type: 'muted',
          detail: `probe is broken (${outcome.message.slice(0, 200)}); maintenance until ${settings.maintenanceUntil}`,
        });
      } else {
        probeBroken = { open: true, since: now, dedupKey: probeBroken.dedupKey, message: brokenMessage };
        alerts.push({
          kind: 'probe-broken',
          message: brokenMessage,
          since: now,
          ...common(alertId('probe-broken', probeBroken.dedupKey, now), probeBroken.dedupKey),
        });
        actions.push({ type: 'probe-broken-notice', detail: outcome.message.slice(0, 300) });
      }
    }
    // The suite could not judge the target: product incidents neither advance nor resolve.
    const flows = (summary?.flows ?? []).map((flow) => historyFlow(flow, base.flows[flow.id]?.state ?? 'healthy'));
    return { state: { ...base, updatedAt: now, probeBroken }, alerts, actions, flows, maintenance, exitCode: 2 };
  }

  if (probeBroken.open) {
    alerts.push({
      kind: 'probe-broken-resolved',
      since: probeBroken.since,
      durationMs: ms(probeBroken.since, now),
      ...common(alertId('probe-broken-resolved', probeBroken.dedupKey, probeBroken.since), probeBroken.dedupKey),
    });
    actions.push({ type: 'probe-broken-resolved' });
    probeBroken = { open: false, since: null, dedupKey: probeBroken.dedupKey, message: null };
  }

  const { incident } = outcome;
  const registryById = new Map(registry.map((flow) => [flow.id, flow]));
  const nextFlows: Record<string, FlowState> = { ...base.flows };
  const history: HistoryFlow[] = [];
  for (const flow of outcome.summary.flows) {
    const entry = registryById.get(flow.id);
    const previous = base.flows[flow.id] ?? freshFlowState(target, flow.id);
    const observation = observe(flow, incident);
    let next: FlowState = {
      ...previous,
      dedupKey: dedupKeyFor(target, flow.id),
      lastRunAt: now,
      lastStatus: flow.status,
      lastDurationMs: flow.durationMs,
    };
    if (observation.kind === 'passed') {
      if (previous.state === 'open') {
        alerts.push({
          kind: 'resolve',
          flowId: flow.id,
          capability: entry?.capability ?? flow.id,
          title: entry?.title ?? flow.id,
          failingSince: previous.failingSince,
          openedAt: previous.openedAt,
          durationMs: ms(previous.failingSince, now),
          ...(previous.incidentId ? { incidentId: previous.incidentId } : {}),
          ...common(alertId('resolve', next.dedupKey, previous.openedAt), next.dedupKey),
        });
        actions.push({ type: 'resolved', flowId: flow.id, detail: `after ${Math.round(ms(previous.failingSince, now) / 1000)} s` });
        next = { ...next, state: 'resolved', resolvedAt: now };
      } else {
        // A streak that ended before its trigger was never an incident: its id goes.
        next = { ...next, state: 'healthy', ...(previous.state === 'failing' ? { incidentId: undefined } : {}) };
      }
      next = {
        ...next,
        consecutiveFailures: 0,
        failingSince: null,
        openedAt: null,
        affected: [],
        errorClass: null,
        failingStep: null,
        effect: null,
        severity: null,
      };
    } else if (observation.kind === 'root' && entry) {
      const { root } = observation;
      const continuing = previous.state === 'failing' || previous.state === 'open';
      const streakStart = continuing ? (previous.failingSince ?? now) : now;
      next = {
        ...next,
        incidentId: (continuing ? previous.incidentId : undefined) ?? incidentId(flow.id, streakStart),
        consecutiveFailures: previous.state === 'failing' || previous.state === 'open' ? previous.consecutiveFailures + 1 : 1,
        failingSince: streakStart,
        severity: root?.severity ?? flow.severity ?? entry.severity,
        effect: root?.effect ?? flow.effect ?? 'down',
        errorClass: flow.errorClass,
        failingStep: flow.failingStep,
        affected: [...(root?.affected ?? [])],
        state: previous.state === 'open' ? 'open' : 'failing',
      };
      const trigger = (reason: string, id: string): Alert => ({
        kind: 'trigger',
        reason,
        ...(next.incidentId ? { incidentId: next.incidentId } : {}),
        details: { ...triggerDetails(flow, entry, next, incident, root), ...alertFacts(next, base.flows) },
        incident: incident ?? null,
        ...common(id, next.dedupKey),
      });
      if (next.state === 'failing' && next.consecutiveFailures >= settings.confirmRuns) {
        if (maintenance) {
          actions.push({
            type: 'muted',
            flowId: flow.id,
            detail: `confirmed failure muted: maintenance until ${settings.maintenanceUntil}`,
          });
        } else {
          alerts.push(trigger(`failed ${next.consecutiveFailures} consecutive run(s)`, alertId('trigger', next.dedupKey, streakStart)));
          actions.push({
            type: 'triggered',
            flowId: flow.id,
            detail: `${next.severity} ${next.effect}: ${flow.failingStep ?? flow.errorClass ?? 'failed'}`,
          });
          next = { ...next, state: 'open', openedAt: now, lastNotifiedAt: now, resolvedAt: null };
        }
      } else if (next.state === 'open') {
        const reason = renotifyReason(previous, next, settings);
        if (reason && maintenance) {
          actions.push({
            type: 'muted',
            flowId: flow.id,
            detail: `re-notification (${reason}) muted: maintenance until ${settings.maintenanceUntil}`,
          });
        } else if (reason) {
          alerts.push(trigger(reason, alertId('renotify', next.dedupKey, now)));
          actions.push({ type: 'renotified', flowId: flow.id, detail: reason });
          next = { ...next, lastNotifiedAt: now };
        }
      }
    } else if (observation.kind === 'dependent') {
      actions.push({ type: 'suppressed-dependent', flowId: flow.id, detail: `consequence of ${observation.rootCause}` });
    }
    nextFlows[flow.id] = next;
    history.push({ ...historyFlow(flow, next.state), ...(observation.kind === 'dependent' ? { rootCause: observation.rootCause } : {}) });
  }

  const failed = outcome.summary.flows.some((flow) => flow.status === 'failed') || outcome.summary.verdict === 'failed';
  return {
    state: { v: PROBE_STATE_VERSION, target, updatedAt: now, flows: nextFlows, probeBroken },
    alerts,
    actions,
    flows: history,
    maintenance,
    exitCode: failed ? 1 : 0,
  };
}

function historyFlow(flow: FlowSummary, state: LifecycleState): HistoryFlow {
  return {
    id: flow.id,
    status: flow.status,
    durationMs: flow.durationMs,
    errorClass: flow.errorClass,
    failingStep: flow.failingStep,
    effect: flow.effect,
    severity: flow.severity,
    state,
  };
}

/** The trigger's words: the incident's own record of the flow (registry facts included), the registry only without one. */
function triggerDetails(
  flow: FlowSummary,
  entry: Flow,
  next: FlowState,
  incident: Incident | undefined,
  root: RootCause | undefined,
): TriggerDetails {
  const recorded = incident?.flows.find((candidate) => candidate.id === flow.id);
  const facts = recorded ?? entry;
  const effect = next.effect ?? 'down';
  const broken = recorded?.brokenPromise ?? root?.brokenPromise ?? null;
  return {
    flowId: flow.id,
    title: facts.title,
    capability: facts.capability,
    impact: facts.impact,
    owner: facts.owner,
    runbook: facts.runbook,
    statusMessage: facts.statusMessage,
    severity: next.severity ?? entry.severity,
    effect,
    state: stateWord(effect, broken ? findPromise(broken.id)?.symptom : undefined),
    brokenPromise: broken ? truncate(stripControl(broken.promise), MESSAGE_MAX) : null,
    errorClass: flow.errorClass,
    failingStep: flow.failingStep,
    error: recorded?.errorFirstLine ? truncate(stripControl(recorded.errorFirstLine), MESSAGE_MAX) : null,
    failure: root?.phrase ? truncate(stripControl(root.phrase), MESSAGE_MAX) : null,
    attempts: recorded?.attempts ?? 0,
    affected: next.affected,
    failingSince: next.failingSince ?? next.lastRunAt ?? '',
    incidentTitle: incident?.title ?? null,
    screenshots: recorded?.tests.flatMap((test) => test.screenshots).slice(0, 5) ?? [],
  };
}

/** What an alert says beside the incident's words: whether it updates an open incident, and which dependents have their own. */
function alertFacts(next: FlowState, flows: Readonly<Record<string, FlowState>>): Pick<TriggerDetails, 'openedAt' | 'ownIncidents'> {
  const own = next.affected.flatMap((id) => {
    const other = flows[id];
    return other?.state === 'open' && other.failingSince ? [[id, other.failingSince] as const] : [];
  });
  return { openedAt: next.openedAt, ownIncidents: Object.fromEntries(own) };
}
