import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { incidentFolder, incidentSchema, readIncident, truncate, writeFileAtomic, type Incident, type ReportPaths } from '../../contract';
import type { Flow } from '../../flows';
import { redactText } from '../../incident';
import type { Alert, LifecycleResult } from '../lifecycle';
import { historyLineSchema, type HistoryFlow, type HistoryLine, type ProbeAction } from '../schema';
import { screenshotFileName } from '../notify/text';
import { postmortemPayload, renderPostmortem } from './postmortem';
import { appendEvents, readEvents, readRegister, summarizeIncident, upsertRegister, type IncidentIdentity } from './register';
import { INCIDENT_RECORD_VERSION, type IncidentEvent, type RegisterEntry } from './schema';

/** The files of an incident's folder. */
export const INCIDENT_FILES = {
  markdown: 'INCIDENT.md',
  json: 'incident.json',
  events: 'events.jsonl',
  postmortem: 'POSTMORTEM.md',
  lastFailure: 'last-failure',
} as const;

/** One probe run as the incident record needs it: its lifecycle result, before its history line is written. */
export interface IncidentRun {
  readonly paths: ReportPaths;
  readonly target: string;
  readonly location: string;
  readonly runId: string;
  readonly startedAt: string;
  /** When the lifecycle decided (every alert of the run carries this time). */
  readonly decidedAt: string;
  readonly confirmRuns: number;
  readonly timeZone: string;
  readonly secrets: readonly string[];
  readonly registry: readonly Flow[];
  readonly result: LifecycleResult;
}

/** What a run did to its incidents: the alerts to send (a resolve with its post-mortem), and which incident each flow is. */
export interface RecordedIncidents {
  readonly alerts: readonly Alert[];
  /** Flow id → incident id, for the flows whose incident this run touched. */
  readonly touched: ReadonlyMap<string, string>;
}

/** The part of a history line the events are derived from; the current run's is built before its line is written. */
type RunLine = Pick<HistoryLine, 'runId' | 'startedAt' | 'endedAt' | 'location' | 'verdict' | 'flows' | 'actions' | 'decidedAt'>;

const decidedAtOf = (line: RunLine) => line.decidedAt ?? line.endedAt;
const isRootFailure = (flow: HistoryFlow | undefined) => !!flow && flow.status === 'failed' && !flow.rootCause;

/**
 * The events of one incident that the runs in `lines` (oldest first, from the first failed run on) tell: each failed run,
 * the confirmation after `confirmRuns` of them, maintenance mutes, trigger, re-notifications and the resolve. Stops at
 * the resolve (a later streak is another incident). `failuresBefore`: failed runs already recorded.
 */
export function eventsFromRuns(lines: readonly RunLine[], flowId: string, confirmRuns: number, failuresBefore = 0): IncidentEvent[] {
  const events: IncidentEvent[] = [];
  let failures = failuresBefore;
  for (const line of lines) {
    if (line.verdict === 'error') continue;
    const flow = line.flows.find((candidate) => candidate.id === flowId);
    const base = { v: INCIDENT_RECORD_VERSION, at: decidedAtOf(line), location: line.location, runId: line.runId } as const;
    const actions = line.actions.filter((action) => action.flowId === flowId);
    const said = (type: ProbeAction['type']) => actions.filter((action) => action.type === type);
    if (isRootFailure(flow)) {
      failures++;
      events.push({
        ...base,
        type: failures === 1 ? 'first-failure' : 'failed-run',
        run: {
          startedAt: line.startedAt,
          errorClass: flow!.errorClass,
          failingStep: flow!.failingStep,
          effect: flow!.effect,
          severity: flow!.severity,
          affected: line.flows.filter((other) => other.rootCause === flowId).map((other) => other.id),
        },
      });
      if (failures === confirmRuns) events.push({ ...base, type: 'confirmed', detail: `${failures} consecutive failed run(s)` });
      for (const action of said('muted')) events.push({ ...base, type: 'muted', ...(action.detail ? { detail: action.detail } : {}) });
      for (const action of said('triggered'))
        events.push({ ...base, type: 'triggered', ...(action.detail ? { detail: action.detail } : {}) });
      for (const action of said('renotified'))
        events.push({ ...base, type: 'renotified', ...(action.detail ? { detail: action.detail } : {}) });
      continue;
    }
    for (const action of said('resolved')) events.push({ ...base, type: 'resolved', ...(action.detail ? { detail: action.detail } : {}) });
    if (flow && (flow.status === 'passed' || flow.status === 'flaky')) break;
  }
  return events;
}

/**
 * History lines of a target from the run that decided at `since` on. Only lines that started less than a day before it
 * are parsed (a run never lasts a day), so a year of history costs a read, not a year of validation.
 */
async function historySince(file: string, target: string, since: string): Promise<RunLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const from = Date.parse(since);
  const lines: RunLine[] = [];
  for (const raw of text.split('\n')) {
    const started = /"startedAt":"([^"]+)"/.exec(raw)?.[1];
    if (!started || Date.parse(started) < from - 86_400_000) continue;
    const parsed = (() => {
      try {
        return historyLineSchema.safeParse(JSON.parse(raw));
      } catch {
        return undefined;
      }
    })();
    if (!parsed?.success || parsed.data.target !== target) continue;
    if (Date.parse(decidedAtOf(parsed.data)) >= from) lines.push(parsed.data);
  }
  return lines;
}

