import path from 'node:path';

/**
 * Every report path of a reports folder (■ contract, design.md §4), defined once: the reporters write them,
 * the smoke and probe runners, the status page and the tests read them.
 */
export function reportPaths(reportsDir: string) {
  const dir = path.resolve(reportsDir);
  const probe = path.join(dir, 'probe');
  return {
    dir,
    summary: path.join(dir, 'summary.json'),
    /** Written instead of an incident when the suite itself failed (verdict `error`): what went wrong and what to fix. */
    errorMd: path.join(dir, 'ERROR.md'),
    incidentDir: path.join(dir, 'incident'),
    incidentJson: path.join(dir, 'incident', 'incident.json'),
    incidentMd: path.join(dir, 'incident', 'INCIDENT.md'),
    html: path.join(dir, 'html'),
    junit: path.join(dir, 'junit.xml'),
    blob: path.join(dir, 'blob'),
    allureResults: path.join(dir, 'allure-results'),
    allureReport: path.join(dir, 'allure-report'),
    testResults: path.join(dir, 'test-results'),
    bench: path.join(dir, 'bench.json'),
    probe: {
      dir: probe,
      state: path.join(probe, 'state.json'),
      spool: path.join(probe, 'spool'),
      history: path.join(probe, 'history.jsonl'),
      status: path.join(probe, 'status.html'),
      metrics: path.join(probe, 'metrics.prom'),
      lock: path.join(probe, 'probe.lock'),
      /** Optional: an ISO time until which probe triggers are muted (planned maintenance), read at every run. */
      maintenance: path.join(probe, 'maintenance'),
    },
  } as const;
}
export type ReportPaths = ReturnType<typeof reportPaths>;

/**
 * Variables whose values are secrets (■ contract): never echoed in messages, scrubbed from every artifact,
 * never in a log line, history line or alert.
 */
export const SECRET_VARIABLES = [
  'PROBE_PASSWORD',
  'SEED_TOKEN',
  'SLACK_WEBHOOK_URL',
  'PAGERDUTY_ROUTING_KEY',
  'WEBHOOK_URL',
  'WEBHOOK_SECRET',
] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** Shortest value treated as a secret; shorter ones would match ordinary text everywhere. */
export const MIN_SECRET_LENGTH = 4;

/** The secret values set in an environment, for scrubbers. */
export function secretValues(env: Record<string, string | undefined>): string[] {
  return SECRET_VARIABLES.map((name) => env[name]).filter(
    (value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH,
  );
}
