import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { reportPaths, type ReportPaths } from './paths';
import { incidentSchema, summarySchema, type Incident, type Summary } from './schema';

/**
 * Writes a file so readers (the probe, a browser, node_exporter) see the old or the new content, never half: a
 * temporary sibling, flushed to disk, then renamed over the file.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

const pathsOf = (reports: ReportPaths | string): ReportPaths => (typeof reports === 'string' ? reportPaths(reports) : reports);

/** Reads and validates a run's `summary.json` (reports folder or its paths); throws when missing or invalid. */
export async function readSummary(reports: ReportPaths | string): Promise<Summary> {
  return summarySchema.parse(JSON.parse(await readFile(pathsOf(reports).summary, 'utf8')));
}

/** Reads and validates a run's incident: incident.json parsed, INCIDENT.md as text; undefined when there is none. */
export async function readIncident(reports: ReportPaths | string): Promise<{ incident: Incident; markdown: string } | undefined> {
  const paths = pathsOf(reports);
  let json: string;
  try {
    json = await readFile(paths.incidentJson, 'utf8');
  } catch {
    return undefined;
  }
  return { incident: incidentSchema.parse(JSON.parse(json)), markdown: await readFile(paths.incidentMd, 'utf8') };
}
