import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { reportPaths } from '../../config/reports';
import { FLOWS, type Flow } from '../../flows';
import { probeStateSchema, type ProbeState } from '../schema';
import { StatusAggregator, type StatusModel } from './model';
import { renderStatusHtml } from './render';

export { buildStatusModel, StatusAggregator, type StatusModel } from './model';
export { renderStatusHtml } from './render';

/** A probe file that exists but cannot be used; the message names the file and what is wrong with it. */
export class ProbeFileError extends Error {
  override readonly name = 'ProbeFileError';
}

/** Writes a file through a temporary sibling and a rename, so a reader (a browser, node_exporter) never sees half of it. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** Reads and validates state.json; null when the probe has not written one yet. */
export async function readProbeState(file: string): Promise<ProbeState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return probeStateSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new ProbeFileError(`${file} is not a valid probe state file (${(error as Error).message.split('\n')[0]}); delete it to let the next probe run start a fresh one.`);
  }
}

/** Streams history.jsonl line by line into a StatusAggregator: a year of runs is never held in memory at once. */
export async function readStatusModel(historyFile: string, state: ProbeState | null, now: Date, registry: readonly Flow[] = FLOWS): Promise<StatusModel> {
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
export async function loadStatusModel(reportsDir: string, now = new Date()): Promise<StatusModel> {
  const paths = reportPaths(reportsDir).probe;
  const state = await readProbeState(paths.state);
  try {
    return await readStatusModel(paths.history, state, now);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ProbeFileError(`There is no probe history at ${paths.history} yet: run \`npm run probe\` first (each run appends one line).`);
    }
    throw error;
  }
}

/**
 * Renders `<reportsDir>/probe/status.html` from the probe's history and state (`npm run status`; the probe publishes
 * it with the metrics after every run). Throws ProbeFileError when there is no history yet or state.json is broken.
 */
export async function renderStatusPage(reportsDir: string, now = new Date(), model?: StatusModel): Promise<StatusPageResult> {
  const started = performance.now();
  const shown = model ?? (await loadStatusModel(reportsDir, now));
  const page = renderStatusHtml(shown);
  const file = reportPaths(reportsDir).probe.status;
  await writeFileAtomic(file, page);
  return { file, model: shown, bytes: Buffer.byteLength(page), elapsedMs: performance.now() - started };
}
