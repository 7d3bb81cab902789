import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { highestSeverity, writeFileAtomic, type Effect, type FailureClass, type ReportPaths } from '../../contract';
import type { Severity } from '../../flows';
import { INCIDENT_RECORD_VERSION, incidentEventSchema, registerEntrySchema, type IncidentEvent, type RegisterEntry } from './schema';

/** The facts of an incident its events do not repeat: who it is and what it is about. */
export interface IncidentIdentity {
  readonly id: string;
  readonly target: string;
  readonly flowId: string;
  readonly capability: string;
  readonly dedupKey: string;
}

const EFFECT_ORDER: readonly Effect[] = ['down', 'wrong', 'degraded'];

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
const between = (from: string | null, to: string | null) => (from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : null);

/**
 * The register line of an incident, computed from its events alone, so the folder is the authority and the register
 * can always be rebuilt from it. Times follow the status page's definitions: time to detect runs from the first failed
 * run (its start) to the trigger, time to resolve from the trigger to the resolve.
 */
export function summarizeIncident(identity: IncidentIdentity, events: readonly IncidentEvent[]): RegisterEntry {
  const runs = events.filter((event) => event.run);
  const first = events.find((event) => event.type === 'first-failure') ?? runs[0];
  const firstFailureAt = first?.run?.startedAt ?? first?.at ?? events[0]?.at ?? new Date(0).toISOString();
  const when = (type: IncidentEvent['type']) => events.find((event) => event.type === type)?.at ?? null;
  const alertedAt = when('triggered');
  const resolvedAt = when('resolved');
  const seen = runs.map((event) => event.run!);
  const effects = unique(seen.flatMap((run) => (run.effect ? [run.effect] : [])));
  const severities = seen.flatMap((run): Severity[] => (run.severity ? [run.severity] : []));
  return {
    v: INCIDENT_RECORD_VERSION,
    id: identity.id,
    target: identity.target,
    flowId: identity.flowId,
    capability: identity.capability,
    dedupKey: identity.dedupKey,
    affected: unique(seen.flatMap((run) => run.affected)),
    severity: severities.length ? highestSeverity(severities) : null,
    effect: EFFECT_ORDER.find((effect) => effects.includes(effect)) ?? null,
    failureClasses: unique(seen.flatMap((run): FailureClass[] => (run.errorClass ? [run.errorClass] : []))),
    failingSteps: unique(seen.flatMap((run) => (run.failingStep ? [run.failingStep] : []))),
    firstFailureAt,
    confirmedAt: when('confirmed'),
    alertedAt,
    resolvedAt,
    lastFailureAt: seen.at(-1)?.startedAt ?? firstFailureAt,
    timeToDetectMs: between(firstFailureAt, alertedAt),
    timeToResolveMs: between(alertedAt, resolvedAt),
    locations: unique(runs.map((event) => event.location)).sort(),
    failedRuns: runs.length,
    renotifications: events.filter((event) => event.type === 'renotified').length,
    folder: `incidents/${identity.id}`,
  };
}

/** Reads a JSON-lines file of one schema; a line a crash cut short, or a hand-damaged one, is skipped. */
async function readLines<T>(file: string, parse: (value: unknown) => T): Promise<T[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => {
      try {
        return [parse(JSON.parse(line))];
      } catch {
        return [];
      }
    });
}

/** The register, oldest incident first (`reports/probe/incidents.jsonl`); empty before the first incident. */
export function readRegister(file: string): Promise<RegisterEntry[]> {
  return readLines(file, (value) => registerEntrySchema.parse(value));
}

/**
 * Puts an incident's line into the register (replacing its earlier line), ordered by first failure, and rewrites the
 * file atomically (temp file + rename, like state.json): a crash leaves the old register or the new one. Like
 * history.jsonl, it is never trimmed.
 */
export async function upsertRegister(file: string, entry: RegisterEntry): Promise<RegisterEntry[]> {
  const others = (await readRegister(file)).filter((line) => line.id !== entry.id);
  const entries = [...others, registerEntrySchema.parse(entry)].sort(
    (a, b) => a.firstFailureAt.localeCompare(b.firstFailureAt) || a.id.localeCompare(b.id),
  );
  await writeFileAtomic(file, entries.map((line) => `${JSON.stringify(line)}\n`).join(''));
  return entries;
}

/** An incident's events, in the order they were recorded. */
export function readEvents(folder: string): Promise<IncidentEvent[]> {
  return readLines(path.join(folder, 'events.jsonl'), (value) => incidentEventSchema.parse(value));
}

/** Events that happen once per incident: recorded again (a run replayed after a crash), they are not added twice. */
const ONCE: ReadonlySet<IncidentEvent['type']> = new Set(['first-failure', 'confirmed', 'triggered', 'resolved']);

/**
 * Appends events to an incident's `events.jsonl`, each on a line of its own, leaving out what it already holds: a
 * once-only event already there, or the same event of the same run. Returns the events the file now holds.
 */
export async function appendEvents(folder: string, events: readonly IncidentEvent[]): Promise<IncidentEvent[]> {
  const present = await readEvents(folder);
  const key = (event: IncidentEvent) => `${event.type}|${event.runId}|${event.channel ?? ''}|${event.detail ?? ''}`;
  const keys = new Set(present.map(key));
  const fresh = events.filter((event) => {
    if (ONCE.has(event.type) && present.some((old) => old.type === event.type)) return false;
    if (keys.has(key(event))) return false;
    keys.add(key(event));
    return true;
  });
  if (fresh.length) {
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, 'events.jsonl');
    const existing = await readFile(file, 'utf8').catch(() => '');
    const separator = existing && !existing.endsWith('\n') ? '\n' : '';
    await appendFile(file, `${separator}${fresh.map((event) => JSON.stringify(incidentEventSchema.parse(event))).join('\n')}\n`);
  }
  return [...present, ...fresh];
}

/** The incident folders present under `reports/probe/incidents/`, by id. */
export async function incidentIds(paths: ReportPaths): Promise<string[]> {
  const names = await readdir(paths.probe.incidents, { withFileTypes: true }).catch(() => []);
  return names
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
