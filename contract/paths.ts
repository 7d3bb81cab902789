import path from 'node:path';

/**
 * Every report path of a reports folder, defined once (the README's "Reports" section is the reference): the
 * reporters write them, the smoke and probe runners, the status page and the tests read them. Passed down as one
 * typed object, never rebuilt from a folder string.
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
      /** Which lease a blocked run has told people about (so the notice goes out once, and is resolved once). */
      blockedNotice: path.join(probe, 'blocked-notice.json'),
    },
  } as const;
}
export type ReportPaths = ReturnType<typeof reportPaths>;
