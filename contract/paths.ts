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
      /** One folder per incident the probe opened, `incidents/<incident id>/`, never overwritten by later runs. */
      incidents: path.join(probe, 'incidents'),
      /** The incident register: one JSON line per incident, with its flows, severity and times. */
      register: path.join(probe, 'incidents.jsonl'),
      /** The members' status page (German, no internal detail), next to the operations page `status`. */
      membersStatus: path.join(probe, 'members.html'),
      /** `npm run review`: the four-weekly incident review. */
      review: path.join(probe, 'REVIEW.md'),
    },
  } as const;
}
export type ReportPaths = ReturnType<typeof reportPaths>;

/**
 * An incident's identity: its root-cause flow and the first failed run of its streak, in UTC to the second
 * (`diesel-order-20261203T144900Z`). Stable across runs, unique per incident; its folder is `probe.incidents/<id>`, and
 * under REPORT_BASE_URL its files are at `probe/incidents/<id>/`.
 */
export function incidentId(flowId: string, failingSince: string): string {
  return `${flowId}-${new Date(failingSince)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '')}`;
}

/** The folder of one incident in a reports folder. */
export function incidentFolder(paths: ReportPaths, id: string): string {
  return path.join(paths.probe.incidents, id);
}
