import type { Effect } from '../../contract';
import type { Flow } from '../../flows';
import type { RegisterEntry } from '../incidents/schema';
import type { MaintenanceWindow } from './maintenance';
import type { IncidentRecord, RunKind, StatusModel } from './model';

/** How long the members' page looks back for past incidents. */
export const MEMBERS_HISTORY_DAYS = 90;
const DAY = 86_400_000;

/**
 * A capability's state as members are told: `operational`; the effect of an open incident on it (`down`, `degraded`,
 * `wrong`); `maintenance` while it fails inside a maintenance window; `unknown` before any check. A capability that
 * another one's incident takes down is `down`, with that one as `cause`.
 */
export type MemberState = 'operational' | Effect | 'maintenance' | 'unknown';

/** One capability on the members' page. */
export interface MemberCapability {
  readonly name: string;
  readonly state: MemberState;
  /** The members' name of the capability whose incident takes this one down, when it is not its own. */
  readonly cause: string | null;
}

/** An incident as members see it: which capability, what it meant, from when to when. Nothing of how it failed. */
export interface MemberIncident {
  /** Members' name of the root-cause capability. */
  readonly name: string;
  /** Members' names of the other capabilities it took down. */
  readonly affected: readonly string[];
  readonly effect: Effect;
  /** The registry's status message for members for this effect. */
  readonly message: string;
  /** Start of the first failed check. */
  readonly since: string;
  /** When the all-clear went out; null while open. */
  readonly resolvedAt: string | null;
  /** Since → resolved, or since → now while open. */
  readonly durationMs: number;
}

/** Everything the members' page shows. Built only from names and messages the registry gives members. */
export interface MembersModel {
  readonly generatedAt: string;
  readonly timeZone: string;
  /** Start of the last probe run; null before any. */
  readonly lastCheckAt: string | null;
  readonly capabilities: readonly MemberCapability[];
  /** Oldest first. */
  readonly open: readonly MemberIncident[];
  readonly maintenance: (MaintenanceWindow & { readonly current: boolean }) | null;
  /** The last 90 days, newest first, open ones included. */
  readonly past: readonly MemberIncident[];
}

/** One incident, whichever source it came from, in the probe's own terms. */
interface IncidentFacts {
  readonly flowId: string;
  readonly affected: readonly string[];
  readonly effect: Effect | null;
  readonly firstFailureAt: string;
  readonly alertedAt: string;
  readonly resolvedAt: string | null;
}

const fromHistory = (incident: IncidentRecord): IncidentFacts => ({
  flowId: incident.flowId,
  affected: incident.affected,
  effect: incident.effect,
  firstFailureAt: incident.firstFailedAt,
  alertedAt: incident.triggeredAt,
  resolvedAt: incident.resolvedAt,
});

/**
 * The incidents members are told of: the register's (reports/probe/incidents.jsonl, the authority once it exists) that
 * went out as an alert, and those the history shows that no register line covers (incidents from before the register,
 * or a register that could not be written). Two records are one incident when they share the root flow and their times
 * overlap. A confirmed failure muted by maintenance is not an incident for members: they were told of the maintenance.
 */
function mergeIncidents(history: readonly IncidentRecord[], register: readonly RegisterEntry[], now: number): IncidentFacts[] {
  const registered = register.flatMap((entry): IncidentFacts[] =>
    entry.alertedAt ? [{ ...entry, alertedAt: entry.alertedAt, resolvedAt: entry.resolvedAt }] : [],
  );
  const end = (incident: IncidentFacts) => (incident.resolvedAt ? Date.parse(incident.resolvedAt) : now);
  const overlaps = (a: IncidentFacts, b: IncidentFacts) =>
    a.flowId === b.flowId && Date.parse(a.firstFailureAt) <= end(b) && Date.parse(b.firstFailureAt) <= end(a);
  const unregistered = register.length
    ? history.map(fromHistory).filter((incident) => !register.some((entry) => overlaps(incident, { ...entry, alertedAt: '' })))
    : history.map(fromHistory);
  return [...registered, ...unregistered];
}

