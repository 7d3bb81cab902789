import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { serveReportFile } from './serve';
import { WINDOWS, type StatusModel } from './status/model';

const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * The probe's Prometheus metrics, in their own registry (no process metrics: the probe is a short job, its heap says
 * nothing about the portal). Set from the same status model as the status page, so both always agree.
 */
export class ProbeMetrics {
  readonly registry = new Registry();
  private readonly up = this.gauge(
    'firewatch_flow_up',
    'Whether members could use the flow in the last run that judged it (1) or not (0).',
    ['flow'],
  );
  private readonly lastRun = this.gauge(
    'firewatch_flow_last_run_timestamp_seconds',
    'Start of the last probe run that judged the flow, in Unix seconds.',
    ['flow'],
  );
  private readonly duration = this.gauge('firewatch_flow_duration_seconds', "The flow's duration in the last probe run that judged it.", [
    'flow',
  ]);
  private readonly failures = this.gauge('firewatch_flow_consecutive_failures', 'Probe runs in a row in which the flow failed.', ['flow']);
  private readonly open = this.gauge(
    'firewatch_flow_open_incident',
    'Whether an incident is open (alert sent, not yet resolved) with this flow as root cause.',
    ['flow'],
  );
  private readonly availability = this.gauge(
    'firewatch_flow_availability_ratio',
    'Share of judged probe runs in the window in which members could use the flow.',
    ['flow', 'window'],
  );
  private readonly incidents = this.gauge('firewatch_incidents_90d', 'Incidents triggered in the last 90 days (target: at most 1).', []);
  private readonly probeRun = this.gauge(
    'firewatch_probe_last_run_timestamp_seconds',
    'Start of the last probe run, judged or not, in Unix seconds.',
    [],
  );
  private readonly broken = this.gauge(
    'firewatch_probe_broken',
    'Whether the probe itself cannot judge the portal (configuration, credentials, suite error).',
    [],
  );
  private readonly info = this.gauge('firewatch_probe_info', 'The probed target and the locations probing it.', ['target', 'location']);

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** Replaces every value with the model's: flows or locations that went away leave no stale series. */
  update(model: StatusModel): void {
    this.registry.resetMetrics();
    for (const flow of model.flows) {
      const labels = { flow: flow.id };
      this.failures.set(labels, flow.consecutiveFailures);
      this.open.set(labels, model.openIncidents.some((incident) => incident.flowId === flow.id) ? 1 : 0);
      for (const window of WINDOWS) {
        const percent = flow.availability[window.key].percent;
        if (percent !== null) this.availability.set({ flow: flow.id, window: window.key }, percent / 100);
      }
      if (!flow.current) continue;
      const usable = flow.current.kind === 'passed' || flow.current.kind === 'flaky' || flow.current.kind === 'degraded';
      this.up.set(labels, usable ? 1 : 0);
      this.lastRun.set(labels, seconds(flow.current.at));
      this.duration.set(labels, flow.current.durationMs / 1000);
    }
    this.incidents.set(model.incidents90d.count);
    if (model.runs.last) this.probeRun.set(seconds(model.runs.last));
    this.broken.set(model.probeBroken ? 1 : 0);
    for (const location of model.locations) this.info.set({ target: model.target ?? '', location }, 1);
  }

  /** The metrics in the Prometheus text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** A running probe server: /metrics, and with a reports folder its status pages and incident folders. */
export interface MetricsServer {
  /** The /metrics URL. */
  readonly url: string;
  /** The server's root, what REPORT_BASE_URL may be set to when it publishes the reports. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` for a Prometheus scrape (`npm run probe -- --every N --metrics-port P`) with node:http and,
 * given the reports folder, the status pages and incident folders read-only at their published paths (probe/serve.ts);
 * host defaults to all interfaces, since Prometheus scrapes from another machine.
 */
export async function startMetricsServer(
  metrics: ProbeMetrics,
  port: number,
  host = '0.0.0.0',
  options: { reportsDir?: string } = {},
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname !== '/metrics') {
      if (!options.reportsDir) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('firewatch probe: metrics are at /metrics\n');
        return;
      }
      serveReportFile(options.reportsDir, request, response, url.pathname).catch(() => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end();
      });
      return;
    }
    metrics.text().then(
      (body) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(request.method === 'HEAD' ? undefined : body),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${error.message}\n`),
    );
  });
  server.listen(port, host);
  try {
    // events.once rejects when the server emits 'error' first (port taken, no permission).
    await once(server, 'listening');
  } catch (error) {
    throw new Error(`Cannot serve metrics on ${host}:${port}: ${(error as Error).message}. Choose another --metrics-port.`, {
      cause: error,
    });
  }
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    baseUrl: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A scraper's keep-alive connection would otherwise hold the close open until it times out.
        server.closeAllConnections();
      }),
  };
}
