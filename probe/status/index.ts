import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeFileAtomic, type ReportPaths } from '../../contract';
import { FLOWS, type Flow } from '../../flows';
import type { ProbeState } from '../schema';
import { ProbeFileError, readProbeState } from '../state';
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
