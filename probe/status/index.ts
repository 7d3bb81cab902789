import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeFileAtomic, type ReportPaths } from '../../contract';
import { FLOWS, type Flow } from '../../flows';
import { readRegister } from '../incidents/register';
import type { ProbeState } from '../schema';
import { ProbeFileError, readProbeState } from '../state';
import { readMaintenanceWindow } from './maintenance';
import { buildMembersModel, type MembersModel } from './members';
import { renderMembersHtml } from './members-render';
import { StatusAggregator, type StatusModel } from './model';
import { renderStatusHtml } from './render';

export { ProbeFileError } from '../state';
export type { StatusModel } from './model';

/** Streams history.jsonl line by line into a StatusAggregator: a year of runs is never held in memory at once. */
export async function readStatusModel(
  historyFile: string,
  state: ProbeState | null,
  now: Date,
  registry: readonly Flow[] = FLOWS,
): Promise<StatusModel> {
  const aggregator = new StatusAggregator(registry, now);
  const lines = createInterface({ input: createReadStream(historyFile, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) aggregator.addText(line);
  return aggregator.finish(state);
}

/** What one rendering did, for the caller to print. */
export interface StatusPageResult {
  readonly file: string;
  readonly model: StatusModel;
  readonly bytes: number;
  readonly elapsedMs: number;
}

/** The status model of a reports folder's probe history and state; ProbeFileError when there is no history yet. */
export async function loadStatusModel(reports: ReportPaths, now = new Date()): Promise<StatusModel> {
  const paths = reports.probe;
  const state = (await readProbeState(paths.state)) ?? null;
  try {
    return await readStatusModel(paths.history, state, now);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ProbeFileError(
        `There is no probe history at ${paths.history} yet: run \`npm run probe\` first (each run appends one line).`,
      );
    }
    throw error;
  }
}

/**
 * Renders `<reportsDir>/probe/status.html` from the probe's history and state (`npm run status`; the probe publishes
 * it with the metrics after every run). Throws ProbeFileError when there is no history yet or state.json is broken.
 */
export async function renderStatusPage(reports: ReportPaths, now = new Date(), model?: StatusModel): Promise<StatusPageResult> {
  const started = performance.now();
  const shown = model ?? (await loadStatusModel(reports, now));
  const page = renderStatusHtml(shown);
  const file = reports.probe.status;
  await writeFileAtomic(file, page);
  return { file, model: shown, bytes: Buffer.byteLength(page), elapsedMs: performance.now() - started };
}

/** What the members' page needs beyond the probe's files: the team's time zone and PROBE_MAINTENANCE_UNTIL. */
export interface MembersPageSettings {
  readonly timeZone: string;
  readonly maintenanceUntil?: string;
}

/** The members' page settings of a configuration. */
export function membersPageSettings(config: {
  readonly timeZone: string;
  readonly probe: { readonly maintenanceUntil?: string };
}): MembersPageSettings {
  return { timeZone: config.timeZone, ...(config.probe.maintenanceUntil ? { maintenanceUntil: config.probe.maintenanceUntil } : {}) };
}

/**
 * Renders `<reportsDir>/probe/members.html`, the members' status page (German, nothing internal), from the operations
 * model, the incident register (`probe/incidents.jsonl`, when there is one) and the maintenance window. Written with the
 * operations page after every probe run and by `npm run status`.
 */
export async function renderMembersPage(
  reports: ReportPaths,
  model: StatusModel,
  settings: MembersPageSettings,
  now = new Date(),
  registry: readonly Flow[] = FLOWS,
): Promise<{ readonly file: string; readonly model: MembersModel; readonly bytes: number }> {
  const [register, maintenance] = await Promise.all([
    readRegister(reports.probe.register),
    readMaintenanceWindow(reports.probe.maintenance, settings.maintenanceUntil, now),
  ]);
  const members = buildMembersModel({ status: model, register, maintenance, registry, timeZone: settings.timeZone, now });
  const page = renderMembersHtml(members);
  const file = reports.probe.membersStatus;
  await writeFileAtomic(file, page);
  return { file, model: members, bytes: Buffer.byteLength(page) };
}
