import type { ChildProcess } from 'node:child_process';
import { config as loadDotenv } from 'dotenv';
import { describeConfig, getConfigOrExit } from '../config';
import { reportPaths } from '../contract';
import { LockHeldError } from './lock';
import { ProbeMetrics, startMetricsServer, type MetricsServer } from './metrics';
import { loadStatusModel } from './status';
import { noticeBlockedRun, runCycle } from './run';

/** The interval of the shipped schedules (deploy/): a held lease older than this tells people, unless --every says otherwise. */
const DEFAULT_INTERVAL_S = 600;

/**
 * `npm run probe [-- --every <seconds>] [-- <playwright args>]`: the production-safe @probe subset against BASE_URL,
 * then the incident lifecycle and alerts. Exit 0 healthy, 1 a product failure (confirmed or not yet), 2 a
 * configuration or suite error. With --every it repeats until SIGINT/SIGTERM, which finish and record the current run.
 */
const log = (line: string) => process.stderr.write(`probe: ${line}\n`);

function usage(message: string): never {
  process.stderr.write(
    `${message} Usage: npm run probe [-- --every <seconds> [--metrics-port <port>]] [playwright arguments, e.g. --grep @flow-weather].\n`,
  );
  process.exit(2);
}

function parseArgs(argv: readonly string[]): { every?: number; metricsPort?: number; playwrightArgs: string[] } {
  const playwrightArgs: string[] = [];
  let every: number | undefined;
  let metricsPort: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const inline = /^--every=(.*)$/.exec(arg);
    const inlinePort = /^--metrics-port=(.*)$/.exec(arg);
    if (arg === '--every' || inline) {
      const raw = inline ? inline[1] : argv[++i];
      const seconds = Number(raw);
      if (!raw || !Number.isFinite(seconds) || seconds < 1) usage(`--every needs a number of seconds of at least 1 (got "${raw ?? ''}").`);
      every = seconds;
    } else if (arg === '--metrics-port' || inlinePort) {
      const raw = inlinePort ? inlinePort[1] : argv[++i];
      const port = Number(raw);
      if (!raw || !Number.isInteger(port) || port < 0 || port > 65535)
        usage(`--metrics-port needs a port number between 0 and 65535 (got "${raw ?? ''}").`);
      metricsPort = port;
    } else if (arg !== '--') {
      playwrightArgs.push(arg);
    }
  }
  if (metricsPort !== undefined && !every) {
    usage(
      '--metrics-port needs --every: a single run ends before Prometheus could scrape it (reports/probe/metrics.prom is written after every run for the textfile collector).',
    );
  }
  return { ...(every ? { every } : {}), ...(metricsPort !== undefined ? { metricsPort } : {}), playwrightArgs };
}

const args = parseArgs(process.argv.slice(2));
loadDotenv({ quiet: true });
// Probes are production-safe unless explicitly pointed at staging.
if (process.env.TARGET_ENV !== 'staging') process.env.TARGET_ENV = 'production';
const config = getConfigOrExit();
log(describeConfig(config));

let stopping = false;
let suite: ChildProcess | undefined;
let aborted = false;
let wake: (() => void) | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  if (!stopping) {
    stopping = true;
    log(`${signal}: finishing and recording the current run, then stopping (send it again to abandon the run).`);
    wake?.();
    return;
  }
  aborted = true;
  log(`${signal} again: abandoning the current run without recording it.`);
  // The suite is its own process group: stop it and its browsers; its fixtures still cancel synthetic orders.
  if (suite?.pid) {
    try {
      process.kill(-suite.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const metrics = new ProbeMetrics();
let metricsServer: MetricsServer | undefined;
if (args.metricsPort !== undefined) {
  // Serve the last known values from the first scrape on, not empty metrics until the first run ends.
  await loadStatusModel(reportPaths(config.reportsDir)).then(
    (model) => metrics.update(model),
    () => undefined,
  );
  try {
    metricsServer = await startMetricsServer(metrics, args.metricsPort, undefined, { reportsDir: config.reportsDir });
  } catch (error) {
    log((error as Error).message);
    process.exit(2);
  }
  log(
    `metrics at ${metricsServer.url}; status page at ${metricsServer.baseUrl}probe/status.html and incident folders under ${metricsServer.baseUrl}probe/incidents/ (REPORT_BASE_URL=${metricsServer.baseUrl} links alerts here, with this host's name)`,
  );
}

let exitCode: number;
for (;;) {
  const started = Date.now();
  try {
    const record = await runCycle(config, {
      playwrightArgs: args.playwrightArgs,
      log,
      metrics,
      onSuite: (child) => (suite = child),
      aborted: () => aborted,
    });
    if (!record) {
      exitCode = 130;
      break;
    }
    exitCode = record.exitCode;
    const line = record.history;
    log(
      `run ${line.runId}: verdict ${line.verdict}, exit ${exitCode}, ${line.actions.length} action(s); history in ${record.paths.probe.history}`,
    );
  } catch (error) {
    if (error instanceof LockHeldError) {
      log(error.message);
      await noticeBlockedRun(config, error, (args.every ?? DEFAULT_INTERVAL_S) * 1000, log).catch((cause: Error) =>
        log(`The probe-broken notice for the held lease could not be sent: ${cause.message}`),
      );
      exitCode = 2;
      if (!args.every) break;
    } else {
      log(`The probe run failed: ${(error as Error).message}`);
      exitCode = 2;
    }
  }
  if (!args.every || stopping) break;
  // Fixed rate: the next run starts `every` seconds after this one started, at once if this one took longer.
  const wait = Math.max(0, started + args.every * 1000 - Date.now());
  await new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, wait);
  });
  wake = undefined;
  if (stopping) break;
}
await metricsServer?.close();
process.exit(exitCode);
