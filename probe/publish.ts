import { getConfig } from '../config';
import { writeFileAtomic, type ReportPaths } from '../contract';
import { ProbeMetrics } from './metrics';
import { loadStatusModel, membersPageSettings, renderMembersPage, renderStatusPage, type MembersPageSettings } from './status';

/** What publishing wrote after a probe run. */
export interface Published {
  readonly status: string;
  readonly members: string;
  readonly metrics: string;
}

/**
 * After every probe run: reads the history and state once, then writes `probe/status.html`, the members' page
 * `probe/members.html` (in the team's time zone, with the maintenance window; `members` defaults to the process's
 * configuration) and `probe/metrics.prom` (node_exporter's textfile collector; atomic, so a scrape never reads half a file) and updates the metrics a
 * `--metrics-port` server is serving, when given.
 */
export async function publishProbeReports(
  paths: ReportPaths,
  metrics = new ProbeMetrics(),
  now = new Date(),
  members?: MembersPageSettings,
): Promise<Published> {
  const model = await loadStatusModel(paths, now);
  const page = await renderStatusPage(paths, now, model);
  metrics.update(model);
  const file = paths.probe.metrics;
  await writeFileAtomic(file, await metrics.text());
  const membersPage = await renderMembersPage(paths, model, members ?? membersPageSettings(getConfig()), now);
  return { status: page.file, members: membersPage.file, metrics: file };
}