/** Running while it is not resolved: the register's word when it has the incident, else the history's. */
const isOpen = (incident: IncidentFacts) => incident.resolvedAt === null;

/** What the members' state word is for a flow's latest judged run while no incident is open for it. */
const FAILING_KINDS: ReadonlySet<RunKind> = new Set(['down', 'blocked', 'degraded']);

/**
 * Builds the members' page from the operations model, the incident register and the maintenance window. Only the
 * registry's `members` wording and times reach it: never a flow id, step, failure class, error, location or URL.
 */
export function buildMembersModel(input: {
  readonly status: StatusModel;
  readonly register: readonly RegisterEntry[];
  readonly maintenance: MaintenanceWindow | null;
  readonly registry: readonly Flow[];
  readonly timeZone: string;
  readonly now: Date;
}): MembersModel {
  const now = input.now.getTime();
  const byId = new Map(input.registry.map((flow) => [flow.id, flow]));
  const nameOf = (id: string) => byId.get(id)?.members.name;
  const toMember = (incident: IncidentFacts): MemberIncident | null => {
    const flow = byId.get(incident.flowId);
    if (!flow) return null;
    const effect = incident.effect ?? 'down';
    return {
      name: flow.members.name,
      affected: incident.affected.flatMap((id) => (id !== flow.id && nameOf(id) ? [nameOf(id) as string] : [])),
      effect,
      message: flow.members[effect],
      since: incident.firstFailureAt,
      resolvedAt: incident.resolvedAt,
      durationMs: Math.max(0, (incident.resolvedAt ? Date.parse(incident.resolvedAt) : now) - Date.parse(incident.firstFailureAt)),
    };
  };

  // The operations model's incidents: every one of the last 90 days, and the open ones whatever their age.
  const history = [...input.status.recentIncidents, ...input.status.openIncidents].filter(
    (incident, index, all) =>
      all.findIndex((other) => other.flowId === incident.flowId && other.triggeredAt === incident.triggeredAt) === index,
  );
  const incidents = mergeIncidents(history, input.register, now);
  const openFacts = incidents.filter(isOpen).sort((a, b) => a.firstFailureAt.localeCompare(b.firstFailureAt));
  const window = input.maintenance
    ? { ...input.maintenance, current: !input.maintenance.from || Date.parse(input.maintenance.from) <= now }
    : null;

  const capabilities = input.registry.map((flow): MemberCapability => {
    const own = openFacts.find((incident) => incident.flowId === flow.id);
    if (own) return { name: flow.members.name, state: own.effect ?? 'down', cause: null };
    const through = openFacts.find((incident) => incident.affected.includes(flow.id));
    if (through) return { name: flow.members.name, state: 'down', cause: nameOf(through.flowId) ?? null };
    const current = input.status.flows.find((entry) => entry.id === flow.id)?.current ?? null;
    if (!current) return { name: flow.members.name, state: 'unknown', cause: null };
    if (window?.current && FAILING_KINDS.has(current.kind)) return { name: flow.members.name, state: 'maintenance', cause: null };
    return { name: flow.members.name, state: 'operational', cause: null };
  });

  const since = now - MEMBERS_HISTORY_DAYS * DAY;
  return {
    generatedAt: input.now.toISOString(),
    timeZone: input.timeZone,
    lastCheckAt: input.status.runs.last,
    capabilities,
    open: openFacts.flatMap((incident) => toMember(incident) ?? []),
    maintenance: window,
    past: incidents
      .filter((incident) => isOpen(incident) || Date.parse(incident.resolvedAt ?? '') >= since)
      .sort((a, b) => b.firstFailureAt.localeCompare(a.firstFailureAt))
      .flatMap((incident) => toMember(incident) ?? []),
  };
}
