import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** A maintenance window as members are told of it: from when (null: from whenever it was set) until when. */
export interface MaintenanceWindow {
  readonly from: string | null;
  readonly until: string;
}

const isoTime = z.iso.datetime({ offset: true });

/** An ISO time with a zone, as UTC; undefined for anything else. */
function parseTime(text: string | undefined): string | undefined {
  const parsed = isoTime.safeParse(text?.trim());
  return parsed.success ? new Date(parsed.data).toISOString() : undefined;
}

/**
 * The maintenance window announced to members: the later end of PROBE_MAINTENANCE_UNTIL and the maintenance file
 * (`reports/probe/maintenance`), as the probe itself decides (README: Production probes). The file's first line is the
 * end; an optional second line is the start, which announces the window in advance. A file that does not hold an ISO time
 * on its first line is ignored here (the probe run reports it). Null when there is no window or it has ended by `now`.
 */
export async function readMaintenanceWindow(file: string, envUntil: string | undefined, now: Date): Promise<MaintenanceWindow | null> {
  const lines = (await readFile(file, 'utf8').catch(() => '')).trim().split('\n');
  const fileUntil = parseTime(lines[0]);
  const fileFrom = fileUntil ? parseTime(lines[1]) : undefined;
  const fromEnv = parseTime(envUntil);
  const windows: MaintenanceWindow[] = [
    ...(fileUntil ? [{ from: fileFrom && fileFrom < fileUntil ? fileFrom : null, until: fileUntil }] : []),
    ...(fromEnv ? [{ from: null, until: fromEnv }] : []),
  ];
  const latest = windows.sort((a, b) => a.until.localeCompare(b.until)).at(-1);
  return latest && Date.parse(latest.until) > now.getTime() ? latest : null;
}
