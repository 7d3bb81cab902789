import { reportPaths } from '../config/reports';
import { ProbeMetrics } from './metrics';
import { loadStatusModel, renderStatusPage, writeFileAtomic } from './status';

/** What publishing wrote after a probe run. */
export interface Published {
  readonly status: string;
  readonly metrics: string;
}

/**
 * After every probe run: reads the history and state once, then writes `probe/status.html` and `probe/metrics.prom`
 * (node_exporter's textfile collector; atomic, so a scrape never reads half a file) and updates the metrics a
 * `--metrics-port` server is serving, when given.
 */
export async function publishProbeReports(reportsDir: string, metrics = new ProbeMetrics(), now = new Date()): Promise<Published> {
  const model = await loadStatusModel(reportsDir, now);
  const page = await renderStatusPage(reportsDir, now, model);
  metrics.update(model);
  const file = reportPaths(reportsDir).probe.metrics;
  await writeFileAtomic(file, await metrics.text());
  return { status: page.file, metrics: file };
}
