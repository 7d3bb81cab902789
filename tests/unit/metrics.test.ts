import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { reportPaths } from '../../contract';
import { FLOWS } from '../../flows';
import { ProbeMetrics, startMetricsServer } from '../../probe/metrics';
import { publishProbeReports } from '../../probe/publish';
import { syntheticHistory, writeHistory } from '../support/history';
import { runTsx } from '../support/processes';

const END = new Date('2026-11-23T12:00:00.000Z');
const INTERVAL = 10 * 60_000;

/** metric name → flow (or '') → value, from a real Prometheus text-format parser. */
function values(text: string): Map<string, Map<string, number>> {
  const families: ParsedFamily[] = parsePrometheusTextFormat(text);
  return new Map(
    families.map((family) => [
      family.name,
      new Map(
        family.metrics.map((metric) => [[metric.labels?.flow, metric.labels?.window].filter(Boolean).join('/'), Number(metric.value)]),
      ),
    ]),
  );
}

/**
 * A reports folder of the test's own (the tests of a file run in parallel, each in its own worker) holding 300 runs:
 * diesel-order fails in the last 4 (triggered on the 2nd), member-login failed earlier and was resolved.
 */
async function reportsWithHistory() {
  const reportsDir = test.info().outputPath('reports');
  const paths = reportPaths(reportsDir);
  await writeHistory(
    paths.probe.history,
    syntheticHistory({
      runs: 300,
      intervalMs: INTERVAL,
      end: END,
      outages: [
        { flowId: 'member-login', fromRun: 100, runs: 3 },
        { flowId: 'diesel-order', fromRun: 296, runs: 4 },
      ],
    }),
  );
  return { reportsDir, paths };
}

test.describe('probe metrics', () => {
  test('metrics.prom is valid exposition text with per-flow up, last run, duration, failures and open incident', async () => {
    const { reportsDir, paths } = await reportsWithHistory();
    const published = await publishProbeReports(reportPaths(reportsDir), new ProbeMetrics(), END);
    expect(published.metrics).toBe(paths.probe.metrics);
    const text = await readFile(paths.probe.metrics, 'utf8');
    const families = parsePrometheusTextFormat(text);
    expect(families.every((family) => family.type === 'GAUGE')).toBe(true);
    const metric = values(text);
    const lastStart = (END.getTime() - INTERVAL) / 1000;
    for (const flow of FLOWS) {
      const failing = flow.id === 'diesel-order';
      expect(metric.get('firewatch_flow_up')?.get(flow.id), flow.id).toBe(failing ? 0 : 1);
      expect(metric.get('firewatch_flow_last_run_timestamp_seconds')?.get(flow.id), flow.id).toBe(lastStart);
      expect(metric.get('firewatch_flow_consecutive_failures')?.get(flow.id), flow.id).toBe(failing ? 4 : 0);
      expect(metric.get('firewatch_flow_open_incident')?.get(flow.id), flow.id).toBe(failing ? 1 : 0);
    }
    expect(metric.get('firewatch_flow_duration_seconds')?.get('diesel-order')).toBe(10);
    // 24 h = 144 runs, of which diesel-order failed 4: 140/144.
    expect(metric.get('firewatch_flow_availability_ratio')?.get('diesel-order/24h')).toBeCloseTo(140 / 144, 12);
    expect(metric.get('firewatch_incidents_90d')?.get('')).toBe(2);
    expect(metric.get('firewatch_probe_broken')?.get('')).toBe(0);
    expect(metric.get('firewatch_probe_last_run_timestamp_seconds')?.get('')).toBe(lastStart);
    expect(families.find((family) => family.name === 'firewatch_probe_info')?.metrics[0]?.labels).toEqual({
      target: 'https://portal.example.org',
      location: 'eu-central',
    });
    expect(text, 'no process metrics in the probe registry').not.toContain('process_cpu');
  });

  test('the /metrics endpoint serves the same over HTTP to a scrape', async () => {
    const { reportsDir, paths } = await reportsWithHistory();
    const metrics = new ProbeMetrics();
    await publishProbeReports(reportPaths(reportsDir), metrics, END);
    const server = await startMetricsServer(metrics, 0, '127.0.0.1');
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      const scraped = await response.text();
      expect(parsePrometheusTextFormat(scraped)).toEqual(parsePrometheusTextFormat(await readFile(paths.probe.metrics, 'utf8')));
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);

      const port = Number(new URL(server.url).port);
      await expect(startMetricsServer(metrics, port, '127.0.0.1')).rejects.toThrow(`Cannot serve metrics on 127.0.0.1:${port}`);
    } finally {
      await server.close();
    }
  });
});

test('npm run probe refuses a bad --metrics-port, or one without --every, with exit 2 and one sentence', async () => {
  for (const [args, message] of [
    [['--every', '60', '--metrics-port', 'nine'], '--metrics-port needs a port number between 0 and 65535 (got "nine")'],
    [['--every', '60', '--metrics-port=70000'], '--metrics-port needs a port number between 0 and 65535 (got "70000")'],
    [['--metrics-port', '9464'], '--metrics-port needs --every'],
  ] as const) {
    const run = await runTsx('probe/main.ts', [...args], {});
    expect(run.exitCode, run.output).toBe(2);
    expect(run.output).toContain(message);
    expect(run.output).not.toMatch(/\n\s+at /);
  }
});