/**
 * Copies a run's incident evidence into `dest`: INCIDENT.md (its screenshot links pointing at the copies, beside it),
 * incident.json and the screenshots. The run's reports were scrubbed of secrets before the probe read them; the texts
 * are scrubbed again here, whatever they came from. Returns the incident, or undefined when the run left none.
 */
async function copyEvidence(paths: ReportPaths, dest: string, secrets: readonly string[], runId: string): Promise<Incident | undefined> {
  const found = await readIncident(paths).catch(() => undefined);
  if (!found) return undefined;
  const { incident } = found;
  let markdown = found.markdown;
  await mkdir(dest, { recursive: true });
  for (const shot of incident.flows.flatMap((flow) => flow.tests.flatMap((test) => test.screenshots))) {
    const source = path.resolve(paths.dir, shot);
    // Only files of this reports folder: a path in incident.json never makes the probe copy anything else.
    if (!source.startsWith(`${paths.dir}${path.sep}`)) continue;
    // The name the alerts link to under REPORT_BASE_URL (probe/notify/text.ts), beside INCIDENT.md.
    const name = screenshotFileName(shot);
    const copied = await copyFile(source, path.join(dest, name)).then(
      () => true,
      () => false,
    );
    const reference = `](${path.posix.join('..', shot.split(path.sep).join('/'))})`;
    markdown = markdown.split(reference).join(copied ? `](${encodeURI(name)})` : `](missing:${name})`);
  }
  const note =
    `> Copied by the probe from run ${runId} into the incident's folder, with copies of its screenshots beside it; ` +
    `the HTML report and traces were that run's and are replaced by later runs.\n\n`;
  await writeFileAtomic(path.join(dest, INCIDENT_FILES.markdown), redactText(note + markdown, secrets));
  await writeFileAtomic(path.join(dest, INCIDENT_FILES.json), redactText(`${JSON.stringify(incident, null, 2)}\n`, secrets));
  return incident;
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** incident.json of a folder (the paging run's, or `last-failure/`'s), when readable. */
async function incidentIn(folder: string): Promise<Incident | undefined> {
  try {
    return incidentSchema.parse(JSON.parse(await readFile(path.join(folder, INCIDENT_FILES.json), 'utf8')));
  } catch {
    return undefined;
  }
}

function identityOf(run: IncidentRun, flowId: string, id: string, dedupKey: string): IncidentIdentity {
  const capability = run.registry.find((flow) => flow.id === flowId)?.capability ?? flowId;
  return { id, target: run.target, flowId, capability, dedupKey };
}

/**
 * Records what this run means for each incident, before its alerts go out: on the trigger the incident's folder (the
 * paging run's INCIDENT.md, incident.json and screenshots, never overwritten later) and its events so far; on later
 * failed runs their events and the `last-failure/` evidence; on the resolve the post-mortem, written into the folder
 * once (people edit it afterwards) and attached to the resolve alert. The register is updated for every incident touched.
 */
export async function recordIncidents(run: IncidentRun): Promise<RecordedIncidents> {
  const { result } = run;
  const current: RunLine = {
    runId: run.runId,
    startedAt: run.startedAt,
    endedAt: run.decidedAt,
    decidedAt: run.decidedAt,
    location: run.location,
    verdict: 'failed',
    flows: [...result.flows],
    actions: [...result.actions],
  };
  const touched = new Map<string, string>();
  const alerts: Alert[] = [];
  for (const alert of result.alerts) {
    if (alert.kind !== 'resolve' || !alert.incidentId) {
      alerts.push(alert);
      continue;
    }
    const postmortem = await resolveIncident(run, current, alert.flowId, alert.incidentId, alert.failingSince, alert.dedupKey);
    touched.set(alert.flowId, alert.incidentId);
    alerts.push(postmortem ? { ...alert, postmortem } : alert);
  }
  for (const [flowId, state] of Object.entries(result.state.flows)) {
    if (state.state !== 'open' || !state.incidentId || !state.failingSince) continue;
    if (!isRootFailure(result.flows.find((flow) => flow.id === flowId))) continue;
    await failedRun(run, current, flowId, state.incidentId, state.failingSince, state.dedupKey);
    touched.set(flowId, state.incidentId);
  }
  return { alerts, touched };
}

/** The events of this run for an incident, with the earlier ones from the history when its folder holds none yet. */
async function newEvents(run: IncidentRun, current: RunLine, folder: string, flowId: string, failingSince: string) {
  const present = await readEvents(folder);
  const lines = present.length
    ? [current]
    : [...(await historySince(run.paths.probe.history, run.target, failingSince)).filter((line) => line.runId !== run.runId), current];
  return eventsFromRuns(lines, flowId, run.confirmRuns, present.filter((event) => event.run).length);
}

/** A failed run of an open incident: the folder on the trigger, the run's events, the last-failure evidence otherwise. */
async function failedRun(run: IncidentRun, current: RunLine, flowId: string, id: string, failingSince: string, dedupKey: string) {
  const folder = incidentFolder(run.paths, id);
  const hasEvidence = await exists(path.join(folder, INCIDENT_FILES.json));
  if (!hasEvidence) {
    // The run that opened the incident (or the first this firewatch saw of it): its evidence is the incident's, for good.
    await mkdir(folder, { recursive: true });
    await copyEvidence(run.paths, folder, run.secrets, run.runId);
  } else {
    // A later failed run: its evidence replaces the previous last failure, never the paging run's.
    const last = path.join(folder, INCIDENT_FILES.lastFailure);
    await rm(last, { recursive: true, force: true });
    await copyEvidence(run.paths, last, run.secrets, run.runId);
  }
  const events = await appendEvents(folder, await newEvents(run, current, folder, flowId, failingSince));
  await upsertRegister(run.paths.probe.register, summarizeIncident(identityOf(run, flowId, id, dedupKey), events));
}

/** The resolve: its event, the register's final line, and POSTMORTEM.md (written once; a present one is sent as it is). */
async function resolveIncident(
  run: IncidentRun,
  current: RunLine,
  flowId: string,
  id: string,
  failingSince: string | null,
  dedupKey: string,
) {
  const folder = incidentFolder(run.paths, id);
  const events = await appendEvents(folder, await newEvents(run, current, folder, flowId, failingSince ?? run.decidedAt));
  const entry = summarizeIncident(identityOf(run, flowId, id, dedupKey), events);
  await upsertRegister(run.paths.probe.register, entry);
  const file = path.join(folder, INCIDENT_FILES.postmortem);
  let markdown = await readFile(file, 'utf8').catch(() => undefined);
  if (markdown === undefined) {
    const lastFailure = await incidentIn(path.join(folder, INCIDENT_FILES.lastFailure));
    const paged = await incidentIn(folder);
    markdown = redactText(
      renderPostmortem({
        entry,
        events,
        ...(paged ? { paged } : {}),
        ...(lastFailure ? { lastFailure } : {}),
        registry: run.registry,
        timeZone: run.timeZone,
        writtenAt: run.decidedAt,
      }).markdown,
      run.secrets,
    );
    await writeFileAtomic(file, markdown);
  }
  return postmortemPayload(entry, markdown);
}

const DELIVERY_EVENTS: ReadonlySet<ProbeAction['type']> = new Set(['spooled', 'delivered-from-spool', 'delivery-failed']);

/**
 * After delivery: each notification of an incident and what became of it, as events of its incident. This run's
 * alerts that no action reports as spooled or failed reached their channel; a delivery from the spool belongs to the
 * flow's incident this run touched, else to the flow's latest incident that paged.
 */
export async function recordDeliveries(input: {
  readonly paths: ReportPaths;
  readonly location: string;
  readonly runId: string;
  readonly at: string;
  readonly alerts: readonly Alert[];
  readonly channels: readonly string[];
  readonly actions: readonly ProbeAction[];
  readonly touched: ReadonlyMap<string, string>;
}): Promise<void> {
  const byIncident = new Map<string, IncidentEvent[]>();
  const add = (id: string, event: IncidentEvent) => byIncident.set(id, [...(byIncident.get(id) ?? []), event]);
  const base = { v: INCIDENT_RECORD_VERSION, at: input.at, location: input.location, runId: input.runId } as const;
  let register: RegisterEntry[] | undefined;
  const latestPaged = async (flowId: string) => {
    register ??= await readRegister(input.paths.probe.register);
    return register.filter((entry) => entry.flowId === flowId && entry.alertedAt).at(-1)?.id;
  };
  for (const action of input.actions) {
    if (!DELIVERY_EVENTS.has(action.type) || !action.flowId) continue;
    const id = input.touched.get(action.flowId) ?? (await latestPaged(action.flowId));
    if (!id) continue;
    add(id, {
      ...base,
      type: action.type as IncidentEvent['type'],
      ...(action.channel ? { channel: action.channel } : {}),
      ...(action.detail ? { detail: truncate(action.detail, 500) } : {}),
    });
  }
  for (const alert of input.alerts) {
    if ((alert.kind !== 'trigger' && alert.kind !== 'resolve') || !alert.incidentId) continue;
    const flowId = alert.kind === 'trigger' ? alert.details.flowId : alert.flowId;
    for (const channel of input.channels) {
      const failed = input.actions.some(
        (action) =>
          action.flowId === flowId &&
          action.channel === channel &&
          (action.type === 'spooled' || action.type === 'delivery-failed') &&
          action.detail?.startsWith(alert.kind),
      );
      if (!failed) add(alert.incidentId, { ...base, type: 'delivered', channel, detail: alert.kind });
    }
  }
  for (const [id, events] of byIncident) {
    const folder = incidentFolder(input.paths, id);
    if (await exists(folder)) await appendEvents(folder, events);
  }
}
